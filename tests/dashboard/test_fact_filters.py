"""Filters of countries, regions, topics, forums, kinds and dates alone: the overview and the
engagements list find and count their engagements in the rows of facts (by their GIN indexes,
in one statement), and show what their charts showed when each repeated the filter."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.dashboard.charts import listed, timelines
from engagements.dashboard.filters import EngagementFilter
from engagements.models import Engagement, Readout
from tests import factories
from tests.dashboard.overview_pages import assert_same_overview
from tests.dashboard.test_listed_counts import scope_of
from tests.dashboard.test_split_counts import overview

pytestmark = pytest.mark.django_db

FACTS = [
    "region=Asia&topic=maritime+security",
    "region=Asia&region=Europe&country=USA&kind=call&kind=meeting",
    "country=USA&topic=cybersecurity&date_from=2020-03-12&date_to=2024-07-03",  # partial months
    "with_country=MYS&with_country=USA&date_to=2023-06-30",
    "forum=ADMM-Plus&region=Asia",
    "topic=maritime+security&with_topic=cybersecurity",
    "country=PHL&with_topic=counterterrorism&kind=meeting",
    "country=USA&region=Asia&date_from=2021-01-01",
]


@pytest.fixture
def shared(sample):
    """An undated engagement, one on several of the filters' values, one whose publisher is in
    a region none of its partners is, and some on the days that end the filters' ranges."""
    undated = factories.EngagementFactory(date=None, countries=["USA", "MYS"], topics=["maritime security"])
    factories.AgreementEventFactory(engagement=undated)
    topics = ["maritime security", "cybersecurity", "counterterrorism"]
    several = factories.EngagementFactory(date=dt.date(2022, 5, 1), countries=["USA", "PHL", "MYS"], topics=topics)
    factories.ExerciseMentionFactory(engagement=several)
    # Japan's own readout with a British partner: it takes part, but is no partner in Asia.
    japans = factories.EngagementFactory(
        date=dt.date(2022, 7, 4), countries=["JPN", "GBR"], topics=["maritime security"]
    )
    Readout.objects.filter(pk=japans.readout_id).update(publisher_id="JPN")
    # On the days that bound the filters' ranges.
    factories.EngagementFactory(date=dt.date(2023, 6, 30), countries=["USA", "MYS"], topics=["cybersecurity"])
    factories.EngagementFactory(date=dt.date(2021, 1, 1), countries=["USA", "JPN"], kind="call")


@pytest.mark.parametrize("colour", ["kind", "partner"])
@pytest.mark.parametrize("query", FACTS)
def test_the_overview_from_the_rows_of_facts_shows_what_each_chart_counted(
    analyst_client, shared, fresh_pages, monkeypatch, query, colour
):
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)  # monthly bars, which read the counts
    rollup = scope_of(query).rollup
    assert isinstance(rollup, listed.ListedCounts)
    assert rollup.where is not None
    query = f"{query}&color={colour}"
    facts = overview(analyst_client, query, split=True, monkeypatch=monkeypatch)
    each = overview(analyst_client, query, split=False, monkeypatch=monkeypatch)
    assert_same_overview(facts, each, but_the_timeline=colour == "partner")


def test_a_region_and_a_topic_are_counted_in_one_statement_of_the_rows_of_facts(
    analyst_client, shared, fresh_pages, monkeypatch
):
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)  # monthly bars (points list the engagements)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(reverse("engagements:overview"), QueryDict("region=Asia&topic=cybersecurity"))
    assert response.status_code == 200
    expected = (
        Engagement.objects.filter(country_links__is_partner=True, country_links__country__region="Asia")
        .filter(topic_links__topic__name="cybersecurity")
        .distinct()
        .count()
    )
    assert response.context["headline"].engagements.value == expected > 0
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("engagements_engagementfacts" in text for text in sql) == 1
    # No engagement is listed, and no fact table read.
    for table in ("engagement", "engagementcountry", "engagementtopic", "agreementevent", "exercisemention"):
        assert not any(f'"engagements_{table}"' in text for text in sql), table


@pytest.mark.parametrize("query", FACTS)
def test_the_engagements_list_counts_what_the_filter_lists(analyst_client, shared, fresh_pages, query):
    cache.clear()
    response = analyst_client.get(reverse("engagements:engagements"), QueryDict(f"{query}&page=2"))
    assert response.status_code == 200
    filters = EngagementFilter(QueryDict(query))
    assert response.context["page"].total.value == filters.qs.distinct().count()


def test_other_filters_are_not_answered_by_the_rows_of_facts(sample):
    for query in (
        "q=security&region=Asia",
        "participant=a&topic=cybersecurity",
        "person=1&region=Asia",
        "agreement_action=signed&topic=cybersecurity",
        "exercise=a&country=MYS",
    ):
        rollup = scope_of(query).rollup
        assert rollup is None or getattr(rollup, "where", None) is None, query
