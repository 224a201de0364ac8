"""Parse a stored readout: what the parser found in it, or the error it raised (recorded,
never lost)."""

from __future__ import annotations

import logging

from django.conf import settings

from engagements import extraction as parser
from engagements.ingest.results import IngestResult, Outcome
from engagements.models import Readout

logger = logging.getLogger(__name__)


def parser_version() -> str:
    return str(getattr(parser, "PARSER_VERSION", "1"))


def readout_extract(readout: Readout) -> IngestResult:
    """What the parser finds in a stored readout, its rows not saved yet."""
    # A publisher given (or stored before publishers were found) is kept; one found by an
    # earlier parse is found again.
    how = readout.publisher_found_by
    given = readout.publisher_id if how in ("", Readout.PublisherFoundBy.FLAG, Readout.PublisherFoundBy.JSONL) else None
    try:
        extraction = parser.parse_strict(
            readout.text,
            published=readout.published_on,
            title=readout.title or None,
            publisher=given,
            publisher_how=how or Readout.PublisherFoundBy.FLAG,
            url=readout.url or None,
            default_publisher=settings.DEFAULT_PUBLISHER or None,
        )
    except Exception as exc:  # the parser's bug must not lose the readout: record it
        logger.exception("parser failed on readout %s", readout.pk)
        return IngestResult(Outcome.PARSED, readout, error=f"{type(exc).__name__}: {exc}", status_seen=readout.status)
    return IngestResult(Outcome.PARSED, readout, extraction=extraction, status_seen=readout.status)
