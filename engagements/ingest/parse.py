"""Parse a stored readout: what the parser found in it, or the error it raised (recorded,
never lost)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings

from engagements import extraction as parser
from engagements.models import (
    Readout,
)

logger = logging.getLogger(__name__)


def parser_version() -> str:
    return str(getattr(parser, "PARSER_VERSION", "1"))


@dataclass
class Parsed:
    """A stored readout and what the parser found in it, waiting to be saved."""

    readout: Readout
    extraction: object | None = None
    error: str = ""
    status_seen: str = ""
    notes: list[str] = field(default_factory=list)
    matched_by: str = ""


def readout_extract(readout: Readout) -> Parsed:
    try:
        extraction = parser.parse_strict(
            readout.text,
            published=readout.published_on,
            title=readout.title or None,
            publisher=readout.publisher_id or settings.DEFAULT_PUBLISHER,
        )
    except Exception as exc:  # the parser's bug must not lose the readout: record it
        logger.exception("parser failed on readout %s", readout.pk)
        return Parsed(readout, error=f"{type(exc).__name__}: {exc}", status_seen=readout.status)
    return Parsed(readout, extraction, status_seen=readout.status)
