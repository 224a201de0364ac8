"""A lead's search entry carries its engagement's countries and topics as facets
(search_v3.sql), whichever way they are written, and a search with a country or a topic
finds what it found when each was a subquery of its own."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from engagements.dashboard import selectors
from engagements.dashboard.filters import EngagementFilter
from engagements.derived import upkeep
from engagements.models import EngagementCountry, EngagementTopic, SearchEntry, Topic
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
]


@pytest.mark.parametrize("query", FOLDED)
def test_a_search_with_countries_or_topics_finds_what_their_subqueries_found(sample, monkeypatch, query):
    def found() -> list[int]:
        filters = EngagementFilter(QueryDict(query))
        assert filters.is_valid()
        return list(selectors.engagement_list(filters=filters, ranked=False).values_list("pk", flat=True))

    folded = found()
    monkeypatch.setattr(EngagementFilter, "folded", lambda self: set())
    assert folded == found()
    assert folded, "the search matches nothing: the test would compare nothing"


def test_a_search_with_a_country_reads_the_country_from_the_index(sample):
    filters = EngagementFilter(QueryDict("q=security&country=MYS&country=JPN"))
    with CaptureQueriesContext(connection) as queries:
        list(selectors.engagement_list(filters=filters, ranked=False).values_list("pk", flat=True))
    (sql,) = [q["sql"] for q in queries.captured_queries if "engagements_searchentry" in q["sql"]]
    assert "=c=JPN" in sql and "=c=MYS" in sql
    assert "engagements_engagementcountry" not in sql
