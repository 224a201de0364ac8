"""Import many readouts from files: the service behind ``import_readouts`` and ``load_demo``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

from engagements.ingest.lookups import Lookups
from engagements.ingest.parse import Parsed
from engagements.ingest.pipeline import readout_prepare
from engagements.ingest.results import IngestResult
from engagements.ingest.save import readouts_save
from engagements.ingest.sources import SourceError, read_sources
from engagements.models import Readout

# Parsed readouts whose rows are written in one transaction (the database recounts the
# rollup months and summaries they touched once, as it commits).
SAVE_BATCH = 100


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (outcome, origin, reason)

    def problem_lines(self) -> list[str]:
        return [f"{outcome}: {origin}: {reason}" for outcome, origin, reason in self.problems]

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in ("new", "unchanged", "failed", "refused", "unreadable")]
        text = "Imported: " + ", ".join(parts)
        if self.counts["needs review"]:
            text += f" ({self.counts['needs review']} of the new need review)"
        return text + "."


def import_sources(
    paths: list,
    *,
    publisher: str | None = None,
    source: str = Readout.Source.IMPORT,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Store, parse and save every readout in the files, a batch of rows at a time.

    Each readout's text is committed on its own as soon as it is read (nothing is lost if
    the import stops), then the rows of SAVE_BATCH parsed readouts are written together,
    with their derived data (counted by the database in the same transaction).
    """
    report = ImportReport()
    lookups = Lookups()
    pending: list[tuple[object, Parsed]] = []
    statistics = _Statistics()

    def flush():
        results = readouts_save([parsed for _record, parsed in pending], lookups=lookups)
        for (record, _parsed), result in zip(pending, results, strict=True):
            _report(report, record, result)
        if progress:
            progress(len(pending))
        statistics.grew(len(pending))
        pending.clear()

    with _relaxed_commits():
        for record in read_sources(paths):
            if isinstance(record, SourceError):
                report.counts["unreadable"] += 1
                report.problems.append(("unreadable", record.origin, record.reason))
                if progress:
                    progress(1)
                continue
            prepared = readout_prepare(
                text=record.text,
                title=record.title,
                published_on=record.published,
                url=record.url,
                publisher=record.publisher or publisher,
                source=source,
                lookups=lookups,
            )
            if isinstance(prepared, IngestResult):
                _report(report, record, prepared)
                if progress:
                    progress(1)
            else:
                pending.append((record, prepared))
                if len(pending) >= SAVE_BATCH:
                    flush()
        if pending:
            flush()
    return report


def _report(report: ImportReport, record, result: IngestResult) -> None:
    report.counts[result.outcome] += 1
    if result.outcome in ("failed", "refused"):
        report.problems.append((result.outcome, record.origin, result.message))
    elif result.parse and result.parse.warnings:
        report.counts["needs review"] += 1


@contextmanager
def _relaxed_commits():
    """``synchronous_commit = off`` for this connection while it imports.

    Each readout's text is committed on its own; waiting for the disk on each commit would
    cost more than parsing. A crash may lose the last fraction of a second of commits, never
    corrupt them, and the import can simply be run again: it is idempotent.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class _Statistics:
    """ANALYZE the tables an import grows whenever they have doubled since the last time.

    A big import into a small database outgrows the planner's statistics long before
    autovacuum's next pass: the lookups each readout makes would turn into scans, and the
    import would slow down as it goes.
    """

    TABLES = (
        "engagements_readout",
        "engagements_engagement",
        "engagements_person",
        "engagements_engagementcountry",
        "engagements_participation",
        "engagements_engagementtopic",
    )

    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'engagements_readout'")
            row = cursor.fetchone()
        self.known = max(int(row[0]) if row else 0, 0)
        self.added = 0

    def grew(self, readouts: int) -> None:
        self.added += readouts
        if self.added >= max(self.known, 500):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(self.TABLES)}")
            self.known += self.added
            self.added = 0
