"""CACHE_URL: unset, each process's memory; a Redis URL, a cache shared by every server that
answers "not cached" rather than an error when Redis is gone."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.caches import caches_from_url


def test_no_url_keeps_the_per_process_memory_cache():
    cache = caches_from_url("", max_entries=500)["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache["OPTIONS"]["MAX_ENTRIES"] == 500


@pytest.mark.parametrize(
    "url", ["redis://cache:6379/0", "rediss://user:secret@cache.example.org:6380/2", "unix:///run/redis.sock?db=1"]
)
def test_a_redis_url_selects_redis_that_ignores_its_outages(url):
    cache = caches_from_url(url, max_entries=500)["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == url
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    # A vanished server costs a fraction of a second per call, not the system's TCP timeout.
    assert cache["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1
    assert cache["OPTIONS"]["SOCKET_TIMEOUT"] <= 1


@pytest.mark.parametrize("url", ["memcached://cache:11211", "cache:6379", "http://cache"])
def test_an_unknown_cache_url_is_refused_by_name(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches_from_url(url, max_entries=500)
