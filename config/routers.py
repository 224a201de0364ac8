"""Reads on read replicas, writes on the primary (``DATABASE_REPLICA_URLS``).

A replica is a little behind its primary (replication lag: usually milliseconds, seconds
under load). Three rules keep that invisible:

- Only an analyst's safe request (GET, HEAD, OPTIONS) reads from a replica, and one replica
  for the whole request, chosen at random when it starts, so a page's queries (its data
  version and the figures keyed by it) come from one consistent copy.
- A writing request, and every request of the same browser for REPLICA_PIN_SECONDS after it
  (a cookie), reads from the primary: an editor who saves sees their change at once.
- Everything outside a web request (imports, the warm-up, a shell, a background thread)
  reads from the primary, so an importer never decides "not there yet" from a lagging copy.

Migrations run on the primary only; replicas receive the schema by replication.
"""

from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager

from django.conf import settings

PIN_COOKIE = "primary_reads"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_state = threading.local()


def replica_aliases() -> list[str]:
    # A setting of its own rather than every alias but "default": the tests keep a mirror
    # alias configured while pages go on reading the primary.
    return settings.DATABASE_REPLICAS


def replica_settings(urls: list[str], primary: dict, parse) -> dict[str, dict]:
    """``replica1..N`` for DATABASE_REPLICA_URLS, with the primary's connection options; in
    tests each mirrors the primary (Django's test mirror set-up)."""
    replicas = {}
    for n, url in enumerate(urls, start=1):
        replica = parse(url)
        for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
            replica[key] = primary[key]
        replica["OPTIONS"] = {**primary.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{n}"] = replica
    return replicas


@contextmanager
def reading_from(alias: str | None):
    """Reads of this thread go to ``alias`` (None: the primary) inside the block."""
    previous = getattr(_state, "alias", None)
    _state.alias = alias
    try:
        yield
    finally:
        _state.alias = previous


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return getattr(_state, "alias", None) or "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Chooses where a request reads (see the module's rules) and pins a browser to the
    primary for REPLICA_PIN_SECONDS after it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = replica_aliases()
        writing = request.method not in SAFE_METHODS
        if not replicas:
            response = self.get_response(request)
        else:
            on_primary = writing or pinned(request)
            with reading_from(None if on_primary else random.choice(replicas)):  # noqa: S311 - load spreading
                response = self.get_response(request)
        # Set with or without replicas: the whole-page cache also serves a browser that has
        # just written the data as it now is (engagements/dashboard/page_cache.py).
        if writing:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def pinned(request) -> bool:
    # The cookie's own expiry ends the pin; the time inside guards against a browser that
    # keeps cookies past max-age. A forged cookie only sends its owner's reads to the primary.
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False
