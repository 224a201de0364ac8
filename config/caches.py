"""The cache every server shares, or each process's own: ``CACHE_URL`` decides.

Unset, each process keeps its figures in its own memory (one server, or a laptop). A
``redis://`` (``rediss://``, ``unix://``) URL puts them in Redis, so the servers behind a
load balancer share one copy and pay each cold figure once. A Redis outage must never turn
into an error page: every cache call then answers "not cached" (django-redis's
IGNORE_EXCEPTIONS) and the pages compute their figures, with short socket timeouts so a
vanished Redis costs milliseconds, not seconds.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = {"redis", "rediss", "unix"}


def caches_from_url(url: str, *, max_entries: int, timeout_seconds: float = 0.25) -> dict:
    """Django's CACHES for ``url`` (empty: the per-process memory cache)."""
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "engagements",
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            }
        }
    scheme = urlsplit(url).scheme
    if scheme not in REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r}: use redis://host:port/db, rediss://... or unix:///path/redis.sock"
        )
    return {
        # Entries keyed by the data version never change, so each process keeps those it used
        # in front of Redis (engagements/dashboard/charts/cache.py): no round trip for a hit,
        # and an outage leaves it what it had.
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "engagements-local",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        },
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "engagements",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout_seconds,
                "SOCKET_TIMEOUT": timeout_seconds,
            },
        },
    }
