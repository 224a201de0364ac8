"""Full-text search over the readouts: the query a search box makes, and the pool of matches a
"best match" sort ranks."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db.models import QuerySet, Value

from engagements.dashboard.pagination import Total
from engagements.derived.rollup import data_version
from engagements.models import SearchEntry

if TYPE_CHECKING:
    from engagements.dashboard.filters import EngagementScopedFilter

SEARCH_CONFIG = "english"
# A "best match" sort ranks at most this many matches, the most recent ones.
RANK_POOL = 1000
POOL_TTL = 300  # seconds: a search's pool is reused this long unless the data changes


def web_search(text: str) -> SearchQuery:
    """What a search box's words ask for, as web search engines read them ("quoted phrase", -not)."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


class Facets(SearchQuery):
    """The search table's facet lexemes (search_v3.sql) as a tsquery taken as written:
    ``to_tsquery`` would parse '=c=AUS' into the words "c" and "aus". A SearchQuery, so that
    a lookup takes it as it is (it wraps any other value in ``plainto_tsquery``)."""

    template = "%(expressions)s::tsquery"


def facets(any_of: dict[str, list], all_of: dict[str, list]) -> Facets | None:
    """The facets an engagement's entry must hold: one of each ``any_of`` list's, and every
    one of the ``all_of`` lists'; keys "c" (country codes) and "t" (topic ids).

    An ``any_of`` list that shares a value with its key's ``all_of`` list asks nothing more
    (an entry with every one of those holds one of these) and is left out: the GIN index
    tests each candidate entry against every alternative of an OR (at 1M, "maritime security"
    with two countries, all of them and any of six: 1,204 -> 224 ms)."""
    terms = [
        " | ".join(f"'={key}={value}'" for value in values)
        for key, values in any_of.items()
        if values and not set(map(str, values)) & set(map(str, all_of.get(key, ())))
    ]
    terms += [f"'={key}={value}'" for key, values in all_of.items() for value in values]
    return Facets(Value(" & ".join(f"({term})" for term in terms))) if terms else None


def facet_entries(facets: Facets, date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet:
    """The search entries of the engagements whose facets match, in an optional date range:
    each engagement's once (only its lead readout's entry carries it and its facets)."""
    entries = SearchEntry.objects.filter(search=facets, engagement__isnull=False)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    return entries


def facets_but(key: str, values: list[str], excluded: str) -> Facets:
    """The facets of an entry with any of ``values`` of ``key`` but not ``excluded``."""
    wanted = " | ".join(f"'={key}={value}'" for value in values)
    return Facets(Value(f"({wanted}) & !'={key}={excluded}'"))


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
