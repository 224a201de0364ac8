"""Figures in Redis: built once for every server, and a Redis outage in the middle of a run
still serves every page (the figures are computed instead). Each test starts its own
redis-server on a Unix socket in a temporary folder, never the machine's own Redis."""

import shutil
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from engagements.dashboard.charts import cache as figure_cache
from engagements.dashboard.views import lists, overview
from tests import factories
from tests.support import counting

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed (Debian: redis-server)"
    ),
]


@pytest.fixture
def redis(tmp_path):
    socket = tmp_path / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not open its socket")
    yield server, f"unix://{socket}"
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_cache(redis, settings):
    from config.caches import caches_from_url

    server, url = redis
    settings.CACHES = caches_from_url(url, max_entries=500)
    return server


@pytest.fixture
def data(db):
    factories.EngagementFactory(countries=["USA", "MYS"], kind="call")
    factories.EngagementFactory(countries=["USA", "PHL"], kind="meeting")


def another_server(monkeypatch):
    """This process as another server: its own connection to the same Redis, and an empty
    memory of its own."""
    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr(figure_cache, "cache", caches.create_connection("default"))
    own = LocMemCache("another-server", {})
    own.clear()
    monkeypatch.setattr(figure_cache, "_local", lambda: own)


def test_a_second_server_reads_the_figures_the_first_one_built(
    analyst_client, data, redis_cache, monkeypatch, fresh_pages
):
    builds = counting(monkeypatch, overview, "_figures")
    assert analyst_client.get(reverse("engagements:overview")).status_code == 200
    assert len(builds) == 1
    another_server(monkeypatch)
    response = analyst_client.get(reverse("engagements:overview"))
    assert response.status_code == 200
    assert response.context["headline"].engagements.value == 2
    assert len(builds) == 1


def test_a_second_server_serves_the_page_the_first_one_rendered(analyst_client, data, redis_cache, monkeypatch):
    url = reverse("engagements:engagements") + "?country=MYS"
    first = analyst_client.get(url)
    assert first.status_code == 200 and first.context is not None  # rendered here
    another_server(monkeypatch)
    renders = counting(monkeypatch, lists, "_render_list")
    second = analyst_client.get(url)
    assert second.status_code == 200
    assert renders == []
    assert "Malaysia" in second.content.decode()


def test_pages_keep_answering_when_redis_stops_mid_run(analyst_client, data, redis_cache, monkeypatch):
    builds = counting(monkeypatch, overview, "_figures")
    pages = [
        reverse("engagements:overview"),
        reverse("engagements:engagements"),
        reverse("engagements:readouts") + "?q=security&sort=relevance",
        reverse("engagements:country", args=["MYS"]),
    ]
    for url in pages:
        assert analyst_client.get(url).status_code == 200
    assert len(builds) == 1
    redis_cache.terminate()
    redis_cache.wait(timeout=10)
    for url in pages:
        started = time.perf_counter()
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        assert time.perf_counter() - started < 2
    # The pages this server had seen come from its own memory; one it had not is computed,
    # figures and all, and right.
    assert len(builds) == 1
    response = analyst_client.get(reverse("engagements:overview") + "?kind=call")
    assert response.status_code == 200
    assert len(builds) == 2
    assert response.context["headline"].engagements.value == 1
