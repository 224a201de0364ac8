"""The monthly rollup: counts per month, country scope, dimension and value.

At a million engagements a chart that aggregates the fact tables costs hundreds of
milliseconds; the same figure summed from ``MonthlyCount`` costs a few. One SQL function
(``engagements_rollup_counts``, sql/derived_v1.sql) says what is counted: the database's
triggers fill the table with it for the months each transaction touched, and this module
also counts with it, on the fly, the partial months at the edges of a date range, so a page
filtered from 12 March to 3 July adds raw counts for 12-31 March and 1-3 July to the
rollup's April, May and June.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db import connections, router
from django.db.models import Sum

from engagements.models import DataVersion, MonthlyCount, ScopedMonthlyCount, ScopedYearlyCount, YearlyCount

_TABLE = MonthlyCount._meta.db_table
_YEARLY = YearlyCount._meta.db_table
_SCOPED = ScopedMonthlyCount._meta.db_table
_SCOPED_YEARLY = ScopedYearlyCount._meta.db_table


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# -- reading it ------------------------------------------------------------------------------


class RollupCounts:
    """Counts for one scope (all engagements, one country's, or ``within`` values of a
    filter: ("region", ["Asia"]), ("topic", [topic id]), ("forum", [forum id]); several
    values summed, for filters whose values no engagement shares: forums) over an optional
    date range, of the engagements of some ``kinds`` or of all."""

    def __init__(
        self,
        country: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        *,
        within: tuple[str, list[str]] | None = None,
        kinds: list[str] | None = None,
    ):
        self.country = country
        self.within = within
        self.kinds = list(kinds) if kinds else None
        self.dated_only = bool(date_from or date_to)
        # Whole months the rollup answers, and the partial ones counted from the fact tables.
        self.first_month = month_start(date_from) if date_from else None
        self.last_month = month_start(date_to) if date_to else None
        self.edges: list[tuple[dt.date, dt.date]] = []
        if date_from and date_from.day != 1:
            self.edges.append((date_from, min(month_end(date_from), date_to or dt.date.max)))
            self.first_month = month_start(month_end(date_from) + dt.timedelta(days=1))
        if date_to and date_to != month_end(date_to):
            start = max(month_start(date_to), date_from or dt.date.min)
            if not self.edges or self.edges[0] != (start, date_to):
                self.edges.append((start, date_to))
            self.last_month = month_start(month_start(date_to) - dt.timedelta(days=1))
        self._edge_rows: list[tuple] | None = None

    @property
    def _kind_rows(self) -> list[str]:
        """The rows' kinds to read: some kinds', or the sum of every kind (kind '')."""
        return self.kinds or [""]

    @property
    def _no_whole_months(self) -> bool:
        return bool(self.first_month and self.last_month and self.first_month > self.last_month)

    def _edge(self) -> list[tuple]:
        """(month, dimension, value, n) of the partial months, counted once per request."""
        if self._edge_rows is None:
            self._edge_rows = []
            for start, end in self.edges:
                # Counted by the function that fills the scope's table.
                if self.within is not None:
                    function, scope = "engagements_scoped_counts", [self.within[0], list(self.within[1])]
                else:
                    countries = [] if self.country is None else [self.country]
                    function, scope = "engagements_rollup_counts", [self.country is None, countries]
                with _reader().cursor() as cursor:
                    cursor.execute(
                        f"SELECT month, dimension, value, n FROM {function}(%s, %s, false, %s, %s) "  # noqa: S608
                        "WHERE kind = ANY(%s)",
                        [start, end, *scope, self._kind_rows],
                    )
                    self._edge_rows += cursor.fetchall()
        return self._edge_rows

    def counts(self, dimension: str, *, by: str = "", values: list[str] | None = None) -> dict[tuple, int]:
        """{(value,) or (value, period): n}; ``by`` is "", "month" or "year".

        Whole years come from the yearly table, the months around them from the monthly one,
        and the partial months at the ends of the range from the fact tables.
        """
        monthly, yearly = (_SCOPED, _SCOPED_YEARLY) if self.within is not None else (_TABLE, _YEARLY)
        scope, scope_params = self._rows_of(dimension, values)
        parts, params = [], []
        if not self._no_whole_months:
            years, months = self.split(by)
            if years is not None:
                period = {"": "NULL::date", "year": "make_date(year, 1, 1)"}[by]
                where = [scope, *years[0]]
                if self.dated_only or by:
                    where.append("year IS NOT NULL")
                parts.append(f"SELECT value, {period} AS period, n FROM {yearly} WHERE {' AND '.join(where)}")  # noqa: S608
                params += scope_params + years[1]
            period = {"": "NULL::date", "month": "month", "year": "date_trunc('year', month)::date"}[by]
            for conditions, bounds in months:
                where = [scope, *conditions]
                if self.dated_only or by:
                    where.append("month IS NOT NULL")
                parts.append(f"SELECT value, {period} AS period, n FROM {monthly} WHERE {' AND '.join(where)}")  # noqa: S608
                params += scope_params + bounds
        result: dict[tuple, int] = defaultdict(int)
        if parts:
            with _reader().cursor() as cursor:
                cursor.execute(
                    f"SELECT value, period, sum(n) FROM ({' UNION ALL '.join(parts)}) counted GROUP BY 1, 2",  # noqa: S608
                    params,
                )
                for value, when, n in cursor.fetchall():
                    result[period_key(value, when, by)] += int(n)
        for month, dim, value, n in self._edge():
            if dim == dimension and (values is None or value in values):
                when = month.replace(month=1) if by == "year" else month
                result[period_key(value, when, by)] += n
        return dict(result)

    def _rows_of(self, dimension: str, values: list[str] | None = None) -> tuple[str, list]:
        """The condition (and its parameters) of this scope's rows of a dimension."""
        if self.within is not None:
            scope = "scope = %s AND scope_value = ANY(%s) AND dimension = %s"
            params: list = [self.within[0], list(self.within[1]), dimension]
        elif self.country is None:
            scope, params = "dimension = %s AND country_id IS NULL", [dimension]
        else:
            scope, params = "dimension = %s AND country_id = %s", [dimension, self.country]
        if values is not None:
            scope += " AND value = ANY(%s)"
            params.append(list(values))
        return f"{scope} AND kind = ANY(%s)", [*params, self._kind_rows]

    def extent(self) -> tuple[int, dt.date | None, dt.date | None]:
        """(engagements, first month, last month) of the scope without a date range, in one
        query of the monthly rows by kind (undated engagements count in the total only)."""
        if self.dated_only:
            raise ValueError("the extent of a date range is the range's")
        table = _SCOPED if self.within is not None else _TABLE
        scope, params = self._rows_of("kind")
        with _reader().cursor() as cursor:
            cursor.execute(f"SELECT sum(n), min(month), max(month) FROM {table} WHERE {scope}", params)  # noqa: S608
            n, first, last = cursor.fetchone()
        return int(n or 0), first, last

    def split(self, by: str):
        """The whole months to read as (yearly conditions or None, [monthly conditions]).

        Each condition set is (SQL conditions, parameters)."""
        first, last = self.first_month, self.last_month
        if by == "month":
            return None, [_month_range(first, last)]
        year_from = None if first is None else (first.year if first.month == 1 else first.year + 1)
        year_to = None if last is None else (last.year if last.month == 12 else last.year - 1)
        if year_from is not None and year_to is not None and year_from > year_to:
            return None, [_month_range(first, last)]
        conditions, bounds = [], []
        if year_from is not None:
            conditions.append("year >= %s")
            bounds.append(year_from)
        if year_to is not None:
            conditions.append("year <= %s")
            bounds.append(year_to)
        months = []
        if year_from is not None and first.month != 1:
            months.append(_month_range(first, dt.date(first.year, 12, 1)))
        if year_to is not None and last.month != 12:
            months.append(_month_range(dt.date(last.year, 1, 1), last))
        return (conditions, bounds), months

    def totals(self, dimension: str, values: list[str] | None = None) -> dict[str, int]:
        return {key[0]: n for key, n in self.counts(dimension, values=values).items() if n}


