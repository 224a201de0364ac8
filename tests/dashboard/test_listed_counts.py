"""The overview of a filter no rollup answers counts its listed matches once (ListedCounts)
and shows what its charts showed when each aggregated the fact tables itself."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.dashboard.charts import base, timelines
from engagements.dashboard.filters import EngagementFilter
from tests import factories
from tests.dashboard.overview_pages import assert_same_overview, overview_shown

pytestmark = pytest.mark.django_db

LISTED = [
    "country=MYS&country=JPN&with_country=USA",
    "topic=maritime+security&topic=cybersecurity&with_country=USA",
    "topic=maritime+security&country=MYS",
    "region=Asia&region=Europe&kind=call&kind=meeting",
    "q=security&date_from=2020-03-12&date_to=2024-07-03",  # partial months at both ends
    "forum=ADMM-Plus&region=Asia",
    "participant=a&date_from=2022-01-01",
]


def overview(client, query: str, *, once: bool, monkeypatch) -> tuple:
    # Listed, not answered by the rows of facts alone (test_fact_filters.py) nor split.
    monkeypatch.setattr(EngagementFilter, "by_facts", lambda filters: False)
    monkeypatch.setattr(EngagementFilter, "any_of_alone", lambda filters: None)
    if not once:
        monkeypatch.setattr(base.Scope, "counted_once", lambda scope: scope)
    return overview_shown(client, query)


@pytest.mark.parametrize("colour", ["kind", "partner"])
@pytest.mark.parametrize("query", LISTED)
def test_the_overview_counted_once_shows_what_each_chart_counted(
    analyst_client, sample, fresh_pages, monkeypatch, query, colour
):
    # Monthly bars, which read the counts (a few matches are otherwise drawn as points).
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)
    # An undated engagement: counted in totals, in no month or year.
    undated = factories.EngagementFactory(date=None, countries=["USA", "JPN"], topics=["cybersecurity"])
    factories.AgreementEventFactory(engagement=undated)
    query = f"{query}&color={colour}"
    once = overview(analyst_client, query, once=True, monkeypatch=monkeypatch)
    each = overview(analyst_client, query, once=False, monkeypatch=monkeypatch)
    # Coloured by partner, its "other partners" line sums (the test below).
    assert_same_overview(once, each, but_the_timeline=colour == "partner")


def test_the_partner_timeline_of_listed_matches_counts_an_engagement_in_each_partners_line(
    analyst_client, monkeypatch, fresh_pages
):
    # As its description says, and as every rollup's timeline counts: a fourth engagement with
    # two "other" partners counts twice in that line (each chart's own query counted it once).
    monkeypatch.setattr(timelines, "POINTS_LIMIT", 0)
    monkeypatch.setattr(timelines, "TIMELINE_GROUPS", 1)
    factories.EngagementFactory(countries=["USA", "MYS", "PHL", "VNM"], topics=["maritime security"])
    factories.EngagementFactory(countries=["USA", "MYS"], topics=["maritime security"])
    factories.EngagementFactory(countries=["USA", "JPN"], topics=["cybersecurity"])
    data = QueryDict("topic=maritime+security&topic=cybersecurity&color=partner")
    figure = analyst_client.get(reverse("engagements:overview"), data).context["timeline"].figure
    lines = {trace["name"]: trace["y"] for trace in figure["data"]}
    assert lines == {"Malaysia": [2], "Other partners": [3]}


def test_the_overview_of_listed_matches_reads_their_facts_once(analyst_client, sample, fresh_pages, monkeypatch):
    monkeypatch.setattr(EngagementFilter, "by_facts", lambda filters: False)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(
            reverse("engagements:overview"), QueryDict("country=MYS&country=JPN&with_country=USA")
        )
    assert response.status_code == 200
    assert response.context["headline"].engagements.value > 0
    # Every chart's counts and the headline's signed agreements, from one read of the matches'
    # rows of facts: no fact table is read (the countries are, to list the matches).
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("engagements_engagementfacts" in text for text in sql) == 1
    for table in ("agreementevent", "engagementtopic", "exercisemention"):
        assert not any(f"engagements_{table}" in text for text in sql), table


def test_a_narrow_filters_list_counts_its_listed_matches_instead_of_walking_them_twice(
    analyst_client, sample, fresh_pages, monkeypatch
):
    from engagements.models import Engagement

    monkeypatch.setattr(EngagementFilter, "by_facts", lambda filters: False)
    cache.clear()
    query = "country=MYS&country=JPN&with_country=USA&kind=meeting&kind=call&page=2"
    with CaptureQueriesContext(connection) as queries:
        # Past the first page, which alone does not tell how many there are.
        response = analyst_client.get(reverse("engagements:engagements"), QueryDict(query))
    assert response.status_code == 200
    expected = (
        Engagement.objects.filter(country_links__country_id__in=["MYS", "JPN"], kind__in=["meeting", "call"])
        .filter(country_links__country_id="USA")
        .distinct()
        .count()
    )
    assert response.context["page"].total.value == expected > 0
    # Its matches are listed once (and charted), not counted by the filter again.
    walks = [q["sql"] for q in queries.captured_queries if "U0.\"country_id\" IN ('JPN', 'MYS')" in q["sql"]]
    assert any(sql.endswith("LIMIT 50001") for sql in walks), walks
    assert not any("count(*)" in sql for sql in walks), walks


def scope_of(query: str):
    from engagements.dashboard.selectors import engagement_list

    filters = EngagementFilter(QueryDict(query))
    return base.Scope.from_filters(filters, engagement_list(filters=filters, ranked=False))
