"""Writes: store a readout, parse it, and save what the parser found as rows.

Every path in (admin form, ``import_readouts``, ``load_demo``) goes through
``readout_ingest``. The text is committed in its own transaction before parsing starts, so a
parser failure never loses a readout; the rows of one parse are written in one transaction,
so a failure never leaves half of them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from engagements import extraction as parser
from engagements import history, rollup, summaries
from engagements.cleaning import clean_readout_text, looks_english
from engagements.matching import agreement_key, exercise_base_name, exercise_key, name_tokens, same_person
from engagements.models import (
    Agreement,
    AgreementEvent,
    Country,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    Exercise,
    ExerciseMention,
    Forum,
    Origin,
    Participation,
    Person,
    Readout,
    Topic,
    text_fingerprint,
)
from engagements.models.readouts import ReadoutStatus

logger = logging.getLogger(__name__)

# Engagement dates outside this window are parser mistakes or typos, not history.
EARLIEST_PLAUSIBLE = dt.date(1946, 1, 1)
FACT_MODELS = (EngagementCountry, EngagementTopic, Participation, AgreementEvent, ExerciseMention)


class Lookups:
    """What the readouts of one import share: reference data read once, and the people,
    agreements, exercises and forums already matched, so each readout costs a handful of
    queries rather than dozens. A single ingest gets a fresh one."""

    def __init__(self):
        self._countries: frozenset[str] | None = None
        self._topics: dict[str, int] | None = None
        self.people: dict[tuple, Person] = {}
        self.agreements: dict[str, tuple[int, set]] = {}  # key -> (id, parties recorded)
        self.exercises: dict[str, tuple[int, set]] = {}
        self.forums: dict[str, Forum | None] = {}

    def forget(self) -> None:
        """Drop remembered rows (after a rollback, some may no longer exist)."""
        self.people.clear()
        self.agreements.clear()
        self.exercises.clear()
        self.forums.clear()

    @property
    def countries(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = frozenset(Country.objects.values_list("code", flat=True))
        return self._countries

    @property
    def topics(self) -> dict[str, int]:
        if self._topics is None:
            self._topics = dict(Topic.objects.values_list("name", "id"))
        return self._topics


def parser_version() -> str:
    return str(getattr(parser, "PARSER_VERSION", "1"))


@dataclass
class ParseOutcome:
    ok: bool
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    kept_reviewed: bool = False
    # (month, country) keys of the monthly rollup this parse changed, before and after.
    rollup_keys: set = field(default_factory=set)
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
    source: str = Readout.Source.ADMIN,
    lookups: Lookups | None = None,
) -> StoredReadout:
    """Store a readout's text (cleaned and validated) in its own transaction.

    When the same text (or URL) is already stored, the existing readout comes back with
    created=False: the database's unique constraints decide, so two processes storing one
    readout at once still make one row. Raises ValidationError on text it cannot take.
    """
    cleaned = clean_readout_text(text)
    if published_on and published_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(f"The published date {published_on.isoformat()} is in the future.", code="future")
    publisher_code = (publisher or settings.DEFAULT_PUBLISHER or "").upper() or None
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


@dataclass
class Parsed:
    """A stored readout and what the parser found in it, waiting to be saved."""

    readout: Readout
    extraction: object | None = None
    error: str = ""
    status_seen: str = ""
    notes: list[str] = field(default_factory=list)
    matched_by: str = ""


def readout_ingest(
    *,
    text: str,
    title: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    publisher: str | None = None,
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
        source=source,
        lookups=lookups,
    )
    if isinstance(prepared, IngestResult):
        return prepared
    [result] = readouts_save([prepared], lookups=lookups)
    if result.parse:
        rollup.refresh(result.parse.rollup_keys)
    return result


def readout_prepare(*, lookups: Lookups, **fields) -> Parsed | IngestResult:
    """Store a readout (its own transaction) and parse it, without saving rows yet.

    Returns the final IngestResult when there is nothing to save (refused, or already
    stored and finished), else a Parsed for ``readouts_save``.
    """
    try:
        stored = readout_create(lookups=lookups, **fields)
    except ValidationError as exc:
        return IngestResult("refused", message=" ".join(exc.messages))
    readout = stored.readout
    # A readout stored by an earlier run that stopped before parsing (or whose parse failed
    # under an older parser) is finished now rather than reported as unchanged.
    unfinished = readout.status == ReadoutStatus.PENDING or (
        readout.status == ReadoutStatus.FAILED and readout.parser_version != parser_version()
    )
    if not stored.created and not unfinished:
        return _unchanged(readout, stored.matched_by)
    parsed = _parse(readout)
    parsed.notes, parsed.matched_by = stored.notes, stored.matched_by
    return parsed


def _unchanged(readout: Readout, matched_by: str) -> IngestResult:
    return IngestResult("unchanged", readout, f"already stored as readout {readout.pk} (same {matched_by or 'text'})")


def _parse(readout: Readout) -> Parsed:
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


def readouts_save(batch: list[Parsed], *, lookups: Lookups, finish_only: bool = True) -> list[IngestResult]:
    """Save the rows of parsed readouts, many in one transaction.

    ``finish_only``: save a readout only if it is still in the status it had when it was
    read; when another process parsed it meanwhile, it is theirs and reported unchanged. A
    batch that fails as a whole is saved again one readout at a time, so one bad readout is
    marked failed and the others are saved.
    """
    results: dict[int, IngestResult] = {}
    saving, seen = [], set()
    for item in batch:
        if item.readout.pk in seen:  # the same readout twice in one batch
            results[id(item)] = _unchanged(item.readout, item.matched_by)
            continue
        seen.add(item.readout.pk)
        if item.extraction is None:
            _mark_failed(item.readout, item.error)
            outcome = ParseOutcome(ok=False, error=item.error)
            results[id(item)] = IngestResult("failed", item.readout, _message(item, outcome), outcome)
        else:
            saving.append(item)
    if saving:
        try:
            # The revision history names the parser as the writer of these rows.
            with transaction.atomic(), history.as_parser():
                outcomes = _save_extractions(saving, finish_only=finish_only, lookups=lookups)
        except Exception:
            lookups.forget()  # rows it made were rolled back with the batch
            if len(saving) == 1:
                item = saving[0]
                logger.exception("saving the extraction of readout %s failed", item.readout.pk)
                error = _error_text()
                _mark_failed(item.readout, error)
                outcomes = [ParseOutcome(ok=False, error=error)]
            else:
                # Find the culprit: each readout on its own, the good ones saved.
                return [
                    result
                    for item in batch
                    for result in readouts_save([item], lookups=lookups, finish_only=finish_only)
                ]
        for item, outcome in zip(saving, outcomes, strict=True):
            if outcome.finished_elsewhere:
                results[id(item)] = _unchanged(item.readout, item.matched_by)
            else:
                status = "new" if outcome.ok else "failed"
                results[id(item)] = IngestResult(status, item.readout, _message(item, outcome), outcome)
    return [results[id(item)] for item in batch]


def _message(item: Parsed, outcome: ParseOutcome) -> str:
    return "; ".join([*item.notes, outcome.summary()])


def _error_text() -> str:
    import sys

    exc = sys.exc_info()[1]
    return f"{type(exc).__name__}: {exc}"


def readout_parse(readout: Readout, *, refresh_rollup: bool = True) -> ParseOutcome:
    """Parse a stored readout again and save its rows (the admin's re-parse)."""
    parsed = _parse(readout)
    [result] = readouts_save([parsed], lookups=Lookups(), finish_only=False)
    outcome = result.parse
    if refresh_rollup and outcome.ok:
        rollup.refresh(outcome.rollup_keys)
    return outcome


def _mark_failed(readout: Readout, error: str) -> None:
    Readout.objects.filter(pk=readout.pk).update(
        status=ReadoutStatus.FAILED,
        parse_error=error[:2000],
        parser_version=parser_version(),
        parsed_at=timezone.now(),
    )
    readout.status, readout.parse_error = ReadoutStatus.FAILED, error[:2000]


def _save_extractions(batch: list[Parsed], *, finish_only: bool, lookups: Lookups) -> list[ParseOutcome]:
    """Write the rows of a batch of readouts: a few queries a batch, not a few a readout."""
    now = timezone.now()
    outcomes = [ParseOutcome(ok=True) for _ in batch]
    # Lock the readout rows so two parses of one readout run one after the other.
    locked = Readout.objects.select_for_update().in_bulk([item.readout.pk for item in batch])
    existing = {e.readout_id: e for e in Engagement.objects.filter(readout_id__in=list(locked))}
    old_keys = rollup.engagement_keys([e.pk for e in existing.values()]) if existing else set()
    todo = []
    for item, outcome in zip(batch, outcomes, strict=True):
        readout = locked[item.readout.pk]
        if finish_only and readout.status != item.status_seen:
            outcome.finished_elsewhere = True
        elif readout.reviewed:
            Readout.objects.filter(pk=readout.pk).update(
                extraction=item.extraction.to_schema(), parser_version=parser_version(), parsed_at=now
            )
            outcome.kept_reviewed = True
        else:
            todo.append((readout, item.extraction, outcome))
    if not todo:
        return outcomes
    # One refresh of the report summaries for the batch, not one per fact table written.
    summaries.defer()

    # A re-parse replaces the parser's rows and keeps an editor's.
    replaced = [existing[r.pk].pk for r, _e, _o in todo if r.pk in existing]
    if replaced:
        for model in FACT_MODELS:
            model.objects.filter(engagement_id__in=replaced, origin=Origin.PARSER).delete()

    engagements = []
    for readout, extraction, outcome in todo:
        engagement = existing.get(readout.pk) or Engagement(readout=readout)
        _fill_engagement(engagement, readout, extraction, outcome, lookups)
        engagements.append(engagement)
    new = [e for e in engagements if e.pk is None]
    Engagement.objects.bulk_create(new)
    old = [e for e in engagements if e not in new]
    if old:
        Engagement.objects.bulk_update(old, ["date", "kind", "location", "forum", "evidence"])

    facts: dict[type, list] = {model: [] for model in FACT_MODELS}
    statuses = []
    for (readout, extraction, outcome), engagement in zip(todo, engagements, strict=True):
        links = _build_facts(engagement, readout, extraction, outcome, lookups, facts)
        outcome.rollup_keys |= {(engagement.date, code) for code in links} | {(engagement.date, None)}
        if not looks_english(readout.text):
            outcome.warnings.append("the text does not look like English; the parser reads English readouts")
        readout.status = ReadoutStatus.NEEDS_REVIEW if outcome.warnings else ReadoutStatus.PARSED
        readout.parse_error = "; ".join(outcome.warnings)
        readout.extraction = extraction.to_schema()
        readout.parser_version = parser_version()
        readout.parsed_at = now
        statuses.append(readout)
    for model, rows in facts.items():
        model.objects.bulk_create(rows, ignore_conflicts=True)
    _write_parse_results(statuses)
    summaries.refresh(e.pk for e in engagements)
    if replaced:
        # An editor's rows stay, and move with the engagement's date.
        keys = old_keys | rollup.engagement_keys(replaced)
        for _readout, _extraction, outcome in todo:
            outcome.rollup_keys |= keys
    return outcomes


def _write_parse_results(readouts: list[Readout]) -> None:
    """The batch's parse results in one UPDATE from arrays: ``bulk_update`` builds a CASE
    per field and row in Python, which cost more than the rest of the batch's writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE engagements_readout r
            SET status = v.status, parse_error = v.parse_error, extraction = v.extraction,
                parser_version = v.parser_version, parsed_at = v.parsed_at
            FROM unnest(%s::bigint[], %s::varchar[], %s::text[], %s::jsonb[], %s::varchar[], %s::timestamptz[])
                AS v(id, status, parse_error, extraction, parser_version, parsed_at)
            WHERE r.id = v.id
            """,
            [
                [r.pk for r in readouts],
                [r.status for r in readouts],
                [r.parse_error for r in readouts],
                [json.dumps(r.extraction) for r in readouts],
                [r.parser_version for r in readouts],
                [r.parsed_at for r in readouts],
            ],
        )


