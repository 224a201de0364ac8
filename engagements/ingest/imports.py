"""Import many readouts from files: the service behind ``import_readouts`` and ``load_demo``."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

from engagements.ingest.lookups import Lookups
from engagements.ingest.pipeline import readout_prepare
from engagements.ingest.results import IngestResult, Outcome
from engagements.ingest.save import readouts_save
from engagements.ingest.sources import SourceError, read_sources
from engagements.models import Readout

logger = logging.getLogger(__name__)

# Parsed readouts whose rows are written in one transaction (the database recounts the
# rollup months and summaries they touched once, as it commits).
SAVE_BATCH = 100


REPORTED = ("new", "unchanged", "failed", "refused", "unreadable")  # always in the summary


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (outcome, origin, reason)

    def problem_lines(self) -> list[str]:
        return [shown(f"{outcome}: {origin}: {reason}") for outcome, origin, reason in self.problems]

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in REPORTED]
        # Rarer outcomes (a reviewed readout's rows kept) only when they happened.
        extra = (*REPORTED, "needs review", "joined")
        parts += [f"{n} {k}" for k, n in self.counts.items() if k not in extra and n]
        text = "Imported: " + ", ".join(parts)
        notes = []
        if self.counts["needs review"]:
            notes.append(f"{self.counts['needs review']} of the new need review")
        if self.counts["joined"]:
            notes.append(f"{self.counts['joined']} joined another readout's engagement as a second source")
        if notes:
            text += f" ({'; '.join(notes)})"
        return text + "."


# Control characters (C0, DEL, C1), and the marks that reorder text on screen: a file name
# holding them could rewrite the operator's terminal or disguise itself.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown(text: str) -> str:
    """Text safe to print to a terminal: every control character written as an escape."""
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def import_sources(
    paths: list,
    *,
    follow_symlinks: bool = False,
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
    pending: list[tuple[object, IngestResult]] = []
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
        for record in read_sources(paths, follow_symlinks=follow_symlinks):
            if isinstance(record, SourceError):
                report.counts["unreadable"] += 1
                report.problems.append(("unreadable", record.origin, record.reason))
                if progress:
                    progress(1)
                continue
            try:
                prepared = readout_prepare(
                    text=record.text,
                    title=record.title,
                    published_on=record.published,
                    url=record.url,
                    # The command's --publisher goes before a record's own field.
                    publisher=publisher or record.publisher,
                    publisher_found_by="flag" if publisher else "jsonl",
                    source=source,
                    lookups=lookups,
                )
            except Exception as exc:  # one record must never stop the import: say which and go on
                logger.exception("storing %s failed", shown(record.origin))
                prepared = IngestResult(Outcome.FAILED, message=f"could not be stored: {type(exc).__name__}: {exc}")
            if prepared.outcome != Outcome.PARSED:
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
    if result.outcome in (Outcome.FAILED, Outcome.REFUSED):
        report.problems.append((result.outcome, record.origin, result.message))
    elif result.needs_review:
        report.counts["needs review"] += 1
    if result.match is not None:
        report.counts["joined"] += 1


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
        "engagements_engagementsource",
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
