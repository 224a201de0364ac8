"""Save what the parser found as rows: the rows of many readouts in one transaction, a re-parse
replacing the parser's rows and keeping an editor's, a batch that fails saved again one readout
at a time."""

from __future__ import annotations

import json
import logging

from django.db import connection, transaction
from django.utils import timezone

from engagements import history
from engagements.ingest.cleaning import looks_english
from engagements.ingest.lookups import Lookups
from engagements.ingest.match import agreement_match, exercise_match, forum_match, person_match
from engagements.ingest.parse import parser_version
from engagements.ingest.results import IngestResult, Outcome, unchanged
from engagements.models import (
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    ExerciseMention,
    Origin,
    Participation,
    Readout,
)
from engagements.models.dates import is_plausible
from engagements.models.readouts import ReadoutStatus

logger = logging.getLogger(__name__)


FACT_MODELS = (EngagementCountry, EngagementTopic, Participation, AgreementEvent, ExerciseMention)


def readouts_save(batch: list[IngestResult], *, lookups: Lookups, finish_only: bool = True) -> list[IngestResult]:
    """Save the rows of parsed readouts, many in one transaction.

    ``finish_only``: save a readout only if it is still in the status it had when it was
    read; when another process parsed it meanwhile, it is theirs and reported unchanged.
    Without it (a re-parse), saved rows are reported updated. A batch that fails as a whole
    is saved again one readout at a time, so one bad readout is marked failed and the others
    are saved.
    """
    results: dict[int, IngestResult] = {}
    saving, seen = [], set()
    for item in batch:
        if item.readout.pk in seen:  # the same readout twice in one batch
            results[id(item)] = unchanged(item.readout, item.matched_by)
            continue
        seen.add(item.readout.pk)
        if item.extraction is None:
            _mark_failed(item.readout, item.error)
            results[id(item)] = item.restarted().finish(Outcome.FAILED)
        else:
            saving.append(item)
    if saving:
        try:
            # The revision history names the parser as the writer of these rows.
            with transaction.atomic(), history.as_parser():
                saved = _save_extractions(saving, finish_only=finish_only, lookups=lookups)
        except Exception:
            lookups.forget()  # rows it made were rolled back with the batch
            if len(saving) == 1:
                item = saving[0]
                logger.exception("saving the extraction of readout %s failed", item.readout.pk)
                error = _error_text()
                _mark_failed(item.readout, error)
                saved = [item.restarted().finish(Outcome.FAILED, error=error)]
            else:
                # Find the culprit: each readout on its own, the good ones saved.
                return [
                    result
                    for item in batch
                    for result in readouts_save([item], lookups=lookups, finish_only=finish_only)
                ]
        for item, result in zip(saving, saved, strict=True):
            if result.outcome == Outcome.PARSED:
                result.finish(Outcome.NEW if finish_only else Outcome.UPDATED)
            elif result.outcome == Outcome.KEPT:
                result.finish(Outcome.KEPT)
            results[id(item)] = result
    return [results[id(item)] for item in batch]


def _error_text() -> str:
    import sys

    exc = sys.exc_info()[1]
    return f"{type(exc).__name__}: {exc}"


def _mark_failed(readout: Readout, error: str) -> None:
    Readout.objects.filter(pk=readout.pk).update(
        status=ReadoutStatus.FAILED,
        parse_error=error[:2000],
        parser_version=parser_version(),
        parsed_at=timezone.now(),
    )
    readout.status, readout.parse_error = ReadoutStatus.FAILED, error[:2000]


def _save_extractions(batch: list[IngestResult], *, finish_only: bool, lookups: Lookups) -> list[IngestResult]:
    """Write the rows of a batch of readouts: a few queries a batch, not a few a readout."""
    now = timezone.now()
    outcomes = [item.restarted() for item in batch]
    # Lock the readout rows first, in id order, as an editor's save does: a parse and an
    # edit of one readout run one after the other, and never deadlock.
    locked = {
        r.pk: r for r in Readout.objects.select_for_update().filter(pk__in=[i.readout.pk for i in batch]).order_by("pk")
    }
    existing = {e.readout_id: e for e in Engagement.objects.filter(readout_id__in=list(locked))}
    todo = []
    for index, (item, outcome) in enumerate(zip(batch, outcomes, strict=True)):
        readout = locked[item.readout.pk]
        _set_publisher(readout, item.extraction, lookups.countries)
        if finish_only and readout.status != item.status_seen:
            outcomes[index] = unchanged(item.readout, item.matched_by)
        elif readout.reviewed:
            Readout.objects.filter(pk=readout.pk).update(
                extraction=item.extraction.to_schema(), parser_version=parser_version(), parsed_at=now
            )
            outcome.outcome = Outcome.KEPT
        else:
            todo.append((readout, item.extraction, outcome))
    if not todo:
        return outcomes
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
        _build_facts(engagement, readout, extraction, outcome, lookups, facts)
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
    return outcomes


