"""The counts of a listed set of engagements, read once for every chart of a page.

A filter no rollup answers (a search and a country, a topic and a region...) lists its
matching engagements' ids; each chart then aggregated the fact tables over those ids, one
query a chart, so the overview read the engagements three times and their countries twice.
``ListedCounts`` reads the listed engagements' rows of facts (``EngagementFacts``) once, in
one statement, into the rollup's shape (month, dimension, value, n), and answers the charts
as ``RollupCounts`` does: the charts' rollup code reads it unchanged.

A filter those rows answer themselves (countries, regions, topics, forums, kinds, dates) is
not listed: the same statement finds its rows by their indexes. Any of several countries,
topics or regions is split (``SplitCounts``) between the largest one's rollup and the others'
rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db import connections, router
from django.db.models import QuerySet

from engagements.dashboard.filters import FACT_CONDITIONS, SEARCH_FACETS, region_codes
from engagements.dashboard.search import facet_entries, facets_but
from engagements.derived.rollup import RollupCounts, engagement_totals, period_key
from engagements.models import EngagementFacts

# What each dimension counts, as the rollups count it (derived_v11.sql): engagements by
# kind and forum, partner links by country, topics by name, agreement events by action,
# exercise mentions by exercise; each in the month of its engagement's date. Read from each
# engagement's row of facts (summaries_v7.sql), not from the four fact tables: at 1M, for the
# 85,169 matches of "maritime security", 550 -> 320 ms.
COUNTS = """
SELECT c.month, c.dim, coalesce(t.name::text, c.value), c.n FROM (
    SELECT f.month, x.dim, x.value, count(*) AS n
    FROM engagements_engagementfacts f CROSS JOIN LATERAL (
        SELECT 'kind' AS dim, f.kind::text AS value
        UNION ALL SELECT 'forum', f.forum_id::text WHERE f.forum_id IS NOT NULL
        UNION ALL SELECT 'partner', unnest(f.partners)::text
        UNION ALL SELECT 'topic', unnest(f.topics)::text
        UNION ALL SELECT 'action', unnest(f.actions)::text
        UNION ALL SELECT 'exercise', unnest(f.exercises)::text
    ) x
    WHERE {matches}
    GROUP BY 1, 2, 3
) c LEFT JOIN engagements_topic t ON c.dim = 'topic' AND t.id::text = c.value
"""


def array_text(ids: list[int]) -> str:
    """PostgreSQL's text form of an array of integers: psycopg2 adapts a Python list element
    by element into an ARRAY[...] the server then folds (15 ms for 8,000 ids, where joining
    their text takes 1)."""
    return "{" + ",".join(map(str, ids)) + "}"


class ListedCounts:
    """``RollupCounts``'s reading (counts, totals) of the engagements whose ids are listed,
    of those a query of their ids finds (``matches``), or of those whose rows of facts a
    condition chooses (``where``: a function that gives it, as SQL on the rows ``f`` and its
    parameters, when they are read): read in one statement."""

    # Not one country's: what the country index asks of a rollup before it reads one.
    country = None

    def __init__(
        self,
        ids: list[int] | None = None,
        *,
        matches: QuerySet | None = None,
        where: Callable[[], tuple[str, list]] | None = None,
        kinds: list[str] | None = None,
    ):
        if sum(given is not None for given in (ids, matches, where)) != 1:
            raise ValueError("count listed ids, the matches of a query, or the rows a condition chooses")
        self.ids = ids
        self.matches = matches
        self.where = where
        self.kinds = list(kinds) if kinds else None
        self._rows: dict[str, list[tuple]] | None = None

    def _statement(self) -> tuple[str, list]:
        if self.ids is not None:
            # ``= ANY`` of a constant array tells the planner how many ids there are: it
            # hashes a large list where it probes the indexes for a small one.
            condition, params = "f.engagement_id = ANY(%s::bigint[])", [array_text(self.ids)]
        elif self.where is not None:
            condition, chosen = self.where()
            params = list(chosen)
        else:
            # The matches' ids as one array, probed by the primary key: as ``IN`` the planner
            # trusted the GIN index's estimate (9,631 for 18,547) and hashed the whole table.
            sql, query_params = self.matches.query.sql_with_params()
            condition, params = f"f.engagement_id = ANY(ARRAY({sql}))", list(query_params)
        if self.kinds is not None:
            condition += " AND f.kind = ANY(%s)"
            params.append(self.kinds)
        return COUNTS.format(matches=condition), params

    def _read(self, dimension: str) -> list[tuple]:
        """(month, value, n) of one dimension; every dimension's read at the first call."""
        if self._rows is None:
            self._rows = defaultdict(list)
            with connections[router.db_for_read(EngagementFacts)].cursor() as cursor:
                cursor.execute(*self._statement())
                for month, dim, value, n in cursor.fetchall():
                    self._rows[dim].append((month, value, n))
        return self._rows.get(dimension, [])

    def counts(self, dimension: str, *, by: str = "", values: list[str] | None = None) -> dict[tuple, int]:
        """{(value,) or (value, period): n}; ``by`` is "", "month" or "year" (undated rows
        count only in totals, as the rollup's)."""
        wanted = None if values is None else set(values)
        result: dict[tuple, int] = defaultdict(int)
        for month, value, n in self._read(dimension):
            if (wanted is not None and value not in wanted) or (by and month is None):
                continue
            when = month.replace(month=1) if by == "year" and month else month
            result[period_key(value, when, by)] += n
        return dict(result)

    def totals(self, dimension: str, values: list[str] | None = None) -> dict[str, int]:
        return {key[0]: n for key, n in self.counts(dimension, values=values).items() if n}


