"""Caching a page's figures: keyed by the data version, and never cold after a change.

The data version (``DataVersion``, moved by the database on every committed change) is read
from the database on each request, so every server agrees on it whatever cache it uses.

After a change the warm-up (engagements/dashboard/warmup.py) builds the figures most visits
need for the new version. Until it is done, pages keep serving the figures of the last
version it finished (``READY_KEY``) rather than making the first visitors wait: the
indirection holds only while a warm-up is under way (``WARMING_KEY``, which expires if the
warm-up dies), so a change nobody warms shows at once, as before.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager

from django.core.cache import cache

from engagements.dashboard.charts.base import prerender
from engagements.derived.rollup import data_version

FIGURES_TTL = 300  # seconds: figures a visit built; the key changes with the data anyway
WARMED_TTL = 24 * 3600  # figures the warm-up built: kept until well after the next change
READY_KEY = "figures:ready_version"  # the last version whose warm-up finished
WARMING_KEY = "figures:warming"  # a warm-up is building this version
WARMING_TIMEOUT = 600  # seconds: a warm-up that has not finished by then is presumed dead

_building = threading.local()


def figures_key(page: str, query: str, version: int) -> str:
    return "figures:" + hashlib.sha256(f"{page}?{query}#{version}".encode()).hexdigest()


@contextmanager
def building():
    """Inside the block (the warm-up's thread), figures are built for the current version
    and kept for WARMED_TTL, never read from an older version."""
    _building.active = True
    try:
        yield
    finally:
        _building.active = False


def cached(page: str, query: str, build):
    """A page's figures for a query: the current version's, the last warmed version's while
    a warm-up builds the current one, or built now."""
    version = data_version()
    key = figures_key(page, query, version)
    if getattr(_building, "active", False):
        figures = cache.get(key)
        if figures is None:
            figures = build()
            prerender(figures)
        cache.set(key, figures, WARMED_TTL)
        return figures
    # One round trip to a shared cache: the figures and the warm-up's state together.
    found = cache.get_many([key, READY_KEY, WARMING_KEY])
    if key in found:
        return found[key]
    ready = found.get(READY_KEY)
    if ready is not None and ready != version:
        if WARMING_KEY in found:
            previous = cache.get(figures_key(page, query, ready))
            if previous is not None:
                return previous
        else:
            # Nobody is warming the new version (a change from a shell, another server's
            # import): this server starts, and the next visitors get the previous figures.
            from engagements.dashboard import warmup

            warmup.request_warm()
    figures = build()
    prerender(figures)
    cache.set(key, figures, FIGURES_TTL)
    return figures
