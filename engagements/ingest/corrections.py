"""What an editor's correction means, whichever screen makes it.

A fact row an editor saves becomes theirs (``origin = editor``): a re-parse replaces the
parser's rows and keeps an editor's (``save``). Correcting an engagement, its own fields or
any of its rows, or deleting it, marks its readout reviewed, so re-parsing it later stores the
new parse for comparison and keeps every field and row as the editor left them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet

from engagements.models import Origin, Readout


def facts_correct(*, saved: Iterable[Model], deleted: Iterable[Model]) -> set[int]:
    """An editor's edits to fact rows: deleted rows go; each saved row becomes the editor's
    (its copy of the engagement's date is the database's to keep). Returns the ids of the
    engagements the rows belong to."""
    touched = set()
    for row in deleted:
        touched.add(row.engagement_id)
        row.delete()
    for row in saved:
        row.origin = Origin.EDITOR
        row.save()
        touched.add(row.engagement_id)
    return touched


def readouts_mark_corrected(*, engagement_ids: Iterable[int | None]) -> int:
    """Mark the readouts of corrected engagements reviewed; how many were not already."""
    ids = {pk for pk in engagement_ids if pk is not None}
    if not ids:
        return 0
    # Every source of the engagement: its rows are the union of theirs.
    return Readout.objects.filter(Q(engagement__in=ids) | Q(engagement_source__engagement__in=ids)).mark_reviewed()


def readout_mark_reviewed(*, readout: Readout) -> bool:
    """Mark one corrected readout reviewed; True if it was not already."""
    marked = Readout.objects.filter(pk=readout.pk).mark_reviewed() > 0
    if marked:
        readout.refresh_from_db(fields=["reviewed", "status"])
    return marked


def readouts_set_reviewed(*, readouts: QuerySet[Readout], reviewed: bool) -> int:
    """Reviewed readouts keep their rows on a re-parse; not reviewed, the parser's rows are
    replaced. Returns how many readouts were marked."""
    return readouts.update(reviewed=reviewed)
