"""What an editor's correction means, whichever screen makes it.

A fact row an editor saves becomes theirs (``origin = editor``): a re-parse replaces the
parser's rows and keeps an editor's (``save``). Correcting an engagement marks its readout
reviewed, so re-parsing it later stores the new parse for comparison and keeps every row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet

from engagements.models import Engagement, Origin, Readout
from engagements.models.readouts import ReadoutStatus


def engagement_facts_correct(*, engagement: Engagement, saved: Iterable[Model], deleted: Iterable[Model]) -> None:
    """An editor's edits to an engagement's fact rows: deleted rows go; each saved row becomes
    the editor's and carries the engagement's date (the lists filter facts by their own copy)."""
    for row in deleted:
        row.delete()
    for row in saved:
        row.origin = Origin.EDITOR
        if hasattr(row, "date"):
            row.date = engagement.date
        row.save()


def readout_mark_reviewed(*, readout: Readout) -> bool:
    """Mark a corrected engagement's readout reviewed; True if it was not already."""
    if readout.reviewed:
        return False
    Readout.objects.filter(pk=readout.pk).update(reviewed=True, status=ReadoutStatus.PARSED)
    readout.reviewed, readout.status = True, ReadoutStatus.PARSED
    return True


def readouts_set_reviewed(*, readouts: QuerySet[Readout], reviewed: bool) -> int:
    """Reviewed readouts keep their rows on a re-parse; not reviewed, the parser's rows are
    replaced. Returns how many readouts were marked."""
    return readouts.update(reviewed=reviewed)
