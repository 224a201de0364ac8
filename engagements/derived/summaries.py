"""The engagements' report summaries (``EngagementSummary``), kept by database triggers.

Writers need do nothing: the triggers of migration 0010 refresh the summaries of whatever
engagements a statement touched. A writer of many rows in one transaction may defer them
and refresh once at the end, which the ingest does for each batch and a bulk load does for
everything (``rebuild``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection


def defer() -> None:
    """Leave the fact triggers idle until the end of this transaction (or ``refresh``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('engagements.defer_summaries', 'on', true)")


def refresh(engagement_ids: Iterable[int]) -> None:
    """Recompute these engagements' summaries, and end a deferral."""
    ids = sorted(set(engagement_ids))
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('engagements.defer_summaries', 'off', true)")
        if ids:
            cursor.execute("SELECT engagements_summary_refresh(%s::bigint[])", [ids])


def rebuild() -> None:
    """Recompute every summary, as after a bulk load that deferred them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT engagements_summary_refresh(NULL)")