def _set_publisher(readout: Readout, extraction, known) -> None:
    """The publisher the parse found, with how and its evidence, and a title for a readout
    published without one (saved with the parse results)."""
    if not readout.title.strip():
        readout.title = (extraction.title or "")[:500]
    readout.publisher_id = extraction.publisher if extraction.publisher in known else None
    readout.publisher_found_by = extraction.publisher_how
    readout.publisher_evidence = (extraction.publisher_evidence or "")[:300]
    span = extraction.publisher_span
    readout.publisher_evidence_start, readout.publisher_evidence_end = span if span else (None, None)


def _write_parse_results(readouts: list[Readout]) -> None:
    """The batch's parse results in one UPDATE from arrays: ``bulk_update`` builds a CASE
    per field and row in Python, which cost more than the rest of the batch's writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE engagements_readout r
            SET status = v.status, parse_error = v.parse_error, extraction = v.extraction,
                parser_version = v.parser_version, parsed_at = v.parsed_at, title = v.title,
                publisher_id = v.publisher_id, publisher_found_by = v.publisher_found_by,
                publisher_evidence = v.publisher_evidence,
                publisher_evidence_start = v.publisher_evidence_start,
                publisher_evidence_end = v.publisher_evidence_end
            FROM unnest(%s::bigint[], %s::varchar[], %s::text[], %s::jsonb[], %s::varchar[], %s::timestamptz[],
                        %s::varchar[], %s::varchar[], %s::varchar[], %s::integer[], %s::integer[], %s::varchar[])
                AS v(id, status, parse_error, extraction, parser_version, parsed_at,
                     publisher_id, publisher_found_by, publisher_evidence,
                     publisher_evidence_start, publisher_evidence_end, title)
            WHERE r.id = v.id
            """,
            [
                [r.pk for r in readouts],
                [r.status for r in readouts],
                [r.parse_error for r in readouts],
                [json.dumps(r.extraction) for r in readouts],
                [r.parser_version for r in readouts],
                [r.parsed_at for r in readouts],
                [r.publisher_id for r in readouts],
                [r.publisher_found_by for r in readouts],
                [r.publisher_evidence for r in readouts],
                [r.publisher_evidence_start for r in readouts],
                [r.publisher_evidence_end for r in readouts],
                [r.title for r in readouts],
            ],
        )


def _fill_engagement(engagement, readout, extraction, outcome, lookups) -> None:
    date = extraction.date
    # Engagement dates outside the window are parser mistakes or typos, not history.
    if date and not is_plausible(date, readout.published_on):
        outcome.warnings.append(f"engagement date {date.isoformat()} is implausible, left empty")
        date = None
    engagement.date = date or None
    engagement.kind = extraction.kind
    engagement.location = (extraction.location or "")[:200]
    engagement.forum = forum_match(extraction.forum, lookups)
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


def _build_facts(engagement, readout, extraction, outcome, lookups, facts: dict) -> None:
    """The fact rows of one engagement, appended to ``facts`` by model. Their copied date
    and partner flag are the database's to write (sql/derived_v1.sql)."""
    publisher, known = readout.publisher_id, lookups.countries
    links = {}
    for fact in extraction.countries:
        if fact.code in known and fact.code not in links:
            links[fact.code] = EngagementCountry(
                engagement=engagement,
                country_id=fact.code,
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
                origin=Origin.PARSER,
                **_span(fact.span),
            )
    facts[ExerciseMention] += mentions.values()
    outcome.counts["exercises"] = len(mentions)

    if not partners:
        outcome.warnings.append("no partner country recognised")
    if engagement.date is None:
        outcome.warnings.append("no engagement date found")


def _span(span) -> dict:
    if not span:
        return {"evidence_start": None, "evidence_end": None}
    return {"evidence_start": span[0], "evidence_end": span[1]}
