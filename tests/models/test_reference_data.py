"""The data migrations: every country with its region, the topic vocabulary, the two groups."""

import pytest
from django.contrib.auth.models import Group

from engagements.extraction.types import TOPICS
from engagements.models import Country, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_every_iso_country_is_loaded_with_a_region():
    assert Country.objects.count() == 249
    assert not Country.objects.filter(region="").exists()
    malaysia = Country.objects.get(code="MYS")
    assert (malaysia.name, malaysia.alpha2, malaysia.region, malaysia.subregion) == (
        "Malaysia",
        "MY",
        "Asia",
        "South-eastern Asia",
    )
    # Common names, not ISO's formal ones, are what analysts read.
    assert Country.objects.get(code="KOR").name == "South Korea"
    assert Country.objects.get(code="USA").region == "Americas"


def test_topics_are_the_schema_vocabulary():
    assert set(Topic.objects.values_list("name", flat=True)) == set(TOPICS)
    assert Topic.objects.get(name="south china sea").label == "South China Sea"


def test_groups_hold_the_right_permissions():
    analysts = set(Group.objects.get(name="analysts").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    assert analysts == {"view_dashboard", "export_csv"}
    assert {"view_dashboard", "export_csv", "add_readout", "change_readout", "change_participation"} <= editors
    assert "delete_country" not in editors  # reference data is not edited by hand
