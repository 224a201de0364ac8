"""The monthly rollup: counts per month, country scope, dimension and value.

At a million engagements a chart that aggregates the fact tables costs hundreds of
milliseconds; the same figure summed from ``MonthlyCount`` costs a few. One SQL statement
(``_AGGREGATE``) says what is counted; it fills the table (in full after a bulk load, for the
months and countries an ingest touched otherwise) and also counts, on the fly, the partial
months at the edges of a date range, so a page filtered from 12 March to 3 July adds raw
counts for 12-31 March and 1-3 July to the rollup's April, May and June.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from engagements.models import MonthlyCount, YearlyCount

# Serialises refreshes: two ingests touching one month must not interleave their DELETE and
# INSERT. Held to the end of the caller's transaction.
_LOCK_KEY = 7_402_911

# What is counted, for the engagements chosen by {where}: each engagement counts once for
# "all" (country NULL, when {all_scope}) and once for each country that took part in it
# (limited to {countries} when given), under every dimension. People are counted in their
# own country's scope only (a country page's "leaders met"), which keeps the table small.
_AGGREGATE = """
WITH eng AS (
    SELECT e.id, date_trunc('month', e.date)::date AS month, e.kind, e.forum_id
    FROM engagements_engagement e
    WHERE {where}
),
scope AS (
    SELECT eng.id, eng.month, NULL::varchar(3) AS country FROM eng WHERE {all_scope}
    UNION ALL
    SELECT eng.id, eng.month, ec.country_id
    FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id
    WHERE {countries}
)
SELECT s.month, s.country, 'kind', e.kind, count(*)
    FROM scope s JOIN eng e ON e.id = s.id GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'partner', ec.country_id, count(*)
    FROM scope s JOIN engagements_engagementcountry ec ON ec.engagement_id = s.id AND ec.is_partner
    GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'topic', t.name, count(*)
    FROM scope s JOIN engagements_engagementtopic et ON et.engagement_id = s.id
    JOIN engagements_topic t ON t.id = et.topic_id GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'forum', e.forum_id::text, count(*)
    FROM scope s JOIN eng e ON e.id = s.id WHERE e.forum_id IS NOT NULL GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'action', ae.action, count(*)
    FROM scope s JOIN engagements_agreementevent ae ON ae.engagement_id = s.id GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'person', pa.person_id::text, count(*)
    FROM scope s JOIN engagements_participation pa ON pa.engagement_id = s.id
    JOIN engagements_person pe ON pe.id = pa.person_id AND pe.country_id = s.country
    GROUP BY 1, 2, 4
UNION ALL
SELECT s.month, s.country, 'exercise', em.exercise_id::text, count(*)
    FROM scope s JOIN engagements_exercisemention em ON em.engagement_id = s.id GROUP BY 1, 2, 4
"""
_TABLE = MonthlyCount._meta.db_table
_YEARLY = YearlyCount._meta.db_table
_COLUMNS = "(month, country_id, dimension, value, n)"
# The yearly table is the monthly one summed: recounted from it, never from the facts.
_SUM_YEARS = f"""
INSERT INTO {_YEARLY} (year, country_id, dimension, value, n)
SELECT extract(year FROM month)::int, country_id, dimension, value, sum(n) FROM {_TABLE}
WHERE {{where}} GROUP BY 1, 2, 3, 4
"""  # noqa: S608 (our constants)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _aggregate(where: str, *, all_scope: bool = True, countries: list[str] | None = None) -> tuple[str, list]:
    params: list = []
    country_sql = "TRUE"
    if countries is not None:
        country_sql = "ec.country_id = ANY(%s)"
        params.append(list(countries))
    sql = _AGGREGATE.format(where=where, all_scope="TRUE" if all_scope else "FALSE", countries=country_sql)
    return sql, params


# -- keeping the table up to date ---------------------------------------------------------


def rebuild() -> int:
    """Recount everything (after a bulk load, or to repair). Returns the rows written."""
    sql, params = _aggregate("TRUE")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        cursor.execute(f"TRUNCATE {_TABLE}, {_YEARLY}")
        cursor.execute(f"INSERT INTO {_TABLE} {_COLUMNS} {sql}", params)
        written = cursor.rowcount
        cursor.execute(_SUM_YEARS.format(where="TRUE"))
        written += cursor.rowcount
        cursor.execute(f"ANALYZE {_TABLE}, {_YEARLY}")
    return written


def refresh(keys: Iterable[tuple[dt.date | None, str]]) -> None:
    """Recount the (month, country) pairs an ingest or an edit touched.

    A key's month is any day of it (None for undated engagements); the "all" scope of each
    month touched is recounted too. Cheap: a month holds a few thousand engagements even at a
    million in all.
    """
    by_month: dict[dt.date | None, set[str]] = defaultdict(set)
    for day, country in keys:
        by_month[month_start(day) if day else None].add(country)
    if not by_month:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        for month, countries in by_month.items():
            countries.discard(None)
            if month is None:
                where, where_params, match = "e.date IS NULL", [], "month IS NULL"
            else:
                where = "e.date >= %s AND e.date <= %s"
                where_params = [month, month_end(month)]
                match = "month = %s"
            cursor.execute(
                f"DELETE FROM {_TABLE} WHERE {match} AND (country_id IS NULL OR country_id = ANY(%s))",  # noqa: S608
                ([month] if month else []) + [sorted(countries)],
            )
            sql, params = _aggregate(where, countries=sorted(countries))
            # The WHERE of the CTE comes first in the statement, the country list after it.
            cursor.execute(f"INSERT INTO {_TABLE} {_COLUMNS} {sql}", where_params + params)
            _refresh_year(cursor, month.year if month else None, sorted(countries))


def _refresh_year(cursor, year: int | None, countries: list[str]) -> None:
    scope = "(country_id IS NULL OR country_id = ANY(%s))"
    if year is None:
        cursor.execute(f"DELETE FROM {_YEARLY} WHERE year IS NULL AND {scope}", [countries])  # noqa: S608
        cursor.execute(_SUM_YEARS.format(where=f"month IS NULL AND {scope}"), [countries])
        return
    cursor.execute(f"DELETE FROM {_YEARLY} WHERE year = %s AND {scope}", [year, countries])  # noqa: S608
    cursor.execute(
        _SUM_YEARS.format(where=f"month >= %s AND month <= %s AND {scope}"),
        [dt.date(year, 1, 1), dt.date(year, 12, 1), countries],
    )


def engagement_keys(engagement_ids: Iterable[int]) -> set[tuple[dt.date | None, str]]:
    """The (month, country) keys of some engagements as they are now in the database."""
    ids = list(engagement_ids)
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT e.date, ec.country_id FROM engagements_engagement e
            LEFT JOIN engagements_engagementcountry ec ON ec.engagement_id = e.id
            WHERE e.id = ANY(%s)
            """,
            [ids],
        )
        return {(day, country) for day, country in cursor.fetchall()}


