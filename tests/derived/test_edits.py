"""An editor's edits reach every copy and count of what they changed (issue 10's failures)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from engagements.models import EngagementSummary, Readout
from tests import factories
from tests.admin_forms import change_form_data
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(analyst):
    """An analyst on a client of their own (``analyst_client`` is the editor's client too)."""
    client = Client()
    client.force_login(analyst)
    return client


def listed(client, query) -> set[int]:
    response = client.get(reverse("engagements:engagements"), query)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].rows}


def test_a_new_date_saved_in_the_admin_reaches_the_country_and_date_filter(editor_client, reader):
    engagement = factories.EngagementFactory(date=dt.date(2019, 6, 1), countries=["USA", "MYS"])
    factories.ParticipationFactory(engagement=engagement)
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    data = change_form_data(editor_client, url)
    data["date"] = "2020-06-15"  # the inline rows are left as they are
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response

    in_2020 = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
    assert listed(reader, in_2020) == {engagement.pk}
    assert listed(reader, {**in_2020, "country": "MYS"}) == {engagement.pk}
    assert listed(reader, {"date_to": "2019-12-31", "country": "MYS"}) == set()
    assert set(engagement.participations.values_list("date", flat=True)) == {dt.date(2020, 6, 15)}
    assert_settled_state_equals_a_rebuild()


def test_a_new_publisher_saved_in_the_admin_turns_partners_around(editor_client, reader):
    engagement = factories.EngagementFactory(countries=["USA", "MYS"])
    readout = engagement.readout
    url = reverse("admin:engagements_readout_change", args=[readout.pk])
    data = change_form_data(editor_client, url)
    data["publisher"] = "MYS"  # Malaysia's ministry published it: the United States is the partner
    response = editor_client.post(url, data)
    assert response.status_code == 302

    partners = dict(engagement.country_links.values_list("country_id", "is_partner"))
    assert partners == {"USA": True, "MYS": False}
    assert listed(reader, {"region": "Americas"}) == {engagement.pk}
    assert EngagementSummary.objects.get(engagement=engagement).partner_codes == "USA"
    assert_settled_state_equals_a_rebuild()


def test_a_fact_row_written_with_a_wrong_date_or_flag_is_corrected_as_it_is_written(db):
    engagement = factories.EngagementFactory(date=dt.date(2021, 3, 4), countries=[])
    link = factories.models.EngagementCountry.objects.create(
        engagement=engagement, country_id="USA", is_partner=True, date=dt.date(1999, 1, 1)
    )
    link.refresh_from_db()
    assert (link.date, link.is_partner) == (dt.date(2021, 3, 4), False)  # the publisher is no partner


def test_deleting_a_readout_leaves_no_count_or_summary_behind(db):
    engagement = factories.EngagementFactory(countries=["USA", "PHL"])
    Readout.objects.filter(pk=engagement.readout_id).delete()
    assert not EngagementSummary.objects.exists()
    assert_settled_state_equals_a_rebuild()


def test_a_bulk_load_that_never_finished_is_rebuilt_by_the_next_writer(deferred_settle):
    from django.db import connection

    from engagements.derived import upkeep
    from engagements.models import DataVersion, MonthlyCount

    with connection.cursor() as cursor:
        upkeep.bulk_load(cursor)
        engagement = factories.EngagementFactory(countries=["USA", "MYS"])
        upkeep.bulk_load(cursor, on=False)
    upkeep.settle()  # the load's batch commits; the process dies before its rebuild
    assert DataVersion.objects.get().rebuild_needed
    assert not MonthlyCount.objects.exists()

    factories.EngagementFactory(countries=["USA", "PHL"])  # any later write pays the rebuild
    upkeep.settle()
    assert not DataVersion.objects.get().rebuild_needed
    assert MonthlyCount.objects.filter(country_id="MYS", month=engagement.date.replace(day=1)).exists()
    assert_settled_state_equals_a_rebuild()
