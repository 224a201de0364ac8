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
from engagements.dashboard.views import overview
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


def test_a_second_server_reads_the_figures_the_first_one_built(analyst_client, data, redis_cache, monkeypatch):
    builds = counting(monkeypatch, overview, "_figures")
    assert analyst_client.get(reverse("engagements:overview")).status_code == 200
    assert len(builds) == 1
    # Another server: its own client and connections to the same Redis.
    monkeypatch.setattr(figure_cache, "cache", caches.create_connection("default"))
    response = analyst_client.get(reverse("engagements:overview"))
    assert response.status_code == 200
    assert response.context["headline"].engagements.value == 2
    assert len(builds) == 1


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
    # With no cache the overview computes its figures again, and they are right.
    assert len(builds) == 2
    response = analyst_client.get(reverse("engagements:overview"))
    assert response.context["headline"].engagements.value == 2
