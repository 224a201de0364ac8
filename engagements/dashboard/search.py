"""Full-text search over the readouts: the query a search box makes, and the pool of matches a
"best match" sort ranks."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db.models import QuerySet

from engagements.dashboard.pagination import Total
from engagements.derived.rollup import data_version

if TYPE_CHECKING:
    from engagements.dashboard.filters import EngagementScopedFilter

SEARCH_CONFIG = "english"
# A "best match" sort ranks at most this many matches, the most recent ones.
RANK_POOL = 1000
POOL_TTL = 300  # seconds: a search's pool is reused this long unless the data changes


def web_search(text: str) -> SearchQuery:
    """What a search box's words ask for, as web search engines read them ("quoted phrase", -not)."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def ranked(filters: EngagementScopedFilter, queryset: QuerySet) -> QuerySet:
    """The rows a "best match" sort ranks: the RANK_POOL most recent matches.

    Ranking reads every match's tsvector: a common word ("security") matches a tenth of
    a million readouts, and ranking them all costs a second. Ranking the most recent
    matches bounds the work; sorting by date lists every match.
    """
    if filters.sort_key() != "relevance":
        return queryset
    if not hasattr(filters, "_rank_pool"):
        # Kept on the filterset, which lives for one request. Read once: the table, its
        # count, the timeline and the export reuse the ids instead of each walking the
        # matches again; and kept a while, keyed by the filters and the data version, for
        # the next page of the same search.
        key = _pool_key(filters)
        filters._rank_pool = cache.get(key)
        if filters._rank_pool is None:
            recent = queryset.order_by(*filters.newest_first())
            filters._rank_pool = list(recent.values_list("pk", flat=True)[:RANK_POOL])
            cache.set(key, filters._rank_pool, POOL_TTL)
    return queryset.filter(pk__in=filters._rank_pool)


def rank_pool(filters: EngagementScopedFilter) -> list[int] | None:
    """The ids a "best match" list ranks, already read (every one matches the filters); None
    when the list is not ranked."""
    return getattr(filters, "_rank_pool", None)


def ranked_total(filters: EngagementScopedFilter) -> Total | None:
    """How many rows a "best match" list holds, without counting: its pool."""
    pool = rank_pool(filters)
    return None if pool is None else Total(len(pool))


def _pool_key(filters: EngagementScopedFilter) -> str:
    text = f"{type(filters).__name__}:{filters.cache_text()}#{data_version()}"
    return "pool:" + hashlib.sha256(text.encode()).hexdigest()
