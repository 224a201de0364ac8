"""Save what the parser found as rows: the rows of many readouts in one transaction, a re-parse
replacing the parser's rows and keeping an editor's, a batch that fails saved again one readout
at a time."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.db import connection, transaction
from django.utils import timezone

from engagements import history
from engagements.extraction.types import from_record, to_record
from engagements.ingest.cleaning import looks_english
from engagements.ingest.lookups import Lookups
from engagements.ingest.match import agreement_match, exercise_match, forum_match, person_match
from engagements.ingest.parse import parser_version
from engagements.ingest.results import IngestResult, Outcome, unchanged
from engagements.ingest.sameness import Account, candidates_on_record, principal_pair, same_event
from engagements.models import (
    AgreementEvent,
    DecidedBy,
    Engagement,
    EngagementCountry,
    EngagementSource,
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
        r.pk: r
        for r in Readout.objects.select_for_update()
        .filter(pk__in=[i.readout.pk for i in batch])
        .defer("search")
        .order_by("pk")
    }
    todo = []
    for index, (item, outcome) in enumerate(zip(batch, outcomes, strict=True)):
        readout = locked[item.readout.pk]
        _set_publisher(readout, item.extraction, lookups.countries)
        if finish_only and readout.status != item.status_seen:
            outcomes[index] = unchanged(item.readout, item.matched_by)
        elif readout.reviewed:
            Readout.objects.filter(pk=readout.pk).update(
                extraction=stored_extraction(item.extraction), parser_version=parser_version(), parsed_at=now
            )
            outcome.outcome = Outcome.KEPT
        else:
            todo.append((readout, item.extraction, outcome))
    if not todo:
        return outcomes

    placed, joined = _place(todo, lookups)
    groups = _rebuild(todo, placed, joined, lookups)
    for readout, extraction, outcome in todo:
        if not looks_english(readout.text):
            outcome.warnings.append("the text does not look like English; the parser reads English readouts")
        if extraction.date and not is_plausible(extraction.date, readout.published_on):
            outcome.warnings.append(f"engagement date {extraction.date.isoformat()} is implausible, left empty")
        if _plausible_date(readout, extraction) is None:
            outcome.warnings.append("no engagement date found")
        readout.status = ReadoutStatus.NEEDS_REVIEW if outcome.warnings else ReadoutStatus.PARSED
        readout.parse_error = "; ".join(outcome.warnings)
        readout.extraction = stored_extraction(extraction)
        readout.parser_version = parser_version()
        readout.parsed_at = now
        joined_to = joined.get(readout.pk)
        if joined_to is not None:
            outcome.notes = [*outcome.notes, f"joined engagement {groups[joined_to].pk} as another source"]
    _write_parse_results([r for r, _e, _o in todo])
    return outcomes


def stored_extraction(extraction) -> dict:
    """What a readout keeps of its parse: the shared schema, and the whole extraction with its
    spans (``record``), from which its engagement's rows are rebuilt when another source joins."""
    return {**extraction.to_schema(), "record": to_record(extraction)}


def _place(todo, lookups) -> tuple[dict[int, object], dict[int, object]]:
    """Each readout's engagement: the one it already belongs to (a re-parse never re-matches,
    so an editor's merge or split stands), else one on record or in this batch reporting the
    same event, else a new one. Returns readout id -> group key (an engagement id, or
    ("new", n) for an engagement this batch makes), and the same for the readouts that joined
    another's engagement, with the verdict kept on ``lookups``-free side tables."""
    ids = [r.pk for r, _e, _o in todo]
    placed: dict[int, object] = dict(
        EngagementSource.objects.filter(readout_id__in=ids).values_list("readout_id", "engagement_id")
    )
    unplaced = [r.pk for r in (r for r, _e, _o in todo) if r.pk not in placed]
    if unplaced:
        # Engagements recorded before their sources were (factories, older bulk loads).
        placed |= dict(Engagement.objects.filter(readout_id__in=unplaced).values_list("readout_id", "id"))
    joined: dict[int, object] = {}
    accounts = {
        readout.pk: _account(readout, extraction, lookups)
        for readout, extraction, _o in todo
        if readout.pk not in placed
    }
    if not accounts:
        return placed, joined
    _lock_pairs(accounts.values())
    on_record = candidates_on_record(accounts)
    made: dict[object, Account] = {}  # engagements this batch makes, by group key
    for readout, _extraction, outcome in todo:
        if readout.pk in placed:
            continue
        account = accounts[readout.pk]
        options = [(key, acc) for key, acc in on_record[readout.pk].items()] + list(made.items())
        verdicts = [(verdict, key) for key, acc in options if (verdict := same_event(account, acc)) is not None]
        best = max(verdicts, key=lambda v: (v[0].score, str(v[1])), default=None)
        if best is not None and best[0].same:
            verdict, key = best
            placed[readout.pk] = key
            joined[readout.pk] = key
            outcome.match = verdict
            if key in made:
                made[key].absorb(account)
        else:
            key = ("new", readout.pk)
            placed[readout.pk] = key
            made[key] = account
    return placed, joined