# -- reading it ------------------------------------------------------------------------------


class RollupCounts:
    """Counts for one scope (all engagements, or one country's) over an optional date range."""

    def __init__(self, country: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None):
        self.country = country
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
    def _no_whole_months(self) -> bool:
        return bool(self.first_month and self.last_month and self.first_month > self.last_month)

    def _edge(self) -> list[tuple]:
        """(month, dimension, value, n) of the partial months, counted once per request."""
        if self._edge_rows is None:
            self._edge_rows = []
            for start, end in self.edges:
                sql, params = _aggregate(
                    "e.date >= %s AND e.date <= %s",
                    all_scope=self.country is None,
                    countries=[] if self.country is None else [self.country],
                )
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT * FROM ({sql}) counted", [start, end, *params])  # noqa: S608
                    self._edge_rows += [(m, d, v, n) for m, _c, d, v, n in cursor.fetchall()]
        return self._edge_rows

    def counts(self, dimension: str, *, by: str = "", values: list[str] | None = None) -> dict[tuple, int]:
        """{(value,) or (value, period): n}; ``by`` is "", "month" or "year".

        Whole years come from the yearly table, the months around them from the monthly one,
        and the partial months at the ends of the range from the fact tables.
        """
        scope = "dimension = %s AND " + ("country_id IS NULL" if self.country is None else "country_id = %s")
        scope_params: list = [dimension] if self.country is None else [dimension, self.country]
        if values is not None:
            scope += " AND value = ANY(%s)"
            scope_params.append(list(values))
        parts, params = [], []
        if not self._no_whole_months:
            years, months = self._split(by)
            if years is not None:
                period = {"": "NULL::date", "year": "make_date(year, 1, 1)"}[by]
                where = [scope, *years[0]]
                if self.dated_only or by:
                    where.append("year IS NOT NULL")
                parts.append(f"SELECT value, {period} AS period, n FROM {_YEARLY} WHERE {' AND '.join(where)}")  # noqa: S608
                params += scope_params + years[1]
            period = {"": "NULL::date", "month": "month", "year": "date_trunc('year', month)::date"}[by]
            for conditions, bounds in months:
                where = [scope, *conditions]
                if self.dated_only or by:
                    where.append("month IS NOT NULL")
                parts.append(f"SELECT value, {period} AS period, n FROM {_TABLE} WHERE {' AND '.join(where)}")  # noqa: S608
                params += scope_params + bounds
        result: dict[tuple, int] = defaultdict(int)
        if parts:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT value, period, sum(n) FROM ({' UNION ALL '.join(parts)}) counted GROUP BY 1, 2",  # noqa: S608
                    params,
                )
                for value, when, n in cursor.fetchall():
                    result[_key(value, when, by)] += int(n)
        for month, dim, value, n in self._edge():
            if dim == dimension and (values is None or value in values):
                when = month.replace(month=1) if by == "year" else month
                result[_key(value, when, by)] += n
        return dict(result)

    def _split(self, by: str):
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


def _month_range(first: dt.date | None, last: dt.date | None) -> tuple[list[str], list]:
    conditions, bounds = [], []
    if first:
        conditions.append("month >= %s")
        bounds.append(first)
    if last:
        conditions.append("month <= %s")
        bounds.append(last)
    return conditions, bounds


def _key(value: str, when: dt.date | None, by: str) -> tuple:
    if not by:
        return (value,)
    return (value, when.year if by == "year" else when)


def data_version() -> int:
    """Changes whenever the rollup does (every ingest and every editor's save recounts some of
    it, inserting new rows): one index probe. Caches of figures and search pools key on it."""
    from django.db.models import Max

    return MonthlyCount.objects.aggregate(v=Max("id"))["v"] or 0
