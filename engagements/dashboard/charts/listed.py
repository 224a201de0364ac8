"""The counts of a listed set of engagements, read once for every chart of a page.

A filter no rollup answers (a search and a country, a topic and a region...) lists its
matching engagements' ids; each chart then aggregated the fact tables over those ids, one
query a chart, so the overview read the engagements three times and their countries twice.
``ListedCounts`` reads each fact table once, in one statement, into the rollup's shape
(month, dimension, value, n), and answers the charts as ``RollupCounts`` does: the charts'
rollup code reads it unchanged.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connections, router

from engagements.derived.rollup import period_key
from engagements.models import Engagement

# What each dimension counts, as the rollups count it (derived_v11.sql): engagements by
# kind and forum, partner links by country, topics by name, agreement events by action,
# exercise mentions by exercise; each in the month of its engagement's date.
COUNTS = """
WITH eng AS (
    SELECT e.id, date_trunc('month', e.date)::date AS month, e.kind, e.forum_id
    FROM engagements_engagement e WHERE e.id = ANY(%(ids)s::bigint[])
)
SELECT month, 'kind', kind::text, count(*) FROM eng GROUP BY 1, 3
UNION ALL
SELECT month, 'forum', forum_id::text, count(*) FROM eng WHERE forum_id IS NOT NULL GROUP BY 1, 3
UNION ALL
-- Each engagement's partners by its index (OFFSET 0 keeps the planner from joining them
-- otherwise): joined, it hashed every partner link of the table (1.2M at 1M engagements,
-- spilled to disk) for 85,000 listed engagements, 100 ms more.
SELECT eng.month, 'partner', ec.country_id::text, count(*)
    FROM eng CROSS JOIN LATERAL (
        SELECT country_id FROM engagements_engagementcountry ec
        WHERE ec.engagement_id = eng.id AND ec.is_partner OFFSET 0
    ) ec GROUP BY 1, 3
UNION ALL
SELECT eng.month, 'topic', t.name::text, count(*)
    FROM eng JOIN engagements_engagementtopic et ON et.engagement_id = eng.id
    JOIN engagements_topic t ON t.id = et.topic_id GROUP BY 1, 3
UNION ALL
SELECT eng.month, 'action', ae.action::text, count(*)
    FROM eng {events} GROUP BY 1, 3
UNION ALL
SELECT eng.month, 'exercise', em.exercise_id::text, count(*)
    FROM eng {mentions} GROUP BY 1, 3
"""
# Agreement events and exercise mentions are few (one engagement in seven has an event): for
# many engagements they are hashed whole (152,833 events at 1M) and joined, for a few each
# engagement's are found by index, as its partners are. At 1M, for 12,384 engagements (a
# country and a topic) by index: events 81 -> 42 ms, mentions 62 -> 41; for 40,000 hashed:
# events 134 against 152 by index.
PROBED_UP_TO = 20_000
HASHED = {
    "events": "JOIN engagements_agreementevent ae ON ae.engagement_id = eng.id",
    "mentions": "JOIN engagements_exercisemention em ON em.engagement_id = eng.id",
}
PROBED = {
    "events": "CROSS JOIN LATERAL (SELECT action FROM engagements_agreementevent ae "
    "WHERE ae.engagement_id = eng.id OFFSET 0) ae",
    "mentions": "CROSS JOIN LATERAL (SELECT exercise_id FROM engagements_exercisemention em "
    "WHERE em.engagement_id = eng.id OFFSET 0) em",
}


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
            with connections[router.db_for_read(Engagement)].cursor() as cursor:
                joins = PROBED if len(self.ids) <= PROBED_UP_TO else HASHED
                cursor.execute(COUNTS.format(**joins), {"ids": array_text(self.ids)})
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
