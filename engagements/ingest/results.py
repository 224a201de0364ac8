"""What ingesting a readout came to: the outcome an operator reads, and what the parse found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from engagements.models import (
    Readout,
)


@dataclass
class ParseOutcome:
    ok: bool
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    kept_reviewed: bool = False
    finished_elsewhere: bool = False

    def summary(self) -> str:
        if not self.ok:
            return f"parse failed: {self.error}"
        if self.kept_reviewed:
            return "reviewed by an editor: rows kept as they are; the new parse is stored for comparison"
        parts = [f"{n} {label}" for label, n in self.counts.items()]
        text = ", ".join(parts) if parts else "nothing recognised"
        if self.warnings:
            text += " (needs review: " + "; ".join(self.warnings) + ")"
        return text


@dataclass
class IngestResult:
    outcome: str  # "new", "unchanged", "failed" or "refused"
    readout: Readout | None = None
    message: str = ""
    parse: ParseOutcome | None = None


def unchanged(readout: Readout, matched_by: str) -> IngestResult:
    return IngestResult("unchanged", readout, f"already stored as readout {readout.pk} (same {matched_by or 'text'})")
