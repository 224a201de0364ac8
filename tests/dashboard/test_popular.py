"""The filtered pages readers open most are warmed after a change, as the overview is."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from engagements.dashboard import popular, warmup
from engagements.dashboard.views import lists, overview
from engagements.derived import upkeep
from tests import factories
from tests.support import counting

pytestmark = pytest.mark.django_db

SAVED_SEARCH = "/?" + QueryDict("topic=maritime+security&country=MYS&country=PHL").urlencode()
CALLS = reverse("engagements:engagements") + "?kind=call"


@pytest.fixture
def data(db):
    factories.EngagementFactory(countries=["USA", "MYS"], kind="call", topics=["maritime security"])
    factories.EngagementFactory(countries=["USA", "PHL"], kind="meeting", topics=["maritime security"])
    upkeep.settle()
    cache.clear()


def test_the_filtered_pages_opened_most_are_warmed_after_a_change(analyst_client, data, settings, monkeypatch):
    for url in (SAVED_SEARCH, SAVED_SEARCH, CALLS, reverse("engagements:overview")):
        assert analyst_client.get(url).status_code == 200
    # Pages without filters are warmed anyway: only filtered ones are counted.
    assert popular.most_opened(5) == [SAVED_SEARCH, CALLS]

    factories.EngagementFactory(countries=["USA", "MYS"], topics=["maritime security"])  # an ingest
    upkeep.settle()
    settings.WARM_POPULAR = 1
    assert SAVED_SEARCH in warmup.paths() and CALLS not in warmup.paths()
    call_command("warm_figures", verbosity=0)
    figures = counting(monkeypatch, overview, "_figures")
    response = analyst_client.get(SAVED_SEARCH)
    assert response.status_code == 200
    assert figures == []  # built by the warm-up, for the new data
    assert 'stat__value">3</span>' in response.content.decode()
    # The next most opened waits for its first visitor.
    pages = counting(monkeypatch, lists, "paginate")
    assert analyst_client.get(CALLS).status_code == 200
    assert pages == [1]


def test_the_warm_up_and_refused_pages_are_not_visits(analyst_client, data):
    assert analyst_client.get(reverse("engagements:overview"), {"date_from": "not a date"}).status_code == 400
    assert popular.most_opened(5) == []
    assert analyst_client.get(SAVED_SEARCH).status_code == 200
    warmup.warm()
    assert cache.get(popular.KEY)[SAVED_SEARCH][0] == 1


def test_counts_keep_the_most_opened_of_the_last_week(db, monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(popular.time, "time", lambda: now)
    monkeypatch.setattr(popular, "TRACKED", 2)
    for path, visits in (("/?kind=call", 3), ("/?kind=visit", 1), ("/?kind=meeting", 2)):
        for _ in range(visits):
            popular.record(path)
    assert popular.most_opened(5) == ["/?kind=call", "/?kind=meeting"]
    popular.record("/?q=" + "x" * popular.LONGEST)
    assert len(popular.most_opened(5)) == 2
    now += 6 * 24 * 3600
    popular.record("/?kind=meeting")
    now += 2 * 24 * 3600  # the call's last visit was 8 days ago, the meeting's 2
    assert popular.most_opened(5) == ["/?kind=meeting"]