def _fill_engagement(engagement, readout, extraction, outcome, lookups) -> None:
    date = extraction.date
    if date and not _plausible(date, readout.published_on):
        outcome.warnings.append(f"engagement date {date.isoformat()} is implausible, left empty")
        date = None
    engagement.date = date or None
    engagement.kind = extraction.kind
    engagement.location = (extraction.location or "")[:200]
    engagement.forum = _forum(extraction.forum, lookups)
    engagement.evidence = {
        name: list(span)
        for name, span in (
            ("date", extraction.date_span),
            ("kind", extraction.kind_span),
            ("location", extraction.location_span),
            ("forum", extraction.forum_span),
        )
        if span
    }


def _build_facts(engagement, readout, extraction, outcome, lookups, facts: dict) -> list[str]:
    """The fact rows of one engagement, appended to ``facts`` by model; returns its countries."""
    date, publisher, known = engagement.date, readout.publisher_id, lookups.countries
    links = {}
    for fact in extraction.countries:
        if fact.code in known and fact.code not in links:
            links[fact.code] = EngagementCountry(
                engagement=engagement,
                country_id=fact.code,
                is_partner=fact.code != publisher,
                date=date,
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    facts[EngagementCountry] += links.values()
    outcome.counts["countries"] = len(links)
    partners = sorted(code for code in links if code != publisher)

    topics = {}
    for fact in extraction.topics:
        if fact.topic in lookups.topics and fact.topic not in topics:
            topics[fact.topic] = EngagementTopic(
                engagement=engagement,
                topic_id=lookups.topics[fact.topic],
                date=date,
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    facts[EngagementTopic] += topics.values()
    outcome.counts["topics"] = len(topics)

    participations = {}
    for fact in extraction.participants:
        person = person_match(fact.name, fact.country if fact.country in known else None, lookups)
        if person is None or person.pk in participations:
            continue
        participations[person.pk] = Participation(
            engagement=engagement,
            person=person,
            title=(fact.title or "")[:300],
            date=date,
            origin=Origin.PARSER,
            **_span(fact.span),
        )
    facts[Participation] += participations.values()
    outcome.counts["participants"] = len(participations)

    events = {}
    parties = sorted(links)
    for fact in extraction.agreements:
        agreement_id = agreement_match(fact.name, fact.kind, parties, lookups)
        if agreement_id not in events:
            events[agreement_id] = AgreementEvent(
                agreement_id=agreement_id,
                engagement=engagement,
                action=fact.action,
                name_as_written=fact.name[:300],
                date=date,
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    facts[AgreementEvent] += events.values()
    outcome.counts["agreements"] = len(events)

    mentions = {}
    for fact in extraction.exercises:
        exercise_id = exercise_match(fact, [c for c in fact.countries if c in known] or parties, lookups)
        if exercise_id not in mentions:
            mentions[exercise_id] = ExerciseMention(
                exercise_id=exercise_id,
                engagement=engagement,
                location=(fact.location or "")[:200],
                date=date,
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    facts[ExerciseMention] += mentions.values()
    outcome.counts["exercises"] = len(mentions)

    if not partners:
        outcome.warnings.append("no partner country recognised")
    if engagement.date is None:
        outcome.warnings.append("no engagement date found")
    return list(links)


def _span(span) -> dict:
    if not span:
        return {"evidence_start": None, "evidence_end": None}
    return {"evidence_start": span[0], "evidence_end": span[1]}


def _plausible(date: dt.date, published: dt.date | None) -> bool:
    latest = (published or timezone.localdate()) + dt.timedelta(days=1)
    return EARLIEST_PLAUSIBLE <= date <= latest


def _forum(short_name: str | None, lookups: Lookups) -> Forum | None:
    if not short_name:
        return None
    if short_name not in lookups.forums:
        found = Forum.objects.filter(Q(short_name__iexact=short_name) | Q(aliases__icontains=short_name)).first()
        if found is None:
            found, _ = Forum.objects.get_or_create(short_name=short_name[:80])
        lookups.forums[short_name] = found
    return lookups.forums[short_name]


def person_match(name: str, country: str | None, lookups: Lookups | None = None) -> Person | None:
    """The known person a mention names, or a new one: never a second row for one person."""
    tokens = name_tokens(name)
    if not tokens:
        return None
    key = " ".join(tokens)[:200]
    remembered = lookups.people.get((key, country)) if lookups else None
    if remembered is not None:
        return remembered
    person = _person_lookup(name, key, tokens, country)
    if lookups is not None:
        lookups.people[(key, country)] = person
    return person


CANDIDATES = 20  # people sharing a word with a mention, compared in Python


def _person_lookup(name: str, key: str, tokens: list[str], country: str | None) -> Person:
    same_country = Person.objects.filter(country_id=country) if country else Person.objects.filter(country__isnull=True)
    sharing = list(same_country.filter(name_tokens__overlap=tokens).order_by("-id")[:CANDIDATES])
    candidates = [p for p in sharing if p.name_key == key or same_person(tokens, p.name_tokens)]
    exact = next((p for p in candidates if p.name_key == key), None)
    if exact is None and len(sharing) == CANDIDATES:  # a common word: look the key up too
        exact = same_country.filter(name_key=key).first()
    if exact:
        return exact
    if candidates:
        best = max(candidates, key=lambda p: len(p.name_tokens))
        if len(tokens) > len(best.name_tokens):
            # A fuller form of the name than we had: keep the fuller one.
            best.name, best.name_key, best.name_tokens = name.strip()[:200], key, tokens
            best.save(update_fields=["name", "name_key", "name_tokens"])
        return best
    person, _ = Person.objects.get_or_create(
        name_key=key, country_id=country, defaults={"name": name.strip()[:200], "name_tokens": tokens}
    )
    return person


def agreement_match(name: str, kind: str, parties: list[str], lookups: Lookups | None = None) -> int:
    """The id of the agreement a mention names (made if new), its parties recorded."""
    lookups = lookups or Lookups()
    key = agreement_key(kind, name, parties)
    if key not in lookups.agreements:
        agreement, _ = Agreement.objects.get_or_create(key=key, defaults={"name": name[:300], "kind": kind})
        lookups.agreements[key] = (agreement.pk, set())
    pk, recorded = lookups.agreements[key]
    if set(parties) - recorded:
        # A later readout may name another party.
        Agreement.countries.through.objects.bulk_create(
            [Agreement.countries.through(agreement_id=pk, country_id=code) for code in parties],
            ignore_conflicts=True,
        )
        recorded.update(parties)
    return pk


def exercise_match(fact, countries: list[str], lookups: Lookups | None = None) -> int:
    """The id of the exercise a mention names (made if new), its countries recorded."""
    lookups = lookups or Lookups()
    key = exercise_key(fact.name, fact.location, fact.named)
    if key not in lookups.exercises:
        exercise, _ = Exercise.objects.get_or_create(
            key=key,
            defaults={
                # A named exercise recurs yearly: the row is the series, each mention an edition.
                "name": (exercise_base_name(fact.name) if fact.named else fact.name)[:300],
                "named": fact.named,
                "location": (fact.location or "")[:200],
                "systems": list(fact.systems)[:20],
            },
        )
        lookups.exercises[key] = (exercise.pk, set())
    pk, recorded = lookups.exercises[key]
    if set(countries) - recorded:
        Exercise.countries.through.objects.bulk_create(
            [Exercise.countries.through(exercise_id=pk, country_id=code) for code in countries],
            ignore_conflicts=True,
        )
        recorded.update(countries)
    return pk
