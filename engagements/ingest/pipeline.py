"""The write path's services: store a readout, parse it, and save what the parser found as rows.

Every path in (admin form, ``import_readouts``, ``load_demo``) goes through
``readout_ingest``. The text is committed in its own transaction before parsing starts, so a
parser failure never loses a readout; the rows of one parse are written in one transaction,
so a failure never leaves half of them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from engagements.ingest.lookups import Lookups
from engagements.ingest.parse import parser_version, readout_extract
from engagements.ingest.results import IngestResult, Outcome, unchanged
from engagements.ingest.save import readouts_save
from engagements.ingest.store import readout_create
from engagements.models import Readout
from engagements.models.readouts import ReadoutStatus


def readout_ingest(
    *,
    text: str,
    title: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    publisher: str | None = None,
    publisher_found_by: str = "",
    source: str = Readout.Source.ADMIN,
    lookups: Lookups | None = None,
) -> IngestResult:
    """Store a readout and parse it; the same readout twice changes nothing and says so."""
    lookups = lookups or Lookups()
    prepared = readout_prepare(
        text=text,
        title=title,
        published_on=published_on,
        url=url,
        publisher=publisher,
        publisher_found_by=publisher_found_by,
        source=source,
        lookups=lookups,
    )
    if prepared.outcome != Outcome.PARSED:
        return prepared
    [result] = readouts_save([prepared], lookups=lookups)
    return result


def readout_prepare(*, lookups: Lookups, **fields) -> IngestResult:
    """Store a readout (its own transaction) and parse it, without saving rows yet.

    The result is final when there is nothing to save (refused, or already stored and
    finished); else its outcome is PARSED, for ``readouts_save`` to finish.
    """
    try:
        stored = readout_create(lookups=lookups, **fields)
    except ValidationError as exc:
        return IngestResult(Outcome.REFUSED, message=" ".join(exc.messages))
    readout = stored.readout
    # A readout stored by an earlier run that stopped before parsing (or whose parse failed
    # under an older parser) is finished now rather than reported as unchanged.
    unfinished = readout.status == ReadoutStatus.PENDING or (
        readout.status == ReadoutStatus.FAILED and readout.parser_version != parser_version()
    )
    if not stored.created and not unfinished:
        return unchanged(readout, stored.matched_by)
    parsed = readout_extract(readout)
    parsed.notes, parsed.matched_by = stored.notes, stored.matched_by
    return parsed


def readout_parse(readout: Readout) -> IngestResult:
    """Parse a stored readout again and save its rows (the admin's re-parse): updated, kept
    (reviewed by an editor) or failed."""
    parsed = readout_extract(readout)
    [result] = readouts_save([parsed], lookups=Lookups(), finish_only=False)
    return result
