"""Import many readouts from files: the service behind ``import_readouts`` and ``load_demo``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

from engagements import rollup
from engagements.ingest import Lookups, readout_ingest
from engagements.models import Readout
from engagements.sources import SourceError, read_sources

ROLLUP_BATCH = 500  # (month, country) keys


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
    report = ImportReport()
    # The monthly rollup is refreshed per batch, not per readout: one recount of a month
    # serves every readout of that month in the batch.
    touched: set = set()
    lookups = Lookups()
    with _relaxed_commits():
        for record in read_sources(paths):
            _import_one(record, report, lookups, touched, publisher, source)
            if len(touched) >= ROLLUP_BATCH:
                rollup.refresh(touched)
                touched = set()
            if progress:
                progress(1)
        rollup.refresh(touched)
    return report


@contextmanager
def _relaxed_commits():
    """``synchronous_commit = off`` for this connection while it imports.

    Each readout commits twice (its text, then its rows); waiting for the disk on each
    commit would cost more than parsing. A crash may lose the last fraction of a second of
    commits, never corrupt them, and the import can simply be run again: it is idempotent.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _import_one(record, report: ImportReport, lookups: Lookups, touched: set, publisher, source) -> None:
    if isinstance(record, SourceError):
        report.counts["unreadable"] += 1
        report.problems.append(("unreadable", record.origin, record.reason))
        return
    result = readout_ingest(
        text=record.text,
        title=record.title,
        published_on=record.published,
        url=record.url,
        publisher=record.publisher or publisher,
        source=source,
        refresh_rollup=False,
        lookups=lookups,
    )
    report.counts[result.outcome] += 1
    if result.parse:
        touched |= result.parse.rollup_keys
    if result.outcome in ("failed", "refused"):
        report.problems.append((result.outcome, record.origin, result.message))
    elif result.parse and result.parse.warnings:
        report.counts["needs review"] += 1
