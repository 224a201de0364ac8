"""The filtered pages readers open most, counted in the cache, so that the warm-up builds them
again after a change: a team's usual filters and saved searches are ready for their first
visitor after an ingest, as the overview is.

Counted: each visit of a page kept whole (page_cache.py) with a query string, served from the
cache or not, except the warm-up's own. Kept: the TRACKED most opened paths, each forgotten a
week after its last visit. One entry of the shared cache holds them all; two servers counting
at the same moment may lose one visit, which does not change what is popular.
"""

from __future__ import annotations

import time

from django.core.cache import cache

KEY = "popular-pages"
TRACKED = 200  # paths counted; past it the least opened are forgotten
FORGOTTEN_AFTER = 7 * 24 * 3600  # seconds since a path's last visit
LONGEST = 500  # characters: a longer URL (a pasted stress test) is not counted
WARM_UP = "_warm_up"  # set on the warm-up's own requests, which are not visits


def record(path: str) -> None:
    """Count one visit of ``path`` (with its query string)."""
    if "?" not in path or len(path) > LONGEST:
        return
    now = time.time()
    counts = {p: seen for p, seen in (cache.get(KEY) or {}).items() if now - seen[1] < FORGOTTEN_AFTER}
    visits = counts.get(path, (0, now))[0] + 1
    counts[path] = (visits, now)
    if len(counts) > TRACKED:
        counts = dict(sorted(counts.items(), key=_most_first)[:TRACKED])
    cache.set(KEY, counts, FORGOTTEN_AFTER)


def most_opened(n: int) -> list[str]:
    """The ``n`` paths visited most within the last week, the most visited first."""
    now = time.time()
    counts = {p: seen for p, seen in (cache.get(KEY) or {}).items() if now - seen[1] < FORGOTTEN_AFTER}
    return [path for path, _ in sorted(counts.items(), key=_most_first)[:n]]


def _most_first(item: tuple[str, tuple[int, float]]) -> tuple:
    path, (visits, last) = item
    return (-visits, -last, path)
