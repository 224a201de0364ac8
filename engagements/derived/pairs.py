"""Reading the pair rollup: engagements per pair of countries, by kind, year or neither.

Whole months come from ``PairCount``; the partial months at the ends of a date range are
counted from the base tables by the very function that fills the table
(``engagements_pair_counts``, sql/derived_v3.sql), as ``rollup.RollupCounts`` does for the
monthly rollup, so a count over 12 March to 3 July is exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection

from engagements.derived.rollup import RollupCounts
from engagements.models import PairCount

_TABLE = PairCount._meta.db_table


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
        where, params = [], []
        if pair is not None:
            where += ["country_a_id = %s", "country_b_id = %s"]
            params += list(sorted_pair(*pair))
        if country is not None:
            where.append("(country_a_id = %s OR country_b_id = %s)")
            params += [country, country]
        if self.kinds is not None:
            where.append("kind = ANY(%s)")
            params.append(self.kinds)
        if months.first_month:
            where.append("month >= %s")
            params.append(months.first_month)
        if months.last_month:
            where.append("month <= %s")
            params.append(months.last_month)
        if months.dated_only:
            where.append("month IS NOT NULL")
        year = "extract(year FROM month)::int" if by_year else "NULL::int"
        kind = "kind" if by_kind else "NULL::text"
        result: dict[tuple, int] = defaultdict(int)
        if not months._no_whole_months:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT country_a_id, country_b_id, {kind}, {year}, sum(n) FROM {_TABLE} "  # noqa: S608
                    f"WHERE {' AND '.join(where) or 'true'} GROUP BY 1, 2, 3, 4",
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


def _key(a: str, b: str, kind: str, year: int | None, by_year: bool) -> tuple:
    return (a, b, kind, year) if by_year else (a, b, kind)
