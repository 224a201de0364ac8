"""Writes: store a readout, parse it, and save what the parser found as rows.

Every path in (admin form, ``import_readouts``, ``load_demo``) goes through
``readout_ingest``. The text is committed in its own transaction before parsing starts, so a
parser failure never loses a readout; the rows of one parse are written in one transaction,
so a failure never leaves half of them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from engagements import extraction as parser
from engagements import rollup
from engagements.cleaning import clean_readout_text, looks_english
from engagements.matching import agreement_key, exercise_key, name_tokens, same_person
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
        raise ValidationError(
            f"The published date {published_on.isoformat()} is in the future.", code="future"
        )
    publisher_code = (publisher or settings.DEFAULT_PUBLISHER or "").upper() or None
    if publisher_code and publisher_code not in (lookups or Lookups()).countries:
        raise ValidationError(f"Unknown publisher country code {publisher_code!r}.", code="publisher")
    fingerprint = text_fingerprint(cleaned.text)
    url = (url or "").strip()
    if url:
        URLValidator(message=f"The source URL {url[:100]!r} is not a valid URL.")(url)
    existing = _find_existing(fingerprint, url)
    if existing is None:
        readout = Readout(
            title=(title or "").strip()[:500],
            url=url,
            published_on=published_on,
            publisher_id=publisher_code,
            text=cleaned.text,
            text_sha256=fingerprint,
            source=source,
        )
        try:
            with transaction.atomic():
                readout.save()
            return StoredReadout(readout, True, cleaned.notes)
        except IntegrityError:
            # Another process stored the same readout between our lookup and our insert.
            existing = _find_existing(fingerprint, url)
            if existing is None:
                raise
    matched_by = "text" if existing.text_sha256 == fingerprint else "url"
    return StoredReadout(existing, False, cleaned.notes, matched_by)


def _find_existing(fingerprint: str, url: str) -> Readout | None:
    match = Q(text_sha256=fingerprint)
    if url:
        match |= Q(url=url)
    return Readout.objects.filter(match).order_by("id").first()


def readout_ingest(
    *,
    text: str,
    title: str = "",
    published_on: dt.date | None = None,
    url: str = "",
    publisher: str | None = None,
    source: str = Readout.Source.ADMIN,
    refresh_rollup: bool = True,
    lookups: Lookups | None = None,
) -> IngestResult:
    """Store a readout and parse it; the same readout twice changes nothing and says so.

    ``refresh_rollup=False`` leaves the monthly rollup to the caller (a batch import
    refreshes once per batch, from ``result.parse.rollup_keys``).
    """
    lookups = lookups or Lookups()
    try:
        stored = readout_create(
            text=text,
            title=title,
            published_on=published_on,
            url=url,
            publisher=publisher,
            source=source,
            lookups=lookups,
        )
    except ValidationError as exc:
        return IngestResult("refused", message=" ".join(exc.messages))
    readout = stored.readout
    # A readout stored by an earlier run that stopped before parsing (or whose parse failed
    # under an older parser) is finished now rather than reported as unchanged.
    unfinished = readout.status == ReadoutStatus.PENDING or (
        readout.status == ReadoutStatus.FAILED and readout.parser_version != parser_version()
    )
    if not stored.created and not unfinished:
        return IngestResult(
            "unchanged", readout, f"already stored as readout {readout.pk} (same {stored.matched_by})"
        )
    outcome = readout_parse(readout, refresh_rollup=refresh_rollup, finish_only=True, lookups=lookups)
    if outcome.finished_elsewhere:
        # Another process parsed it first (two imports of one readout at once): it is theirs.
        return IngestResult(
            "unchanged", readout, f"already stored as readout {readout.pk} (same {stored.matched_by})"
        )
    message = "; ".join([*stored.notes, outcome.summary()])
    return IngestResult("new" if outcome.ok else "failed", readout, message, outcome)


def readout_parse(
    readout: Readout,
    *,
    refresh_rollup: bool = True,
    finish_only: bool = False,
    lookups: Lookups | None = None,
) -> ParseOutcome:
    """Parse a stored readout and save its rows; a failure marks it failed with the reason.

    ``finish_only``: save only if the readout is still in the status it had when we read it;
    when another process parsed it meanwhile, leave its rows be (``finished_elsewhere``).
    """
    try:
        extraction = parser.parse_strict(
            readout.text,
            published=readout.published_on,
            title=readout.title or None,
            publisher=readout.publisher_id or settings.DEFAULT_PUBLISHER,
        )
    except Exception as exc:  # the parser's bug must not lose the readout: record it
        logger.exception("parser failed on readout %s", readout.pk)
        _mark_failed(readout, f"{type(exc).__name__}: {exc}")
        return ParseOutcome(ok=False, error=f"{type(exc).__name__}: {exc}")
    try:
        with transaction.atomic():
            outcome = _save_extraction(
                readout, extraction, finish_only=finish_only, lookups=lookups or Lookups()
            )
    except Exception as exc:
        logger.exception("saving the extraction of readout %s failed", readout.pk)
        _mark_failed(readout, f"{type(exc).__name__}: {exc}")
        return ParseOutcome(ok=False, error=f"{type(exc).__name__}: {exc}")
    if refresh_rollup:
        # After the rows are committed: the refresh serialises on a lock, and holding the
        # rows' transaction open behind it would serialise concurrent imports too.
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


def _save_extraction(readout: Readout, extraction, *, finish_only: bool, lookups: Lookups) -> ParseOutcome:
    outcome = ParseOutcome(ok=True)
    schema = extraction.to_schema()
    # Lock the readout row so two parses of one readout run one after the other.
    status_seen = readout.status
    readout = Readout.objects.select_for_update().get(pk=readout.pk)
    if finish_only and readout.status != status_seen:
        outcome.finished_elsewhere = True
        return outcome
    now = timezone.now()
    if readout.reviewed:
        Readout.objects.filter(pk=readout.pk).update(
            extraction=schema, parser_version=parser_version(), parsed_at=now
        )
        outcome.kept_reviewed = True
        return outcome
    # A first parse (the usual case) has no rows to replace: skip the look and the deletes.
    engagement = Engagement.objects.filter(readout=readout).first()
    if engagement is None:
        engagement = Engagement(readout=readout)
    else:
        outcome.rollup_keys = rollup.engagement_keys([engagement.pk])
        for model in FACT_MODELS:
            model.objects.filter(engagement=engagement, origin=Origin.PARSER).delete()

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
    engagement.save()
    date = engagement.date

    publisher = readout.publisher_id
    known = lookups.countries
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
    EngagementCountry.objects.bulk_create(links.values(), ignore_conflicts=True)
    outcome.counts["countries"] = len(links)
    partners = sorted(code for code in links if code != publisher)

    topic_ids = lookups.topics
    topics = {}
    for fact in extraction.topics:
        if fact.topic in topic_ids and fact.topic not in topics:
            topics[fact.topic] = EngagementTopic(
                engagement=engagement,
                topic_id=topic_ids[fact.topic],
                date=date,
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    EngagementTopic.objects.bulk_create(topics.values(), ignore_conflicts=True)
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
    Participation.objects.bulk_create(participations.values(), ignore_conflicts=True)
    outcome.counts["participants"] = len(participations)

    events = {}
    parties = sorted(links)
    for fact in extraction.agreements:
        agreement_id = agreement_match(fact.name, fact.kind, parties, lookups)
        if agreement_id in events:
            continue
        events[agreement_id] = AgreementEvent(
            agreement_id=agreement_id,
            engagement=engagement,
            action=fact.action,
            name_as_written=fact.name[:300],
            date=date,
            origin=Origin.PARSER,
            **_span(fact.span),
        )
    AgreementEvent.objects.bulk_create(events.values(), ignore_conflicts=True)
    outcome.counts["agreements"] = len(events)

    mentions = {}
    for fact in extraction.exercises:
        exercise_id = exercise_match(fact, [c for c in fact.countries if c in known] or parties, lookups)
        if exercise_id in mentions:
            continue
        mentions[exercise_id] = ExerciseMention(
            exercise_id=exercise_id,
            engagement=engagement,
            location=(fact.location or "")[:200],
            date=date,
            origin=Origin.PARSER,
            **_span(fact.span),
        )
    ExerciseMention.objects.bulk_create(mentions.values(), ignore_conflicts=True)
    outcome.counts["exercises"] = len(mentions)

    outcome.rollup_keys |= {(engagement.date, code) for code in links} | {(engagement.date, None)}
    if outcome.rollup_keys - {(engagement.date, code) for code in links} - {(engagement.date, None)}:
        # A re-parse: an editor's rows stay and move with the engagement's date.
        outcome.rollup_keys |= rollup.engagement_keys([engagement.pk])
    if not partners:
        outcome.warnings.append("no partner country recognised")
    if engagement.date is None:
        outcome.warnings.append("no engagement date found")
    if not looks_english(readout.text):
        outcome.warnings.append("the text does not look like English; the parser reads English readouts")
    Readout.objects.filter(pk=readout.pk).update(
        status=ReadoutStatus.NEEDS_REVIEW if outcome.warnings else ReadoutStatus.PARSED,
        parse_error="; ".join(outcome.warnings),
        extraction=schema,
        parser_version=parser_version(),
        parsed_at=now,
    )
    return outcome


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
        found = Forum.objects.filter(
            Q(short_name__iexact=short_name) | Q(aliases__icontains=short_name)
        ).first()
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
    same_country = (
        Person.objects.filter(country_id=country) if country else Person.objects.filter(country__isnull=True)
    )
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
                "name": fact.name[:300],
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