def engagement_totals(scope: str, values: list[str]) -> dict[str, int]:
    """{value: engagements} over all time of some countries (``scope`` "country") or of some
    values of a scoped rollup ("region", "topic" by id, "forum" by id): one read of their
    yearly rows of kinds."""
    database = router.db_for_read(YearlyCount)
    if scope == "country":
        rows, key = YearlyCount.objects.using(database).filter(country_id__in=values), "country_id"
    else:
        rows = ScopedYearlyCount.objects.using(database).filter(scope=scope, scope_value__in=values)
        key = "scope_value"
    found = rows.filter(dimension="kind", kind="").values(key).annotate(n=Sum("n")).values_list(key, "n")
    return {str(value): int(n) for value, n in found}


def _month_range(first: dt.date | None, last: dt.date | None) -> tuple[list[str], list]:
    conditions, bounds = [], []
    if first:
        conditions.append("month >= %s")
        bounds.append(first)
    if last:
        conditions.append("month <= %s")
        bounds.append(last)
    return conditions, bounds


def period_key(value: str, when: dt.date | None, by: str) -> tuple:
    if not by:
        return (value,)
    return (value, when.year if by == "year" else when)


def _reader():
    """The connection the rollup is read through: a replica during an analyst's request."""
    return connections[router.db_for_read(MonthlyCount)]


def data_version() -> int:
    """Moves on every committed change to what the dashboard shows (the database's settle
    moves it, renames and deletes included): one row read. Caches of figures and search
    pools key on it."""
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
