"""What ingesting a readout came to: one result type, its outcome, and what the parse found."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from engagements.models import Readout

if TYPE_CHECKING:
    from engagements.extraction.types import Extraction


class Outcome(StrEnum):
    """Where a readout got to. The values are the words the import report and the admin print."""

    PARSED = "parsed"  # stored and parsed, its rows not saved yet (``readouts_save`` finishes it)
    NEW = "new"  # stored and parsed, its rows saved
    UPDATED = "updated"  # parsed again: the parser's rows replaced, an editor's kept
    KEPT = "kept"  # reviewed by an editor: its rows kept, the new parse stored for comparison
    UNCHANGED = "unchanged"  # already stored and parsed, here or by another process
    FAILED = "failed"  # stored, but parsing or saving it failed: the error is on the readout
    REFUSED = "refused"  # not stored: the text or its details cannot be taken


@dataclass
class IngestResult:
    outcome: Outcome
    readout: Readout | None = None
    message: str = ""
    extraction: Extraction | None = None
    error: str = ""
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what cleaning the text changed
    matched_by: str = ""  # "text" or "url" when the readout was already stored
    match: object = None  # the Verdict (ingest.sameness) of a readout that joined an engagement
    status_seen: str = ""  # the readout's status when it was parsed: a save finishes only that

    @property
    def ok(self) -> bool:
        return self.outcome not in (Outcome.FAILED, Outcome.REFUSED)

    @property
    def needs_review(self) -> bool:
        return bool(self.warnings)

    def restarted(self) -> IngestResult:
        """A copy with nothing found yet, for a save (a batch saved again starts clean)."""
        return dataclasses.replace(self, counts=Counter(), warnings=[])

    def finish(self, outcome: Outcome, **changes) -> IngestResult:
        self.outcome = outcome
        for name, value in changes.items():
            setattr(self, name, value)
        self.message = "; ".join([*self.notes, self.summary()])
        return self

    def summary(self) -> str:
        if self.outcome == Outcome.FAILED:
            return f"parse failed: {self.error}"
        if self.outcome == Outcome.KEPT:
            return "reviewed by an editor: rows kept as they are; the new parse is stored for comparison"
        parts = [f"{n} {label}" for label, n in self.counts.items()]
        text = ", ".join(parts) if parts else "nothing recognised"
        if self.warnings:
            text += " (needs review: " + "; ".join(self.warnings) + ")"
        return text


def unchanged(readout: Readout, matched_by: str) -> IngestResult:
    return IngestResult(
        Outcome.UNCHANGED, readout, f"already stored as readout {readout.pk} (same {matched_by or 'text'})"
    )
