"""Reading the pair rollup: engagements per pair of countries, by kind, year or neither.

Whole years come from ``PairYearCount``, whole months from ``PairCount``; the partial months
at the ends of a date range are counted from the base tables by the very function that fills
the table (``engagements_pair_counts``, sql/derived_v3.sql), as ``rollup.RollupCounts`` does
for the monthly rollup, so a count over 12 March to 3 July is exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection

from engagements.derived.rollup import RollupCounts, period_key
from engagements.models import PairCount, PairFactCount, PairTopicYearCount, PairYearCount, Topic

_TABLE = PairCount._meta.db_table
_FACTS = PairFactCount._meta.db_table
_YEARS = PairYearCount._meta.db_table
_TOPIC_YEARS = PairTopicYearCount._meta.db_table
# Each pair's engagements of some days on each of some topics, by kind: the topics part of
# engagements_pair_fact_counts (sql/derived_v5.sql), which counts every dimension of every
# pair (17-39 ms for a part of a month at a million), found by the topics' (topic, date) index.
TOPIC_PAIRS = (
    "SELECT a.country_id, b.country_id, e.kind, count(*) FROM engagements_engagementtopic et "
    "JOIN engagements_topic t ON t.id = et.topic_id "
    "JOIN engagements_engagement e ON e.id = et.engagement_id "
    "JOIN engagements_engagementcountry a ON a.engagement_id = e.id "
    "JOIN engagements_engagementcountry b ON b.engagement_id = e.id AND b.country_id > a.country_id "
    "WHERE t.name = ANY(%s) AND et.date >= %s AND et.date <= %s AND e.date >= %s AND e.date <= %s "
    "GROUP BY 1, 2, 3"
)


def sorted_pair(first: str, second: str) -> tuple[str, str]:
    """A pair's codes in the rollup's (and the canonical URL's) order."""
    return (first, second) if first < second else (second, first)


class PairRollup:
    """Counts of engagements per pair over an optional date range and set of kinds."""

    def __init__(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None, kinds: list[str] | None = None
    ):
        # The month arithmetic (whole months, partial ones at the edges) is the monthly rollup's.
        self.months = RollupCounts(None, date_from, date_to)
        self.date_from, self.date_to = date_from, date_to
        self.kinds = list(kinds) if kinds else None

    def counts(
        self,
        *,
        pair: tuple[str, str] | None = None,
        country: str | None = None,
        by_year: bool = False,
        by_kind: bool = True,
    ) -> dict[tuple, int]:
        """{(a, b, kind) or (a, b, kind, year): n}; one pair's rows only when ``pair`` is
        given, one country's pairs when ``country`` is; kind None for all kinds together
        when not ``by_kind`` (the database then sums them: thousands of rows, not tens).

        Undated engagements count when no date bounds the range (under year None)."""
        months = self.months
        scope, scope_params = [], []
        if pair is not None:
            scope += ["country_a_id = %s", "country_b_id = %s"]
            scope_params += list(sorted_pair(*pair))
        if country is not None:
            scope.append("(country_a_id = %s OR country_b_id = %s)")
            scope_params += [country, country]
        if self.kinds is not None:
            scope.append("kind = ANY(%s)")
            scope_params.append(self.kinds)
        # Whole years from the yearly table, the whole months around them from the monthly
        # one (the monthly rollup's split, rollup.RollupCounts).
        parts, params = [], []
        if not months._no_whole_months:
            years, month_ranges = months.split("year" if by_year else "")
            if years is not None:
                where = [*scope, *years[0]] + (["year IS NOT NULL"] if months.dated_only else [])
                parts.append(
                    f"SELECT country_a_id, country_b_id, kind, year, n FROM {_YEARS} "  # noqa: S608
                    f"WHERE {' AND '.join(where) or 'true'}"
                )
                params += scope_params + years[1]
            for conditions, bounds in month_ranges:
                where = [*scope, *conditions] + (["month IS NOT NULL"] if months.dated_only else [])
                parts.append(
                    f"SELECT country_a_id, country_b_id, kind, extract(year FROM month)::int, n FROM {_TABLE} "  # noqa: S608
                    f"WHERE {' AND '.join(where) or 'true'}"
                )
                params += scope_params + bounds
        year = "year" if by_year else "NULL::int"
        kind = "kind" if by_kind else "NULL::text"
        result: dict[tuple, int] = defaultdict(int)
        if parts:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT country_a_id, country_b_id, {kind}, {year}, sum(n) "  # noqa: S608
                    f"FROM ({' UNION ALL '.join(parts)}) AS counted (country_a_id, country_b_id, kind, year, n) "
                    "GROUP BY 1, 2, 3, 4",
                    params,
                )
                for a, b, of_kind, when, n in cursor.fetchall():
                    result[_key(a, b, of_kind, when, by_year)] += int(n)
        for start, end in months.edges:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT country_a, country_b, kind, month, n FROM engagements_pair_counts(%s, %s, false, %s)",
                    [start, end, [sorted_pair(*pair)[0]] if pair else [country] if country else None],
                )
                for a, b, of_kind, month, n in cursor.fetchall():
                    if pair is not None and (a, b) != sorted_pair(*pair):
                        continue
                    if self.kinds is not None and of_kind not in self.kinds:
                        continue
                    result[_key(a, b, of_kind if by_kind else None, month.year, by_year)] += n
        return dict(result)

    def pair_totals(self, country: str | None = None) -> dict[tuple[str, str], int]:
        """{(a, b): engagements} of every pair with any (one country's pairs, when given)."""
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for (a, b, *_), n in self.counts(country=country, by_kind=False).items():
            totals[(a, b)] += n
        return {pair: n for pair, n in totals.items() if n}

    def _topic_sums(self, topics: list[str]) -> dict[tuple[str, str], int]:
        """{(a, b): n} of every pair: how many times its engagements in the range and kinds
        raised one of these topics (an engagement on two of them counts twice). Whole months
        from the pair facts, by their index of topics over months; the partial months from
        the base tables (``TOPIC_PAIRS``)."""
        months = self.months
        where = ["dimension = %s", "value = ANY(%s)"]
        params: list = [PairFactCount.Dimension.TOPIC, list(topics)]
        if self.kinds is not None:
            where.append("kind = ANY(%s)")
            params.append(self.kinds)
        if months.dated_only:
            where.append("month IS NOT NULL")
        totals: dict[tuple[str, str], int] = defaultdict(int)
        if not months._no_whole_months:
            _years, [(bounds, bound_params)] = months.split("month")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT country_a_id, country_b_id, sum(n) FROM {_FACTS} "  # noqa: S608
                    f"WHERE {' AND '.join(where + bounds)} GROUP BY 1, 2",
                    params + bound_params,
                )
                for a, b, n in cursor.fetchall():
                    totals[(a, b)] += int(n)
        for start, end in months.edges:
            with connection.cursor() as cursor:
                cursor.execute(TOPIC_PAIRS, [list(topics), start, end, start, end])
                for a, b, kind, n in cursor.fetchall():
                    if self.kinds is None or kind in self.kinds:
                        totals[(a, b)] += n
        return totals

    def topic_totals(self, topics: list[str]) -> dict[tuple[str, str], int]:
        """{(a, b): engagements} of every pair on any of these topics in the range and kinds:
        the pair facts' counts of each topic summed, less, for an engagement on several of
        them, its counts beyond the first. Those few are found from the engagements' topic
        rows by the same dates (each carries its engagement's date)."""
        totals = self._topic_sums(topics)
        ids = sorted(Topic.objects.filter(name__in=topics).values_list("id", flat=True)) if len(set(topics)) > 1 else []
        if len(ids) > 1:
            # An engagement on m of the topics is counted m times: once too many for each of
            # its topic rows that has another of the topics, of a smaller id, beside it. Both
            # sides are ranges of the topics' (topic, date) index (a row's date is its
            # engagement's), joined by hashing one: a probe per row took twice as long. The
            # ids go in as constants, so the planner knows how many rows each side holds.
            dates, params = [], []
            if self.date_from:
                dates.append("AND {0}.date >= %s")
                params.append(self.date_from)
            if self.date_to:
                dates.append("AND {0}.date <= %s")
                params.append(self.date_to)
            kinds, kind_params = "", []
            if self.kinds is not None:
                kinds = "JOIN engagements_engagement e ON e.id = m.engagement_id AND e.kind = ANY(%s)"
                kind_params.append(self.kinds)
            with connection.cursor() as cursor:
                # Those rows first; then their engagements' countries one engagement at a
                # time (the planner, expecting thousands more, read every country row).
                cursor.execute(
                    "WITH m AS MATERIALIZED (SELECT a.engagement_id FROM engagements_engagementtopic a "  # noqa: S608
                    f"WHERE a.topic_id = ANY(%s) AND a.topic_id > %s {' '.join(dates).format('a')} "
                    "AND EXISTS (SELECT 1 FROM engagements_engagementtopic b WHERE b.engagement_id = a.engagement_id "
                    f"AND b.topic_id = ANY(%s) AND b.topic_id < %s AND b.topic_id < a.topic_id "
                    f"{' '.join(dates).format('b')})) "
                    f"SELECT p.a, p.b, count(*) FROM m {kinds} CROSS JOIN LATERAL ("
                    "SELECT a.country_id AS a, b.country_id AS b FROM engagements_engagementcountry a "
                    "JOIN engagements_engagementcountry b ON b.engagement_id = a.engagement_id "
                    "AND b.country_id > a.country_id WHERE a.engagement_id = m.engagement_id) p GROUP BY 1, 2",
                    [ids, ids[0], *params, ids, ids[-1], *params, *kind_params],
                )
                for a, b, extra in cursor.fetchall():
                    totals[(a, b)] -= int(extra)
        return {pair: n for pair, n in totals.items() if n}


