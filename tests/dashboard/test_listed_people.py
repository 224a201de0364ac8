"""The people list of a search, or of filters the rows of facts answer, read from the engagements
they keep, shows what the list read through the filters' joins shows: the same people, in the
same order, with the same figures."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import models
from engagements.dashboard import selectors, warmup
from engagements.dashboard.charts import base
from engagements.dashboard.charts.cache import WARMING_KEY
from engagements.dashboard.filters import EngagementFilter, ParticipationFilter
from engagements.derived import upkeep
from tests import factories
from tests.dashboard.people_pages import people_shown

pytestmark = pytest.mark.django_db

SEARCHES = [
    "q=maritime",
    "q=maritime&sort=most",
    "q=maritime&sort=recent",
    "q=commitment&country=MYS&sort=recent",  # a word every readout has, and a country's facet
    "q=cooperation&kind=call&kind=meeting&sort=most",
    "q=commitment&date_from=2021-03-12&date_to=2022-07-03",
    "q=commitment&region=Asia&topic=maritime+security&sort=recent",
    "q=agreement&agreement_action=signed",
    "q=%22regional+peace%22&with_country=MYS",  # a phrase; every one of some countries
]


def shown(client, query: str, *, listed: bool, monkeypatch) -> tuple[str, list[tuple]]:
    monkeypatch.setattr(selectors, "LISTED_SORTS", ("name", "most", "recent") if listed else ())
    return people_shown(client, query)


@pytest.mark.parametrize("query", SEARCHES)
def test_the_people_of_a_search_read_from_its_engagements_equal_the_list_read_through_the_search(
    analyst_client, sample, fresh_pages, monkeypatch, query
):
    assert selectors.listed_people(ParticipationFilter(QueryDict(query))) is not None
    listed = shown(analyst_client, query, listed=True, monkeypatch=monkeypatch)
    assert listed == shown(analyst_client, query, listed=False, monkeypatch=monkeypatch)
    assert listed[1], "the search keeps someone"


@pytest.mark.parametrize(
    "query",
    [
        "agreement_action=signed",  # no search, and a filter the rows of facts do not hold
        "q=maritime&nationality=MYS",  # the person's own country
        "q=maritime&participant=Rahman",  # the person's own name
    ],
)
def test_filters_of_the_person_or_of_neither_a_search_nor_facts_read_the_participations(db, query):
    assert selectors.listed_people(ParticipationFilter(QueryDict(query))) is None


# Filters the engagements' rows of facts answer: their engagements are chosen by those rows.
FACT_FILTERS = [
    "country=USA&topic=cybersecurity",
    "region=Asia&topic=maritime+security&sort=recent",
    "country=MYS&country=JPN&kind=call&kind=meeting&sort=most",
    "with_country=MYS&with_country=USA&date_from=2021-03-12&date_to=2022-07-03",
    "forum=ADMM-Plus&region=Asia&sort=recent",
]


@pytest.mark.parametrize("query", FACT_FILTERS)
def test_the_people_of_engagements_chosen_by_their_rows_of_facts_equal_the_list_read_through_the_filters(
    analyst_client, sample, fresh_pages, monkeypatch, query
):
    assert selectors.listed_people(ParticipationFilter(QueryDict(query))) is not None
    listed = shown(analyst_client, query, listed=True, monkeypatch=monkeypatch)
    assert listed == shown(analyst_client, query, listed=False, monkeypatch=monkeypatch)
    assert listed[1], "the filters keep someone"


def test_people_by_name_of_more_engagements_than_the_bound_are_read_through_the_list(sample, monkeypatch):
    # The planner never expects fewer than one row: past a bound of none, by name the list's
    # own query reads them (it figures the page's people alone); by a figure, every person's
    # figures are needed, and the rows of facts still choose the engagements.
    monkeypatch.setattr(selectors, "FACTS_PEOPLE_LIMIT", 0)
    assert selectors.listed_people(ParticipationFilter(QueryDict("country=USA&topic=cybersecurity"))) is None
    cache.clear()
    most = ParticipationFilter(QueryDict("country=USA&topic=cybersecurity&sort=most"))
    assert selectors.listed_people(most) is not None


def test_a_search_past_the_bound_of_listed_matches_reads_the_participations(sample, monkeypatch):
    filters = ParticipationFilter(QueryDict("q=commitment"))
    matches = len(selectors.listed_people(filters).ids)
    assert matches > 2
    cache.clear()
    # Sixty engagements match: one fewer allowed and the list reads through the search.
    monkeypatch.setattr(base, "SEARCH_MATCHING_IDS_LIMIT", 59)
    assert selectors.listed_people(ParticipationFilter(QueryDict("q=commitment"))) is None


def test_the_people_of_a_search_sorted_by_last_seen_put_the_undated_last(analyst_client, fresh_pages):
    # Two dated, one undated; the undated one first by name.
    for name, day in (("Aaron Undated", None), ("Beth Earlier", dt.date(2020, 5, 1)), ("Carl Later", None)):
        engagement = factories.EngagementFactory(
            date=day, readout=factories.ReadoutFactory(text=f"Talks with {name} on submarine rescue.")
        )
        factories.ParticipationFactory(engagement=engagement, person=factories.PersonFactory(name=name))
    carl = factories.EngagementFactory(
        date=dt.date(2023, 9, 9), readout=factories.ReadoutFactory(text="More submarine rescue talks.")
    )
    factories.ParticipationFactory(engagement=carl, person=models.Person.objects.get(name="Carl Later"))
    response = analyst_client.get(reverse("engagements:people"), {"q": "submarine", "sort": "recent"})
    rows = [(p.name, p.engagement_count, p.last_seen) for p in response.context["page"].rows]
    assert rows == [
        ("Carl Later", 2, dt.date(2023, 9, 9)),
        ("Beth Earlier", 1, dt.date(2020, 5, 1)),
        ("Aaron Undated", 1, None),
    ]


def test_the_people_of_a_search_read_the_matches_its_overview_listed(analyst_client, sample, fresh_pages):
    def search_reads(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert analyst_client.get(url, {"q": "commitment", "kind": "call"}).status_code == 200
        return sum("engagements_searchentry" in query["sql"] for query in queries.captured_queries)

    cache.clear()
    assert search_reads(reverse("engagements:people")) > 0  # its matches listed here
    cache.clear()
    assert search_reads(reverse("engagements:overview")) > 0
    assert search_reads(reverse("engagements:people")) == 0  # the overview's, kept
    # Another search lists its own.
    cache.clear()
    analyst_client.get(reverse("engagements:overview"), {"q": "maritime", "kind": "call"})
    assert search_reads(reverse("engagements:people")) > 0


def test_the_people_of_a_search_never_take_the_last_versions_matches_during_a_warm_up(analyst_client, fresh_pages):
    def people() -> list[str]:
        response = analyst_client.get(reverse("engagements:people"), {"q": "submarine"})
        return [person.name for person in response.context["page"].rows]

    def listed_by_the_overview() -> list[int]:
        search = EngagementFilter(QueryDict("q=submarine"))
        return base.Scope.from_filters(search, selectors.engagement_list(filters=search, ranked=False)).matching_ids

    engagements = []
    for name in ("Ana First", "Ben Second"):
        engagements.append(
            factories.EngagementFactory(
                readout=factories.ReadoutFactory(text=f"{name} held talks on submarine rescue.")
            )
        )
        factories.ParticipationFactory(engagement=engagements[-1], person=factories.PersonFactory(name=name))
        if name == "Ana First":
            warmup.warm()
            assert listed_by_the_overview() == [engagements[0].pk]  # this version's matches, kept
    upkeep.settle()
    cache.set(WARMING_KEY, 0, 60)  # a warm-up of the new version under way
    assert people() == ["Ana First", "Ben Second"]
    warmup.warm()
    assert people() == ["Ana First", "Ben Second"]
