"""Caching what a page shows, keyed by the data version, and never cold after a change.

The data version (``DataVersion``, moved by the database on every committed change) is read
from the database on each request, so every server agrees on it whatever cache it uses.

After a change the warm-up (engagements/dashboard/warmup.py) builds the figures and pages most
visits need for the new version. Until it is done, pages keep serving what was built for the
last version it finished (``READY_KEY``) rather than making the first visitors wait: the
indirection holds only while a warm-up is under way (``WARMING_KEY``, which expires if the
warm-up dies), so a change nobody warms shows at once, as before.

Entries keyed by a version never change, so with a shared cache each process also keeps the
ones it used in its own memory (``local``): a hit then costs no round trip, and a Redis outage
leaves every server what it had already seen. The warm-up's state keys live in the shared
cache only, since every server must agree on them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches

from engagements.dashboard.charts.base import prerender
from engagements.derived.rollup import data_version

FIGURES_TTL = 300  # seconds: what a visit built; the key changes with the data anyway
WARMED_TTL = 24 * 3600  # what the warm-up built: kept until well after the next change
READY_KEY = "figures:ready_version"  # the last version whose warm-up finished
WARMING_KEY = "figures:warming"  # a warm-up is building this version
WARMING_TIMEOUT = 600  # seconds: a warm-up that has not finished by then is presumed dead
LOCAL_ALIAS = "local"  # config/caches.py: each process's own copy in front of a shared cache

_state = threading.local()  # this thread's warm-up flag and request's version


def figures_key(page: str, query: str, version: int) -> str:
    return "figures:" + hashlib.sha256(f"{page}?{query}#{version}".encode()).hexdigest()


@contextmanager
def building():
    """Inside the block (the warm-up's thread), entries are built for the current version and
    kept for WARMED_TTL, never read from an older version."""
    _state.active = True
    try:
        yield
    finally:
        _state.active = False


def is_building() -> bool:
    return getattr(_state, "active", False)


@contextmanager
def reading_version(version: int):
    """Inside the block (one request's page), every lookup keys on ``version``, read once:
    the page and its figures then belong to the same version, for one query."""
    _state.version = version
    _state.asked = False
    _state.previous = False
    try:
        yield
    finally:
        _state.version = None
        _state.asked = False


def current_version() -> int:
    version = getattr(_state, "version", None)
    return data_version() if version is None else version


def served_previous() -> bool:
    """Whether a lookup in this request's block gave the previous version's entry (a page
    built from it is not this version's, and is not kept under it)."""
    return getattr(_state, "previous", False)


def _local():
    return caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None


@dataclass
class Found:
    """What a lookup found for ``version``: ``value``, None when nothing."""

    version: int
    value: Any = None


def look_up(key_of: Callable[[int], str]) -> Found:
    """The current version's entry, or the last warmed version's while a warm-up builds the
    current one; in the warm-up itself, only the current version's."""
    version = current_version()
    key = key_of(version)
    if is_building():
        value = cache.get(key)
        if value is not None:
            keep(key, value)  # a visit's entry, now kept until after the next change
        return Found(version, value)
    local = _local()
    if local is not None:
        value = local.get(key)
        if value is not None:
            return Found(version, value)
    # One round trip to a shared cache: the entry and the warm-up's state together.
    found = cache.get_many([key, READY_KEY, WARMING_KEY])
    if key in found:
        if local is not None:
            local.set(key, found[key], FIGURES_TTL)
        return Found(version, found[key])
    ready = found.get(READY_KEY)
    if ready is not None and ready != version:
        if WARMING_KEY in found:
            previous_key = key_of(ready)
            previous = local.get(previous_key) if local is not None else None
            if previous is None:
                found = cache.get_many([previous_key, interim_key(key)])
                previous = found.get(previous_key, found.get(interim_key(key)))
            if previous is not None:
                _state.previous = True
            return Found(version, previous)
        # Nobody is warming the new version (a change from a shell, another server's import):
        # this server starts, and the next visitors get the previous version's entries.
        if not getattr(_state, "asked", False):
            from engagements.dashboard import warmup

            warmup.request_warm()
            # Once per request: its page and its figures find the same thing.
            _state.asked = getattr(_state, "version", None) is not None
    return Found(version)


def interim_key(key: str) -> str:
    return "interim:" + key


def keep_interim(key: str, value) -> None:
    """Keep what was built from the previous version's entries while a warm-up runs: read
    in its place until the warm-up ends, never after."""
    cache.set(interim_key(key), value, WARMING_TIMEOUT)


def keep(key: str, value) -> None:
    ttl = WARMED_TTL if is_building() else FIGURES_TTL
    cache.set(key, value, ttl)
    local = _local()
    if local is not None:
        local.set(key, value, min(ttl, FIGURES_TTL))


def cached_this_version(page: str, query: str, build):
    """What ``build`` returns for a query, kept under the current version only: never the last
    warmed version's entry, as ``cached`` gives while a warm-up runs. For what other entries
    are built from (a search's listed matches): those are kept as this version's."""
    key = figures_key(page, query, current_version())
    value = cache.get(key)
    if value is None:
        value = build()
        keep(key, value)
    return value


def cached(page: str, query: str, build):
    """A page's figures for a query: the current version's, the last warmed version's while
    a warm-up builds the current one, or built now."""
    found = look_up(lambda version: figures_key(page, query, version))
    if found.value is not None:
        return found.value
    figures = build()
    prerender(figures)
    keep(figures_key(page, query, found.version), figures)
    return figures