def _key(a: str, b: str, kind: str, year: int | None, by_year: bool) -> tuple:
    return (a, b, kind, year) if by_year else (a, b, kind)


class PairFacts:
    """One pair's topics, exercises, people and publishers, counted over an optional date
    range and set of kinds from ``PairFactCount``: whole months from the table (topics' whole
    years from ``PairTopicYearCount``), the partial months at the ends from the function that
    fills it. Reads as ``RollupCounts`` does, so
    the charts take either as a scope's rollup."""

    def __init__(
        self,
        pair: tuple[str, str],
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        kinds: list[str] | None = None,
    ):
        self.pair = sorted_pair(*pair)
        self.months = RollupCounts(None, date_from, date_to)
        self.kinds = list(kinds) if kinds else None
        self._edge_rows: list[tuple] | None = None

    def _edge(self) -> list[tuple]:
        """(month, kind, dimension, value, n) of the pair in the partial months, read once."""
        if self._edge_rows is None:
            self._edge_rows = []
            for start, end in self.months.edges:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT month, kind, dimension, value, n FROM engagements_pair_fact_counts(%s, %s, false, %s)",
                        [start, end, list(self.pair)],
                    )
                    self._edge_rows += cursor.fetchall()
        return self._edge_rows

    def counts(self, dimension: str, *, by: str = "", values: list[str] | None = None) -> dict[tuple, int]:
        """{(value,) or (value, period): n}; ``by`` is "", "month" or "year" (undated
        engagements count under no period, and only when no date bounds the range)."""
        months = self.months
        scope, scope_params = ["country_a_id = %s", "country_b_id = %s"], list(self.pair)
        if self.kinds is not None:
            scope.append("kind = ANY(%s)")
            scope_params.append(self.kinds)
        dated = ["month IS NOT NULL"] if months.dated_only or by else []
        period = {"": "NULL::date", "month": "month", "year": "date_trunc('year', month)::date"}[by]
        result: dict[tuple, int] = defaultdict(int)
        if not months._no_whole_months:
            # Topics over whole years from their yearly sums, the months around them from the
            # month rows (the monthly rollup's split); other dimensions from the months alone.
            yearly = dimension == PairFactCount.Dimension.TOPIC and by != "month"
            years, month_ranges = months.split("year" if yearly else "month")
            parts, params = [], []
            if years is not None:
                where = [*scope, *years[0]] + (["year IS NOT NULL"] if dated else [])
                when = "make_date(year, 1, 1)" if by == "year" else "NULL::date"
                if values is not None:
                    where.append("topic = ANY(%s)")
                parts.append(f"SELECT topic, {when}, n FROM {_TOPIC_YEARS} WHERE {' AND '.join(where)}")  # noqa: S608
                params += scope_params + years[1] + ([list(values)] if values is not None else [])
            for conditions, bounds in month_ranges:
                where = [*scope, "dimension = %s", *conditions, *dated]
                if values is not None:
                    where.append("value = ANY(%s)")
                parts.append(f"SELECT value, {period}, n FROM {_FACTS} WHERE {' AND '.join(where)}")  # noqa: S608
                params += [*scope_params, dimension, *bounds] + ([list(values)] if values is not None else [])
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT value, period, sum(n) FROM ({' UNION ALL '.join(parts)}) AS counted (value, period, n) "  # noqa: S608
                    "GROUP BY 1, 2",
                    params,
                )
                for value, when, n in cursor.fetchall():
                    result[period_key(value, when, by)] += int(n)
        for month, kind, of_dimension, value, n in self._edge():
            if of_dimension != dimension or (self.kinds is not None and kind not in self.kinds):
                continue
            if values is None or value in values:
                result[period_key(value, month.replace(month=1) if by == "year" else month, by)] += n
        return dict(result)

    def totals(self, dimension: str, values: list[str] | None = None) -> dict[str, int]:
        return {key[0]: n for key, n in self.counts(dimension, values=values).items() if n}
