"""Import many readouts from files: the service behind ``import_readouts`` and ``load_demo``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from engagements import rollup
from engagements.ingest import readout_ingest
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
    for record in read_sources(paths):
        if isinstance(record, SourceError):
            report.counts["unreadable"] += 1
            report.problems.append(("unreadable", record.origin, record.reason))
        else:
            result = readout_ingest(
                text=record.text,
                title=record.title,
                published_on=record.published,
                url=record.url,
                publisher=record.publisher or publisher,
                source=source,
                refresh_rollup=False,
            )
            report.counts[result.outcome] += 1
            if result.parse:
                touched |= result.parse.rollup_keys
            if len(touched) >= ROLLUP_BATCH:
                rollup.refresh(touched)
                touched = set()
            if result.outcome in ("failed", "refused"):
                report.problems.append((result.outcome, record.origin, result.message))
            elif result.parse and result.parse.warnings:
                report.counts["needs review"] += 1
        if progress:
            progress(1)
    rollup.refresh(touched)
    return report
