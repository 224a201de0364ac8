"""A request's filters cost a bounded amount of work: a bounded number of values per filter,
and each filter one condition in SQL whatever number of values it holds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.dashboard.charts import base
from engagements.dashboard.filters import EngagementFilter
from engagements.models import Country, Engagement
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = ["overview", "engagements", "agreements", "exercises", "people", "readouts"]
EXPORTS = ["engagements_csv", "agreements_csv", "exercises_csv", "people_csv", "readouts_csv"]


def codes(n):
    return list(Country.objects.order_by("code").values_list("code", flat=True)[:n])


@pytest.mark.parametrize("name", ["country", "with_country"])
def test_a_filter_with_more_values_than_allowed_is_a_400_saying_so(analyst_client, editor, settings, name):
    settings.FILTER_MAX_VALUES = 5
    for route in LISTS:
        response = analyst_client.get(reverse(f"engagements:{route}"), {name: codes(6)})
        assert response.status_code == 400, route
        assert "6 values chosen; a filter takes at most 5" in response.content.decode()
        assert analyst_client.get(reverse(f"engagements:{route}"), {name: codes(5)}).status_code == 200
    analyst_client.force_login(editor)
    for route in EXPORTS:
        response = analyst_client.get(reverse(f"engagements:{route}"), {name: codes(6)})
        assert response.status_code == 400, route
        assert b"at most 5" in response.content


def test_the_default_bound_is_fifty_values(analyst_client):
    assert analyst_client.get(reverse("engagements:engagements"), {"country": codes(51)}).status_code == 400
    assert analyst_client.get(reverse("engagements:engagements"), {"country": codes(50)}).status_code == 200


def test_also_with_many_countries_is_one_subquery_that_keeps_engagements_with_all_of_them(analyst_client):
    everyone = factories.EngagementFactory(countries=["USA", "MYS", "PHL", "JPN"])
    two = factories.EngagementFactory(countries=["USA", "MYS", "PHL"])
    factories.EngagementFactory(countries=["USA", "JPN"])
    data = {"with_country": ["MYS", "PHL", "JPN"], "with_topic": []}
    filters = EngagementFilter(_query(data), queryset=Engagement.objects.all())
    sql = str(filters.qs.query)
    assert sql.count("EXISTS") == 1
    assert set(filters.qs) == {everyone}
    response = analyst_client.get(reverse("engagements:engagements"), {"with_country": ["MYS", "PHL"]})
    assert {row.pk for row in response.context["page"].rows} == {everyone.pk, two.pk}


@pytest.mark.parametrize(("sort", "places"), [("name", 2), ("most", 1), ("recent", 1)])
def test_the_people_page_applies_its_filters_at_most_twice_per_query(analyst_client, monkeypatch, sort, places):
    from engagements.dashboard import selectors

    # The shape of the reading of many participations; a few are read by ids (below). (The
    # engagements these filters keep are otherwise chosen by their rows of facts, and their
    # participations grouped once: test_listed_people.py.)
    monkeypatch.setattr(selectors, "LISTED_SORTS", ())
    monkeypatch.setattr(selectors, "NARROW_PARTICIPATIONS", 0)
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    for countries in (["USA", "MYS", "PHL"], ["USA", "MYS"], ["USA", "PHL"]):
        factories.ParticipationFactory(engagement=factories.EngagementFactory(countries=countries), person=minister)
    factories.ParticipationFactory(engagement=factories.EngagementFactory(countries=["USA", "JPN"]))
    query = {"country": ["MYS", "PHL"], "with_country": ["MYS", "PHL"], "sort": [sort]}
    with CaptureQueriesContext(connection) as captured:
        response = analyst_client.get(reverse("engagements:people"), query)
    assert response.status_code == 200
    [row] = response.context["page"].rows
    assert (row.pk, row.engagement_count) == (minister.pk, 1)
    rows_query = next(q["sql"] for q in captured if 'FROM "engagements_person"' in q["sql"] and "ORDER BY" in q["sql"])
    # The country filter and the "also with" filter: one subquery each, in the IN that
    # keeps a person and (sorted by name) the subquery of the page's figures; not one per
    # figure and per value.
    assert rows_query.count("engagements_engagementcountry") == 2 * places
    monkeypatch.setattr(selectors, "NARROW_PARTICIPATIONS", 10_000)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = analyst_client.get(reverse("engagements:people"), {**query, "page": "1"})
    [row] = response.context["page"].rows
    assert (row.pk, row.engagement_count) == (minister.pk, 1)
    assert max(q["sql"].count("engagements_engagementcountry") for q in captured) == 2


def _query(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@pytest.mark.parametrize("sort", ["name", "most", "recent"])
def test_the_people_pages_figures_are_the_same_however_sorted(analyst_client, sort):
    import datetime as dt

    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    for year, title in ((2021, "Defence Minister"), (2022, "Senior Minister"), (2023, ""), (2024, "Ignored")):
        factories.ParticipationFactory(
            engagement=factories.EngagementFactory(date=dt.date(year, 5, 1), countries=["USA", "MYS"]),
            person=minister,
            title=title,
        )
    response = analyst_client.get(reverse("engagements:people"), {"sort": sort, "date_to": "2023-12-31"})
    [row] = response.context["page"].rows
    assert (row.engagement_count, row.last_seen, row.latest_title) == (3, dt.date(2023, 5, 1), "Senior Minister")
    assert "Senior Minister" in response.content.decode()


def _overview_figures(client, data):
    response = client.get(reverse("engagements:overview"), data)
    assert response.status_code == 200
    shown = [response.context["timeline"], *response.context["charts"]]
    return response.context["headline"], [(chart.figure_script, chart.table_html) for chart in shown]


def test_the_overview_runs_a_narrow_filter_once_and_counts_what_it_counted_before(analyst_client, monkeypatch):
    factories.EngagementFactory(countries=["USA", "JPN"])
    factories.EngagementFactory(countries=["USA", "MYS"], date="2023-04-01")
    factories.EngagementFactory(countries=["USA", "PHL"])
    data = {"q": "meeting", "country": ["JPN", "MYS"], "kind": ["meeting"]}
    with CaptureQueriesContext(connection) as queries:
        by_ids = _overview_figures(analyst_client, data)
    searches = [q["sql"] for q in queries.captured_queries if "websearch_to_tsquery" in q["sql"]]
    # Listing the matching engagements is the one query that searches; every chart reads the ids.
    assert len(searches) == 1
    assert by_ids[0].engagements.value == 2
    # A search keeps listing past the bound of other filters: it is the costliest to repeat.
    monkeypatch.setattr(base, "MATCHING_IDS_LIMIT", 1)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert _overview_figures(analyst_client, data) == by_ids
    assert sum("websearch_to_tsquery" in q["sql"] for q in queries.captured_queries) == 1
    # Past its own bound the charts repeat the filter instead, and count the same.
    monkeypatch.setattr(base, "SEARCH_MATCHING_IDS_LIMIT", 1)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        repeated = _overview_figures(analyst_client, data)
    assert sum("websearch_to_tsquery" in q["sql"] for q in queries.captured_queries) > 1
    assert repeated[0] == by_ids[0]
    assert repeated[1] == by_ids[1]


def test_a_best_match_lists_timeline_counts_its_pool_without_searching_again(analyst_client):
    for countries in (["USA", "JPN"], ["USA", "MYS"], ["USA", "PHL"]):
        factories.EngagementFactory(countries=countries)
    data = {"q": "meeting", "country": ["JPN", "MYS"], "sort": "relevance"}
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(reverse("engagements:engagements"), data)
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 2
    assert response.context["timeline"].table_html
    # The pool of matches, then the table's rows: the timeline reads the pool's ids.
    assert sum("websearch_to_tsquery" in q["sql"] for q in queries.captured_queries) == 2
