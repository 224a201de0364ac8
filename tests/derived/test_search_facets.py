"""A lead's search entry carries its engagement's countries and topics as facets
(search_v3.sql), whichever way they are written, and a search with a country or a topic
finds what it found when each was a subquery of its own."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from engagements.dashboard import search, selectors
from engagements.dashboard.filters import (
    AgreementEventFilter,
    EngagementFilter,
    EngagementScopedFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
)
from engagements.derived import upkeep
from engagements.models import Engagement, EngagementCountry, EngagementTopic, SearchEntry, Topic
from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def facets(engagement) -> set[str]:
    vector = SearchEntry.objects.get(readout_id=engagement.readout_id).search
    return {lexeme.strip("'") for lexeme in vector.split(" ") if lexeme.startswith("'=")}


def topic(name: str) -> int:
    return Topic.objects.get(name=name).pk


def test_an_engagements_countries_and_topics_are_its_entrys_facets():
    engagement = EngagementFactory(countries=["USA", "MYS"], topics=["maritime security", "cybersecurity"])
    assert facets(engagement) == {
        "=c=USA",
        "=c=MYS",
        f"=t={topic('maritime security')}",
        f"=t={topic('cybersecurity')}",
    }


def test_the_facets_follow_countries_and_topics_changed_added_and_removed():
    engagement = EngagementFactory(countries=["USA", "MYS"], topics=["maritime security"])
    EngagementCountry.objects.filter(engagement=engagement, country_id="MYS").update(country_id="PHL")
    assert facets(engagement) == {"=c=USA", "=c=PHL", f"=t={topic('maritime security')}"}
    EngagementCountry.objects.filter(engagement=engagement, country_id="PHL").delete()
    EngagementTopic.objects.create(engagement=engagement, topic_id=topic("cybersecurity"), date=engagement.date)
    EngagementTopic.objects.filter(engagement=engagement, topic_id=topic("maritime security")).delete()
    assert facets(engagement) == {"=c=USA", f"=t={topic('cybersecurity')}"}


def test_a_rebuild_writes_the_facets_the_triggers_wrote():
    for countries, topics in ((["USA", "MYS"], ["maritime security"]), (["USA", "JPN", "PHL"], []), (["USA"], None)):
        EngagementFactory(countries=countries, topics=topics)
    written = dict(SearchEntry.objects.values_list("readout_id", "search"))
    assert any("=c=JPN" in vector for vector in written.values())
    SearchEntry.objects.update(search="")
    upkeep.rebuild()
    assert dict(SearchEntry.objects.values_list("readout_id", "search")) == written


FOLDED = [
    "q=security&country=MYS",
    "q=leaders&country=MYS&country=JPN&topic=cybersecurity&topic=maritime+security",
    "q=security&topic=maritime+security&topic=cybersecurity&date_from=2021-03-12",
    "q=security&with_country=MYS&with_country=USA",
    "q=leaders&with_topic=maritime+security&with_country=USA&kind=meeting&kind=call",
    'q="leaders+discussed"+-cybersecurity&country=JPN',  # a phrase and a word left out
    "q=security&country=MYS&country=PHL&with_country=MYS&with_country=USA",  # the any-of implied
]


# Each list whose search reads the search table, and the rows it lists.
LISTS = {
    "engagements": (EngagementFilter, selectors.engagement_list),
    "people": (ParticipationFilter, selectors.participation_list),
    "agreement events": (AgreementEventFilter, selectors.agreement_event_list),
    "exercise mentions": (ExerciseMentionFilter, selectors.exercise_mention_list),
}


@pytest.mark.parametrize("query", FOLDED)
def test_a_search_with_countries_or_topics_finds_what_their_subqueries_found(sample, monkeypatch, query):
    def found(filter_class, listed) -> list[int]:
        filters = filter_class(QueryDict(query))
        assert filters.is_valid()
        rows = listed(filters=filters)
        if rows.model is Engagement:
            rows = selectors.engagement_list(filters=filters, ranked=False)
        return list(rows.values_list("pk", flat=True))

    folded = {name: found(*lists) for name, lists in LISTS.items()}
    monkeypatch.setattr(EngagementScopedFilter, "folded", lambda self: set())
    assert folded == {name: found(*lists) for name, lists in LISTS.items()}
    assert folded["engagements"], "the search matches nothing: the test would compare nothing"


def test_the_fact_lists_find_rows_for_the_folded_searches(sample):
    # The comparison above compares something for the fact lists too.
    for filter_class, listed in list(LISTS.values())[1:]:
        assert any(listed(filters=filter_class(QueryDict(query))).exists() for query in FOLDED), filter_class


def test_countries_any_of_which_is_also_wanted_with_every_other_ask_nothing_more():
    # An entry with both MYS and JPN holds one of MYS and PHL: the OR is left out.
    text = search.facets({"c": ["MYS", "PHL"]}, {"c": ["MYS", "JPN"]}).source_expressions[0].value
    assert "|" not in text and "PHL" not in text
    text = search.facets({"c": ["PHL", "VNM"], "t": ["3"]}, {"c": ["MYS", "JPN"]}).source_expressions[0].value
    assert "'=c=PHL' | '=c=VNM'" in text and "'=t=3'" in text


def test_a_search_with_a_country_reads_the_country_from_the_index(sample):
    filters = EngagementFilter(QueryDict("q=security&country=MYS&country=JPN"))
    with CaptureQueriesContext(connection) as queries:
        list(selectors.engagement_list(filters=filters, ranked=False).values_list("pk", flat=True))
    (sql,) = [q["sql"] for q in queries.captured_queries if "engagements_searchentry" in q["sql"]]
    assert "=c=JPN" in sql and "=c=MYS" in sql
    assert "engagements_engagementcountry" not in sql
