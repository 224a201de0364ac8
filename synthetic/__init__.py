"""Synthetic readouts, engagements and facts for scale testing.

``world`` draws the countries' office holders, agreements, exercises and forum meetings;
``scenes`` decides what happened at each engagement; ``texts`` writes the readout with the
evidence span of every fact; ``rows`` and ``copy`` turn them into COPY streams that
``loader`` writes to PostgreSQL; ``jsonl`` writes readouts to a file instead.
Entry points: ``manage.py generate_synthetic`` and ``bench/synthetic_load.py``.
"""

from __future__ import annotations


def after_load(connection) -> None:
    """Runs once after every synthetic load (inside the caller's transaction, if any).

    Fresh planner statistics for the tables the load grew, then the derived data the bulk
    load owes: the monthly rollup the charts read (a bulk load touches every month), the
    engagements' report summaries, the facts' copied columns.
    """
    # Imported here: this package's pure modules (world, scenes, texts) need no models.
    from engagements.derived import upkeep
    from synthetic.rows import TABLES

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(t.db_table) for t in TABLES)}")
    upkeep.rebuild()
