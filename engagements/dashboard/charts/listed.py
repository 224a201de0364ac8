"""The counts of a listed set of engagements, read once for every chart of a page.

A filter no rollup answers (a search and a country, a topic and a region...) lists its
matching engagements' ids; each chart then aggregated the fact tables over those ids, one
query a chart, so the overview read the engagements three times and their countries twice.
``ListedCounts`` reads the listed engagements' rows of facts (``EngagementFacts``) once, in
one statement, into the rollup's shape (month, dimension, value, n), and answers the charts
as ``RollupCounts`` does: the charts' rollup code reads it unchanged.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connections, router

from engagements.derived.rollup import period_key
from engagements.models import EngagementFacts

# What each dimension counts, as the rollups count it (derived_v11.sql): engagements by
# kind and forum, partner links by country, topics by name, agreement events by action,
# exercise mentions by exercise; each in the month of its engagement's date. Read from each
# engagement's row of facts (summaries_v6.sql), not from the four fact tables: at 1M, for the
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
    WHERE f.engagement_id = ANY(%(ids)s::bigint[])
    GROUP BY 1, 2, 3
) c LEFT JOIN engagements_topic t ON c.dim = 'topic' AND t.id::text = c.value
"""


def array_text(ids: list[int]) -> str:
    """PostgreSQL's text form of an array of integers: psycopg2 adapts a Python list element
    by element into an ARRAY[...] the server then folds (15 ms for 8,000 ids, where joining
    their text takes 1)."""
    return "{" + ",".join(map(str, ids)) + "}"


class ListedCounts:
    """``RollupCounts``'s reading (counts, totals) of the engagements whose ids are listed."""

    # Not one country's: what the country index asks of a rollup before it reads one.
    country = None

    def __init__(self, ids: list[int]):
        self.ids = ids
        self._rows: dict[str, list[tuple]] | None = None

    def _read(self, dimension: str) -> list[tuple]:
        """(month, value, n) of one dimension; every dimension's read at the first call."""
        if self._rows is None:
            self._rows = defaultdict(list)
            # ``= ANY`` of a constant array tells the planner how many ids there are: it
            # hashes a large list where it probes the indexes for a small one.
            with connections[router.db_for_read(EngagementFacts)].cursor() as cursor:
                cursor.execute(COUNTS, {"ids": array_text(self.ids)})
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
