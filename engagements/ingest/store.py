"""Store a readout's text first, in its own transaction: a readout is never lost to a parser
failure, and the database's unique constraints decide whether it is new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection
from django.utils import timezone

from engagements.extraction import dates as extraction_dates
from engagements.ingest.cleaning import clean_readout_text, refuse_unstorable
from engagements.ingest.lookups import Lookups
from engagements.models import (
    Readout,
    text_fingerprint,
)
from engagements.models.dates import validate_plausible_date


@dataclass
class StoredReadout:
    readout: Readout
    created: bool
    notes: list[str]
    matched_by: str = ""  # "text" or "url" when an existing readout was found


def readout_create(
    *,
    text: str,
    title: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    publisher: str | None = None,
    publisher_found_by: str = "",
    source: str = Readout.Source.ADMIN,
    lookups: Lookups | None = None,
) -> StoredReadout:
    """Store a readout's text (cleaned and validated) in its own transaction.

    When the same text (or URL) is already stored, the existing readout comes back with
    created=False: the database's unique constraints decide, so two processes storing one
    readout at once still make one row. Raises ValidationError on text it cannot take.
    """
    cleaned = clean_readout_text(text)
    for label, value in (("title", title), ("source URL", url), ("text", text)):
        refuse_unstorable(label, value)
    # A readout stored without its release date takes its dateline's ("NEW DELHI, 9 July 2021 -").
    published_on = published_on or extraction_dates.release_date(cleaned.text)
    if published_on and published_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(f"The published date {published_on.isoformat()} is in the future.", code="future")
    validate_plausible_date(published_on)
    # A publisher not given is found when the readout is parsed (its site, its text, then
    # settings.DEFAULT_PUBLISHER).
    publisher_code = (publisher or "").upper() or None
    if publisher_code and publisher_code not in (lookups or Lookups()).countries:
        raise ValidationError(f"Unknown publisher country code {publisher_code!r}.", code="publisher")
    fingerprint = text_fingerprint(cleaned.text)
    url = (url or "").strip()
    if url:
        URLValidator(message=f"The source URL {url[:100]!r} is not a valid URL.")(url)
    readout = Readout(
        title=(title or "").strip()[:500],
        url=url,
        published_on=published_on,
        publisher_id=publisher_code,
        publisher_found_by=(publisher_found_by or Readout.PublisherFoundBy.FLAG) if publisher_code else "",
        publisher_evidence=publisher_code or "",
        text=cleaned.text,
        text_sha256=fingerprint,
        source=source,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    # Insert first and let the unique constraints (text, URL) say whether it is new: one
    # statement for a new readout, and no window between a lookup and an insert in which
    # another process could store the same readout.
    readout.pk = _insert_unless_stored(readout)
    if readout.pk is not None:
        return StoredReadout(readout, True, cleaned.notes)
    existing = _find_existing(fingerprint, url)
    if existing is None:
        raise IntegrityError("the readout conflicts with a stored one that cannot be found")
    matched_by = "text" if existing.text_sha256 == fingerprint else "url"
    return StoredReadout(existing, False, cleaned.notes, matched_by)


_INSERT_COLUMNS = (
    "title",
    "url",
    "published_on",
    "publisher_id",
    "publisher_found_by",
    "publisher_evidence",
    "text",
    "text_sha256",
    "status",
    "parse_error",
    "parser_version",
    "reviewed",
    "source",
    "created_at",
    "updated_at",
)


def _insert_unless_stored(readout: Readout) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the new id, or None if already stored."""
    table = Readout._meta.db_table
    values = [getattr(readout, column) for column in _INSERT_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_INSERT_COLUMNS)}) "  # noqa: S608 (our constants)
            f"VALUES ({', '.join(['%s'] * len(values))}) ON CONFLICT DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _find_existing(fingerprint: str, url: str) -> Readout | None:
    # Two equality lookups, each on its unique index, rather than one OR that the planner
    # may answer with a scan.
    found = Readout.objects.filter(text_sha256=fingerprint).first()
    if found is None and url:
        found = Readout.objects.filter(url=url).first()
    return found