def _lock_pairs(accounts) -> None:
    """Two imports saving readouts of one pair at once match one after the other (until the
    first commits), so neither misses the other's engagement. Locks taken in one order."""
    pairs = sorted({"-".join(sorted(a.pair)) for a in accounts if a.pair})
    if pairs:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(h)) FROM "
                "(SELECT DISTINCT hashtext('engagement pair ' || k) AS h FROM unnest(%s::text[]) k ORDER BY h) s",
                [pairs],
            )


def _account(readout, extraction, lookups) -> Account:
    """What matching compares of a readout just parsed (its people, agreements and exercises
    matched as its rows will be; the lookups remember them for the save)."""
    known = lookups.countries
    codes = [c.code for c in extraction.countries if c.code in known]
    parties = sorted(set(codes))
    people = {}
    for fact in extraction.participants:
        person = person_match(fact.name, fact.country if fact.country in known else None, lookups)
        if person is not None:
            people[person.pk] = person.name
    forum = forum_match(extraction.forum, lookups)
    date = extraction.date if extraction.date and is_plausible(extraction.date, readout.published_on) else None
    return Account(
        date=date,
        kind=extraction.kind,
        forum=forum.pk if forum else None,
        countries=frozenset(codes),
        pair=principal_pair(readout.publisher_id, codes, [p.country for p in extraction.participants if p.country]),
        people=people,
        agreements=frozenset(agreement_match(a.name, a.kind, parties, lookups) for a in extraction.agreements),
        exercises=frozenset(
            exercise_match(e, [c for c in e.countries if c in known] or parties, lookups) for e in extraction.exercises
        ),
    )


def lead_key(readout: Readout) -> tuple:
    """The lead source of an engagement, whatever the order its sources came in: the earliest
    published, then the longest text, then the smallest text hash."""
    published = readout.published_on
    return (published is None, published or dt.date.min, -len(readout.text), readout.text_sha256)


def source_extraction(readout: Readout):
    """A stored source's extraction, from its record; parsed again if stored before records."""
    record = (readout.extraction or {}).get("record") if isinstance(readout.extraction, dict) else None
    if record is not None:
        return from_record(record)
    from engagements.ingest.parse import readout_extract

    return readout_extract(readout).extraction


def engagements_rebuild(engagement_ids, *, lookups: Lookups | None = None, force: bool = False) -> None:
    """Rebuild engagements from the sources on record (after an editor's merge or split):
    fields from the lead, parser rows the union of the sources'. ``force``: reviewed ones too
    (an editor's rows are kept either way)."""
    _rebuild([], {}, {}, lookups or Lookups(), also=set(engagement_ids), force=force)


