"""Pages of a list without ever counting a huge table exactly.

An unfiltered count of a big table is the planner's estimate (pg_class.reltuples); a filtered
count stops at COUNT_CAP rows ("more than 100,000"); the next page is known by fetching one
row more than a page holds. Pages beyond MAX_PAGE are refused with a message asking for a
narrower filter, so no request walks an OFFSET of millions of rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

PER_PAGE = 50
MAX_PAGE = 2000
# Counting stops here: past it the exact figure is not worth reading every row for.
COUNT_CAP = 100_000


@dataclass(frozen=True)
class Total:
    value: int
    approximate: bool = False  # the planner's estimate
    capped: bool = False  # at least this many

    def __str__(self) -> str:
        if self.capped:
            return f"more than {self.value:,}"
        if self.approximate:
            return f"about {self.value:,}"
        return f"{self.value:,}"


def count_rows(queryset: QuerySet, *, filtered: bool, model=None, cap: int | None = None) -> Total:
    """How many rows a list holds, read with bounded work, in one query whatever the size.

    Unfiltered, a table the planner believes holds more than COUNT_CAP rows gives its
    estimate (pg_class.reltuples) and is not read; otherwise the rows are counted through a
    LIMIT, so at most COUNT_CAP + 1 are read. Both are one statement, so a page makes the
    same number of queries at a thousand rows and at a million.
    """
    cap = COUNT_CAP if cap is None else cap  # the admin counts less far
    # values("pk") leaves out the annotations (a search rank, per-row subqueries) that a
    # count never needs.
    try:
        sql, params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
    except EmptyResultSet:  # a queryset that cannot match (invalid filters give .none())
        return Total(0)
    counted = f"(SELECT count(*) FROM ({sql}) AS limited)"  # noqa: S608 - Django's own SQL and parameters
    with connections[queryset.db].cursor() as cursor:
        if filtered:
            cursor.execute(f"SELECT {counted}, false", params)
        else:
            # The subquery is an InitPlan: run only when the CASE reaches it.
            cursor.execute(
                f"SELECT CASE WHEN c.reltuples > %s THEN c.reltuples::bigint ELSE {counted} END, "  # noqa: S608
                "c.reltuples > %s FROM pg_class c WHERE c.oid = %s::regclass",
                [cap, *params, cap, (model or queryset.model)._meta.db_table],
            )
        value, estimated = cursor.fetchone()
    if estimated:
        return Total(int(value), approximate=True)
    if value > cap:
        return Total(cap, capped=True)
    return Total(value)


@dataclass
class Page:
    rows: list
    number: int
    per_page: int
    has_next: bool
    total: Total
    error: str = ""

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total.value / self.per_page))

    @property
    def last_number(self) -> int | None:
        """The last page's number when it can be linked to (known and not too deep)."""
        if self.total.approximate or self.total.capped or self.num_pages > MAX_PAGE:
            return None
        return self.num_pages

    @property
    def is_paged(self) -> bool:
        return self.has_next or self.number > 1


def page_number(raw: str | None) -> tuple[int, str]:
    """The page asked for, or page 1 and a message saying why not."""
    if raw in (None, ""):
        return 1, ""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1, f"“{raw[:20]}” is not a page number: showing the first page."
    if number < 1:
        return 1, "Pages start at 1: showing the first page."
    if number > MAX_PAGE:
        return MAX_PAGE, (
            f"Lists stop at page {MAX_PAGE:,}. Narrow the filters (a shorter date range, a country) "
            "or change the sort to reach the rows beyond."
        )
    return number, ""


# From this offset on, a page is read in two steps (see page_rows).
DEFERRED_FROM = 500


def page_rows(
    queryset: QuerySet, offset: int, limit: int, page_ids: Callable[[int, int], list[int]] | None = None
) -> list:
    """The rows of one page; deep pages by a "deferred join".

    An OFFSET makes PostgreSQL produce every skipped row: with joins, annotations and the
    readout's columns that costs ~0.01 ms a row, 250 ms at page 500. So a deep page first
    walks the ordering's index for the ids alone (an index-only scan), then fetches the full
    rows, joins and prefetches for those ids only. ``page_ids(offset, limit)``, when given,
    finds the ids of any page by a cheaper walk than the queryset's, in its order.
    """
    if page_ids is None and offset < DEFERRED_FROM:
        return list(queryset[offset : offset + limit])
    ids = page_ids(offset, limit) if page_ids else list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    position = {pk: n for n, pk in enumerate(ids)}
    rows = list(queryset.filter(pk__in=ids).order_by())
    return sorted(rows, key=lambda row: position[row.pk])


def paginate(
    queryset: QuerySet,
    raw_page: str | None,
    *,
    filtered: bool,
    per_page: int = PER_PAGE,
    model=None,
    total: Callable[[], Total | None] | None = None,
    page_ids: Callable[[int, int], list[int]] | None = None,
) -> Page:
    """One page of a list. ``total``, a function giving the total when the caller can tell
    it more cheaply than a count (from the rollup), or None; ``page_ids``, see ``page_rows``."""
    number, error = page_number(raw_page)
    offset = (number - 1) * per_page
    rows = page_rows(queryset, offset, per_page + 1, page_ids)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    if number == 1 and not has_next:
        total = Total(len(rows))  # the whole list is on this page: nothing to count
    else:
        known = total() if total else None
        total = known if known is not None else count_rows(queryset, filtered=filtered, model=model)
    if not rows and number > 1 and not error:
        error = f"There is no page {number:,}: the list has {total} rows. Go back to the first page."
    return Page(rows=rows, number=number, per_page=per_page, has_next=has_next, total=total, error=error)