class SplitCounts:
    """``RollupCounts``'s reading of the engagements of any of several countries, topics or
    partner regions (``name``, the filter's; topics by id), in an optional date range, of some
    kinds or all: the counts of the value with the most engagements from its rollup, plus
    those of the others' engagements without it, from their rows of facts, in one statement
    (found by the search table's facets, or for regions by the rows' partners). The two
    share no engagement: their counts add.

    At 1M, the United States or Japan: 948,277 engagements, too many to list, so each chart
    repeated the filter (4.3 s on a first visit); Japan's without the United States are 18,547.
    """

    country = None

    def __init__(
        self,
        name: str,
        values: list[str],
        date_from: dt.date | None,
        date_to: dt.date | None,
        *,
        kinds: list[str] | None = None,
    ):
        self.name, self.values = name, list(values)
        self.date_from, self.date_to = date_from, date_to
        self.kinds = list(kinds) if kinds else None
        self._parts: list | None = None

    def parts(self) -> list:
        """The largest value's rollup and the rest's counts, made at the first reading."""
        if self._parts is None:
            totals = engagement_totals(self.name, self.values)
            largest = max(self.values, key=lambda value: (totals.get(value, 0), value))
            dates = (self.date_from, self.date_to)
            if self.name == "country":
                rollup = RollupCounts(largest, *dates, kinds=self.kinds)
            else:
                rollup = RollupCounts(None, *dates, within=(self.name, [largest]), kinds=self.kinds)
            others = [value for value in self.values if value != largest]
            if self.name == "region":
                region = FACT_CONDITIONS["region"]
                conditions, params = [f"{region} AND NOT {region}"], [region_codes(others), region_codes([largest])]
                for name, day in zip(("date_from", "date_to"), dates, strict=True):
                    if day:
                        conditions.append(FACT_CONDITIONS[name])
                        params.append(day)
                rest = ListedCounts(where=lambda: (" AND ".join(conditions), params), kinds=self.kinds)
            else:
                key = SEARCH_FACETS[self.name]
                entries = facet_entries(facets_but(key, others, largest), *dates)
                rest = ListedCounts(matches=entries.values("engagement_id"), kinds=self.kinds)
            self._parts = [rollup, rest]
        return self._parts

    def counts(self, dimension: str, *, by: str = "", values: list[str] | None = None) -> dict[tuple, int]:
        result: dict[tuple, int] = defaultdict(int)
        for part in self.parts():
            for key, n in part.counts(dimension, by=by, values=values).items():
                result[key] += n
        return dict(result)

    def totals(self, dimension: str, values: list[str] | None = None) -> dict[str, int]:
        return {key[0]: n for key, n in self.counts(dimension, values=values).items() if n}
