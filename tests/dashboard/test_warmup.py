"""No cold first visitor: after a change the warm-up builds the figures of the pages most
visits need, and until it is done pages serve the previous version's figures."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.dashboard import warmup
from engagements.dashboard.charts.cache import READY_KEY, WARMING_KEY
from engagements.dashboard.views import countries, overview, relations
from engagements.derived import upkeep
from tests import factories
from tests.support import counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    factories.EngagementFactory(countries=["USA", "MYS"], kind="call")
    factories.EngagementFactory(countries=["USA", "PHL"], kind="meeting")
    upkeep.settle()


def shown(client, url=None) -> int:
    """The overview's count of engagements, as the reader sees it (the page may be kept whole)."""
    response = client.get(url or reverse("engagements:overview"))
    assert response.status_code == 200
    found = re.search(r'stat__value">([\d,]+)</span> <span class="stat__label">engagement', response.content.decode())
    return int(found.group(1).replace(",", ""))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_after_an_ingest_the_warm_up_has_the_next_visit_read_the_cache(analyst_client, data, monkeypatch):
    url = reverse("engagements:overview")
    cold = queries(analyst_client, url)
    factories.EngagementFactory(countries=["USA", "MYS"])  # an ingest: the data version moves
    upkeep.settle()
    call_command("warm_figures", verbosity=0)
    builds = counting(monkeypatch, overview, "_figures")
    country_builds = counting(monkeypatch, countries, "_figures")
    warm = queries(analyst_client, url)
    assert builds == []
    assert warm < cold - 5
    assert shown(analyst_client) == 3
    # The active countries' profiles were warmed too.
    assert analyst_client.get(reverse("engagements:country", args=["MYS"])).status_code == 200
    assert country_builds == []


def test_the_warm_up_covers_the_overview_active_countries_and_every_list(data):
    paths = warmup.paths(days=365)
    assert paths[0] == reverse("engagements:overview")
    assert reverse("engagements:country", args=["MYS"]) in paths
    assert reverse("engagements:country", args=["NZL"]) not in paths  # never engaged
    for name in warmup.LISTS:
        assert reverse(f"engagements:{name}") in paths
    assert {reverse(f"engagements:{name}") for name in ("countries", "network", "relations")} <= set(paths)
    # The busiest relationships' pages, the busiest first.
    assert paths[-2:] == [reverse("engagements:relationship", args=[slug]) for slug in ("MYS-USA", "PHL-USA")]
    result = warmup.warm(days=365)
    assert {status for _, status, _ in result.pages} == {200}
    assert cache.get(READY_KEY) == result.version


def test_the_busiest_relationships_pages_are_served_warm(analyst_client, data, monkeypatch, settings):
    url = reverse("engagements:relationship", args=["MYS-USA"])
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    cold = queries(analyst_client, url)
    factories.EngagementFactory(countries=["USA", "MYS"])  # a change: the figures are stale
    upkeep.settle()
    settings.WARM_FIGURES_AUTO = False
    monkeypatch.setattr(warmup, "BUSIEST_PAIRS", 1)
    call_command("warm_figures", verbosity=0)
    builds = counting(monkeypatch, relations, "_sections")
    pages = counting(monkeypatch, relations, "_page")
    warm = queries(analyst_client, url)
    assert builds == [] and pages == []
    assert warm < cold - 5
    # Only the busiest: the next pair's page is counted at its first visit.
    assert analyst_client.get(reverse("engagements:relationship", args=["PHL-USA"])).status_code == 200
    assert builds == [1]


def test_while_the_warm_up_runs_pages_serve_the_previous_figures(analyst_client, data):
    warmup.warm()
    assert shown(analyst_client) == 2
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    cache.set(WARMING_KEY, 0, 60)  # a warm-up of the new version under way
    assert shown(analyst_client) == 2
    warmup.warm()
    assert shown(analyst_client) == 3


def test_a_change_nobody_warms_shows_at_once(analyst_client, data):
    warmup.warm()
    assert shown(analyst_client) == 2
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    assert shown(analyst_client) == 3


def test_a_page_behind_the_data_starts_the_warm_up(analyst_client, data, settings, monkeypatch):
    started = counting(monkeypatch, warmup, "request_warm")
    warmup.warm()
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    assert shown(analyst_client) == 3
    assert started == [1]


def test_an_editors_save_starts_the_warm_up_without_waiting_for_it(editor_client, data, monkeypatch):
    started = counting(monkeypatch, warmup, "request_warm")
    engagement = factories.EngagementFactory(countries=["USA", "MYS"])
    response = editor_client.post(reverse("admin:engagements_engagement_delete", args=[engagement.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert started == [1]
    assert editor_client.get(reverse("admin:index")).status_code == 200
    assert started == [1]  # reading starts nothing


@pytest.mark.django_db(transaction=True)
def test_a_server_warms_in_a_background_thread_once_per_version(settings, monkeypatch):
    settings.WARM_FIGURES_AUTO = True
    factories.EngagementFactory(countries=["USA", "MYS"])
    warms = counting(monkeypatch, warmup, "warm")

    def wait():
        thread = warmup._thread
        if thread is not None:
            thread.join(timeout=60)
        assert warmup._thread is None

    warmup.request_warm()
    wait()
    assert cache.get(READY_KEY) == warmup.data_version()
    assert warms == [1]
    warmup.request_warm()  # nothing changed since: nothing to build
    wait()
    assert warms == [1]
