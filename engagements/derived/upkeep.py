"""The few calls application code makes about derived data; the database does the rest.

The triggers of ``sql/derived_v1.sql`` keep every copy and count in step with the facts:
no writer refreshes anything. What is left for Python:

- ``settle()``: bring this transaction's counts and summaries up to date now rather than at
  commit, for code that writes and then reads them in one transaction (tests do).
- ``bulk_load()``: a bulk writer's transaction owes one full rebuild instead of per-row upkeep.
- ``rebuild()``: recompute everything (the pair rollups included) (after a bulk load, or to repair).
"""

from __future__ import annotations

from django.db import connection


def settle() -> None:
    """Settle what this transaction has queued now (a no-op when it has nothing queued); the
    settle still pending for its commit then finds nothing left to do."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT engagements_derived_settle()")


def bulk_load(cursor, on: bool = True) -> None:
    """Bulk mode for the rest of this transaction (or until turned off): rows are written
    without their derived data, and the transaction owes a full rebuild, paid by
    ``rebuild()`` or else by the next transaction that settles."""
    cursor.execute("SELECT set_config('engagements.bulk_load', %s, true)", ["on" if on else "off"])


def rebuild() -> None:
    """Recompute every copied column, summary and rollup count, and move the data version."""
    from engagements.models import (
        EngagementApiRow,
        EngagementSummary,
        MonthlyCount,
        PairCount,
        PairFactCount,
        PairTopicYearCount,
        PairYearCount,
        ReadoutCountry,
        ScopedMonthlyCount,
        ScopedYearlyCount,
        SearchEntry,
        YearlyCount,
    )

    derived = (
        MonthlyCount,
        YearlyCount,
        ScopedMonthlyCount,
        ScopedYearlyCount,
        PairCount,
        PairFactCount,
        PairYearCount,
        PairTopicYearCount,
        EngagementSummary,
        EngagementApiRow,
        ReadoutCountry,
        SearchEntry,
    )
    tables = [model._meta.db_table for model in derived]
    with connection.cursor() as cursor:
        cursor.execute("SELECT engagements_derived_rebuild()")
        cursor.execute(f"ANALYZE {', '.join(tables)}")
