"""Any of several countries, topics or regions, alone (or with kinds and dates): the overview
counts the largest one's engagements from its rollup and the others' without it from their
rows of facts (SplitCounts), and shows what its charts showed when each repeated the filter."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.dashboard.charts import base, listed, timelines
from engagements.dashboard.filters import EngagementFilter
from engagements.models import Engagement, EngagementSource
from tests import factories
from tests.dashboard.overview_pages import assert_same_overview, overview_shown
from tests.dashboard.test_listed_counts import scope_of

pytestmark = pytest.mark.django_db

SPLIT = [
    "country=MYS&country=JPN",
    "country=USA&country=JPN&country=PHL",
    "topic=maritime+security&topic=cybersecurity",
    "country=USA&country=MYS&date_from=2020-03-12&date_to=2024-07-03",  # partial months at both ends
    "topic=counterterrorism&topic=cybersecurity&date_from=2021-01-01",
    "country=MYS&country=JPN&country=USA&kind=call&kind=meeting",
    "topic=maritime+security&topic=cybersecurity&kind=meeting&date_from=2021-02-10",
    "region=Asia&region=Europe",
    "region=Asia&region=Europe&region=Americas&kind=call&date_from=2020-03-12&date_to=2024-07-03",
]


@pytest.fixture
def shared(sample):
    """Engagements that several of the filters' values share, one undated, one with two sources."""
    undated = factories.EngagementFactory(date=None, countries=["USA", "JPN"], topics=["cybersecurity"])
    factories.AgreementEventFactory(engagement=undated)
    both = factories.EngagementFactory(
        date=dt.date(2022, 5, 1), countries=["MYS", "JPN", "PHL"], topics=["maritime security", "cybersecurity"]
    )
    factories.ExerciseMentionFactory(engagement=both)
    second = factories.ReadoutFactory(publisher_id="MYS")
    EngagementSource.objects.create(engagement=both, readout=second, decided_by="matcher")


def overview(client, query: str, *, split: bool, monkeypatch) -> tuple:
    with monkeypatch.context() as patched:
        if not split:
            # Each chart repeats the filter, as it did before any of this.
            patched.setattr(EngagementFilter, "any_of_alone", lambda filters: None)
            patched.setattr(EngagementFilter, "by_facts", lambda filters: False)
            patched.setattr(base.Scope, "counted_once", lambda scope: scope)
        return overview_shown(client, query)


@pytest.mark.parametrize("colour", ["kind", "topic"])
@pytest.mark.parametrize("query", SPLIT)
def test_the_split_overview_shows_what_each_chart_counted(
    analyst_client, shared, fresh_pages, monkeypatch, query, colour
):
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)  # monthly bars, which read the counts
    assert isinstance(scope_of(query).rollup, listed.SplitCounts)
    query = f"{query}&color={colour}"
    split = overview(analyst_client, query, split=True, monkeypatch=monkeypatch)
    each = overview(analyst_client, query, split=False, monkeypatch=monkeypatch)
    assert_same_overview(split, each)


def test_the_largest_value_is_read_from_its_rollup_and_the_rest_from_their_facts(
    analyst_client, shared, fresh_pages, monkeypatch
):
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)  # monthly bars (points list the engagements)
    largest = "USA"
    assert Engagement.objects.filter(country_links__country_id=largest).count() > (
        Engagement.objects.filter(country_links__country_id="JPN").count()
    )
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(reverse("engagements:overview"), QueryDict("country=JPN&country=USA"))
    assert response.status_code == 200
    expected = Engagement.objects.filter(country_links__country_id__in=["JPN", largest]).distinct().count()
    assert response.context["headline"].engagements.value == expected
    sql = [q["sql"] for q in queries.captured_queries]
    # The rest's facts in one statement: Japan's engagements without the United States.
    facts = [text for text in sql if "engagements_engagementfacts" in text]
    assert len(facts) == 1
    assert "(''=c=JPN'') & !''=c=USA''" in facts[0]  # quoted in the logged SQL
    # The charts' readings of the rollup (after the one that picks the largest value).
    rollups = [text for text in sql if text.startswith("SELECT value, period")]
    assert rollups
    assert all(f"country_id = '{largest}'" in text for text in rollups), rollups
    for table in ("agreementevent", "engagementtopic", "exercisemention", "engagementcountry"):
        assert not any(f'"engagements_{table}"' in text for text in sql), table


def test_the_engagements_list_of_several_countries_counts_them_from_the_split(analyst_client, shared, fresh_pages):
    cache.clear()
    response = analyst_client.get(reverse("engagements:engagements"), QueryDict("country=MYS&country=JPN&page=2"))
    assert response.status_code == 200
    expected = Engagement.objects.filter(country_links__country_id__in=["MYS", "JPN"]).distinct().count()
    assert response.context["page"].total.value == expected > 0


def test_other_filters_are_not_split(sample):
    for query in (
        "country=MYS",  # its own rollup
        "with_country=MYS&with_country=JPN",  # all of them
        "country=MYS&country=JPN&topic=cybersecurity",
        "country=MYS&country=JPN&q=security",
        "country=MYS&country=JPN&region=Asia",
    ):
        assert not isinstance(scope_of(query).rollup, listed.SplitCounts), query