def _rebuild(todo, placed, joined, lookups, *, also=frozenset(), force=False) -> dict[object, Engagement]:
    """Each touched engagement's fields from its lead source and its parser rows as the union
    of every source's: the engagements, by group key."""
    batch = {r.pk: (r, e, o) for r, e, o in todo}
    on_record = {key for key in placed.values() if not isinstance(key, tuple)} | set(also)
    engagements: dict[object, Engagement] = {e.pk: e for e in Engagement.objects.filter(pk__in=on_record)}
    members: dict[object, list] = {key: [] for key in set(placed.values()) | set(engagements)}
    recorded = set()
    for source in (
        EngagementSource.objects.filter(engagement_id__in=on_record).select_related("readout").defer("readout__search")
    ):
        recorded.add(source.readout_id)
        if source.readout_id not in batch:
            members[source.engagement_id].append((source.readout, None, None))
    for readout_id, key in placed.items():
        members[key].append(batch[readout_id])
    # Engagements recorded before their sources: their readout is their first source.
    legacy = {e.readout_id: key for key, e in engagements.items() if e.readout_id not in recorded}
    for readout in Readout.objects.filter(pk__in=[pk for pk in legacy if pk not in batch]).defer("search"):
        members[legacy[readout.pk]].append((readout, None, None))

    reviewed = set() if force else {key for key, s in members.items() if any(r.reviewed for r, _e, _o in s)}
    rebuilt = [key for key in members if key in engagements and key not in reviewed]
    if rebuilt:
        for model in FACT_MODELS:
            model.objects.filter(engagement_id__in=[engagements[k].pk for k in rebuilt], origin=Origin.PARSER).delete()

    facts: dict[type, list] = {model: [] for model in FACT_MODELS}
    leads = {}
    members = {key: sources for key, sources in members.items() if sources}
    for key, sources in members.items():
        sources.sort(key=lambda s: lead_key(s[0]))
        lead = sources[0][0]
        if key not in engagements:
            engagements[key] = Engagement(readout=lead)
        leads[key] = lead
    new = [e for e in engagements.values() if e.pk is None]
    for key, sources in members.items():
        if key in reviewed and key in engagements and engagements[key].pk is not None:
            continue
        engagement = engagements[key]
        engagement.readout = leads[key]
        extractions = [(r, e if e is not None else source_extraction(r), o) for r, e, o in sources]
        _fill_engagement(engagement, extractions, lookups)
    Engagement.objects.bulk_create(new)
    old = [engagements[k] for k in members if k in engagements and engagements[k] not in new and k not in reviewed]
    if old:
        Engagement.objects.bulk_update(old, ["readout", "date", "kind", "location", "forum", "evidence"])
    for key, sources in members.items():
        engagement = engagements[key]
        if key in reviewed and engagement not in new:
            continue
        seen: dict[type, set] = {model: set() for model in FACT_MODELS}
        for readout, extraction, outcome in sources:
            extraction = extraction if extraction is not None else source_extraction(readout)
            if extraction is None:
                continue
            _build_facts(
                engagement,
                readout,
                extraction,
                outcome or IngestResult(Outcome.PARSED),
                lookups,
                facts,
                seen,
                lead=readout.pk == engagement.readout_id,
            )
    for model, rows in facts.items():
        model.objects.bulk_create(rows, ignore_conflicts=True)
    EngagementSource.objects.bulk_create(
        [
            EngagementSource(
                engagement=engagements[key],
                readout_id=readout_id,
                score=batch[readout_id][2].match.score if readout_id in joined else 0,
                reasons=list(batch[readout_id][2].match.reasons) if readout_id in joined else [],
                decided_by=DecidedBy.MATCHER if readout_id in joined else DecidedBy.FIRST,
            )
            for readout_id, key in placed.items()
            if readout_id not in recorded
        ]
        + [
            EngagementSource(engagement=engagements[key], readout_id=readout_id)
            for readout_id, key in legacy.items()
            if readout_id not in placed
        ],
        ignore_conflicts=True,
    )
    return engagements


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


def _fill_engagement(engagement, sources, lookups) -> None:
    """The engagement's own fields from its lead source (``sources[0]``); a date from the
    next source that has one when the lead gives none (without evidence: the page
    highlights the lead's text)."""
    lead, extraction, _outcome = sources[0]
    engagement.date = _plausible_date(lead, extraction)
    engagement.kind = extraction.kind
    engagement.location = (extraction.location or "")[:200]
    engagement.forum = forum_match(extraction.forum, lookups)
    engagement.evidence = {
        name: list(span)
        for name, span in (
            ("date", extraction.date_span if engagement.date else None),
            ("kind", extraction.kind_span),
            ("location", extraction.location_span),
            ("forum", extraction.forum_span),
        )
        if span
    }
    if engagement.date is None:
        engagement.date = next((d for r, e, _o in sources[1:] if (d := _plausible_date(r, e))), None)


def _plausible_date(readout, extraction):
    # Engagement dates outside the window are parser mistakes or typos, not history.
    date = extraction.date
    return date if date and is_plausible(date, readout.published_on) else None


def _build_facts(engagement, readout, extraction, outcome, lookups, facts: dict, seen: dict, *, lead: bool) -> None:
    """The fact rows one source gives its engagement, appended to ``facts`` by model, less
    those an earlier source (the lead first) gave (``seen``). Only the lead's rows keep their
    evidence: a row's span points into the lead's text; every source's own spans stay in its
    ``Readout.extraction``. Their copied date and partner flag are the database's to write
    (sql/derived_v1.sql)."""

    def add(model, key, row):
        if key not in seen[model]:
            seen[model].add(key)
            if not lead:
                row.evidence_start = row.evidence_end = None
            facts[model].append(row)

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
    for code, row in links.items():
        add(EngagementCountry, code, row)
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
    for topic, row in topics.items():
        add(EngagementTopic, topic, row)
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
    for person, row in participations.items():
        add(Participation, person, row)
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
    for agreement, row in events.items():
        add(AgreementEvent, agreement, row)
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
    for exercise, row in mentions.items():
        add(ExerciseMention, exercise, row)
    outcome.counts["exercises"] = len(mentions)

    if not partners:
        outcome.warnings.append("no partner country recognised")


def _span(span) -> dict:
    if not span:
        return {"evidence_start": None, "evidence_end": None}
    return {"evidence_start": span[0], "evidence_end": span[1]}
