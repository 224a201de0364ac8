"""Scenes and their texts as table rows, in COPY's text format, with pre-assigned ids.

The tables and their column order live here (``TABLES``), next to the code that formats
their rows, so the two cannot drift apart; a test checks that they cover every column of
the models. People, agreements, exercises and forums are written the first time a readout
uses them, unless the database already has them (same person key and country, same
agreement or exercise key, same forum name), in which case the existing row is reused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Model

from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementSource,
    EngagementTopic,
    Exercise,
    ExerciseMention,
    Forum,
    Participation,
    Person,
    Readout,
    text_fingerprint,
)
from synthetic import world as w
from synthetic.copy import NULL, Batch, TableData, array, boolean, copy_statement, text
from synthetic.scenes import Scene
from synthetic.texts import Composed

URL_PREFIX = "https://synthetic.invalid/readouts/"


def fingerprint(value: str) -> str:
    """``text_fingerprint`` of a generated text, skipping its regular expression when it can.

    An ASCII text without control characters, double spaces or edge spaces (most generated
    texts) is already NFC with single spaces: its normal form is the text with newlines
    made spaces. Anything else takes the full path.
    """
    flat = value.replace("\n", " ")
    if flat.isascii() and flat.isprintable() and "  " not in flat and flat == flat.strip():
        return hashlib.sha256(flat.encode("ascii")).hexdigest()
    return text_fingerprint(value)


@dataclass(frozen=True)
class Table:
    name: str  # the summary's word for it
    model: type[Model]
    fields: tuple[str, ...]  # in COPY order; attnames for foreign keys

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model._meta.get_field(f).column for f in self.fields)


_FACT = ("evidence_start", "evidence_end", "origin")
TABLES: tuple[Table, ...] = (
    Table("people", Person, ("id", "name", "name_key", "name_tokens", "created_at", "country_id")),
    Table("forums", Forum, ("id", "short_name", "name", "aliases")),
    Table("agreements", Agreement, ("id", "name", "kind", "key")),
    Table("agreement countries", Agreement.countries.through, ("id", "agreement_id", "country_id")),
    Table("exercises", Exercise, ("id", "name", "key", "named", "location", "systems")),
    Table("exercise countries", Exercise.countries.through, ("id", "exercise_id", "country_id")),
    # ``search`` is left out: the server computes the generated column.
    Table(
        "readouts",
        Readout,
        (
            "id",
            "title",
            "url",
            "published_on",
            "publisher_id",
            "text",
            "text_sha256",
            "status",
            "parse_error",
            "parser_version",
            "extraction",
            "reviewed",
            "source",
            "created_at",
            "updated_at",
            "parsed_at",
            "publisher_found_by",
            "publisher_evidence",
            "publisher_evidence_start",
            "publisher_evidence_end",
        ),
    ),
    Table("engagements", Engagement, ("id", "readout_id", "date", "kind", "location", "forum_id", "evidence")),
    # Each engagement's readout is its first source, as the ingest records it.
    Table(
        "engagement sources",
        EngagementSource,
        ("id", "engagement_id", "readout_id", "score", "reasons", "decided_by", "created_at"),
    ),
    Table("countries", EngagementCountry, ("id", *_FACT, "is_partner", "date", "country_id", "engagement_id")),
    Table("topics", EngagementTopic, ("id", *_FACT, "date", "engagement_id", "topic_id")),
    Table("participations", Participation, ("id", *_FACT, "title", "date", "engagement_id", "person_id")),
    Table(
        "agreement events",
        AgreementEvent,
        ("id", *_FACT, "action", "name_as_written", "date", "agreement_id", "engagement_id"),
    ),
    Table(
        "exercise mentions",
        ExerciseMention,
        ("id", *_FACT, "location", "date", "engagement_id", "exercise_id"),
    ),
)
TABLE = {t.name: t for t in TABLES}
# Rows a later batch may point at: written (and committed) before the batch's own rows.
SHARED_TABLES = ("people", "forums", "agreements", "agreement countries", "exercises", "exercise countries")
# The tables a large load grows by millions of rows (their secondary indexes may be dropped).
BIG_TABLES = (
    "readouts",
    "engagements",
    "engagement sources",
    "countries",
    "topics",
    "participations",
    "agreement events",
    "exercise mentions",
)


@dataclass
class Known:
    """Rows the database already holds that a run reuses rather than duplicates."""

    people: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, name key) -> id
    agreements: dict[str, int] = field(default_factory=dict)  # key -> id
    exercises: dict[str, int] = field(default_factory=dict)
    forums: dict[str, int] = field(default_factory=dict)  # lower-cased short name or alias -> id
    topics: dict[str, int] = field(default_factory=dict)  # vocabulary term -> id


class BatchBuilder:
    """Collects the rows of one batch; ids come from counters that outlive the batch."""

    def __init__(self, next_ids: dict[str, int], known: Known, now: str, quote):
        self.next_ids = next_ids
        self.known = known
        self.now = now
        self.counts = dict.fromkeys(TABLE, 0)  # rows written over the whole run
        self._statements = {t.name: copy_statement(t.db_table, t.columns, quote) for t in TABLES}
        self._lines: dict[str, list[str]] = {t.name: [] for t in TABLES}
        self._first_ids: dict[str, int] = {}

    def allocate(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, scene: Scene, composed: Composed, readout_id: int) -> None:
        lines = self._lines
        spans = composed.spans
        title = text(composed.title[:500])
        sha = fingerprint(composed.text)
        lines["readouts"].append(
            f"{readout_id}\t{title}\t{URL_PREFIX}{readout_id}\t{scene.published.isoformat()}\t{scene.publisher}\t"
            f"{text(composed.text)}\t{sha}\tparsed\t\tsynthetic\t{NULL}\tf\tsynthetic\t{self.now}\t{self.now}\t{self.now}\t"
            f"jsonl\t{scene.publisher}\t{NULL}\t{NULL}\n"
        )
        engagement_id = self.allocate("engagements")
        forum = self._forum_id(scene.forum.forum) if scene.forum else NULL
        evidence = text(json.dumps(composed.evidence(), separators=(",", ":")))
        lines["engagements"].append(
            f"{engagement_id}\t{readout_id}\t{scene.date.isoformat()}\t{scene.kind}\t{text(scene.location)}\t{forum}\t"
            f"{evidence}\n"
        )
        lines["engagement sources"].append(
            f"{self.allocate('engagement sources')}\t{engagement_id}\t{readout_id}\t0\t[]\tfirst\t{self.now}\n"
        )
        date = scene.date.isoformat()
        tail = f"\t{date}\t{engagement_id}"  # date and engagement, the columns every fact ends with
        for code in scene.countries:
            start, end = spans[("country", code)]
            lines["countries"].append(
                f"{self.allocate('countries')}\t{start}\t{end}\tparser\t{boolean(code != scene.publisher)}\t"
                f"{date}\t{code}\t{engagement_id}\n"
            )
        for topic in scene.topics:
            span = spans.get(("topic", topic))
            if span is None:  # left out of a readout that ran long
                continue
            lines["topics"].append(
                f"{self.allocate('topics')}\t{span[0]}\t{span[1]}\tparser{tail}\t{self.known.topics[topic]}\n"
            )
        for seat in scene.seats:
            start, end = spans[("person", id(seat.person))]
            lines["participations"].append(
                f"{self.allocate('participations')}\t{start}\t{end}\tparser\t{text(seat.title)}{tail}\t"
                f"{self._person_id(seat.person)}\n"
            )
        for act in scene.agreements:
            span = spans.get(("agreement", id(act.agreement)))
            if span is None:
                continue
            written = text(composed.written[id(act.agreement)][:300])
            lines["agreement events"].append(
                f"{self.allocate('agreement events')}\t{span[0]}\t{span[1]}\tparser\t{act.action}\t"
                f"{written}\t{date}\t{self._agreement_id(act.agreement)}\t{engagement_id}\n"
            )
        for act in scene.exercises:
            span = spans.get(("exercise", id(act.exercise)))
            if span is None:
                continue
            place = text(act.exercise.location if act.with_location else "")
            lines["exercise mentions"].append(
                f"{self.allocate('exercise mentions')}\t{span[0]}\t{span[1]}\tparser\t{place}{tail}\t"
                f"{self._exercise_id(act.exercise)}\n"
            )

    # World rows, written once ---------------------------------------------------------

    def _person_id(self, person: w.Person) -> int:
        if not person.id:
            found = self.known.people.get((person.country, person.key))
            if found:
                person.id = found
            else:
                person.id = self.allocate("people")
                self._lines["people"].append(
                    f"{person.id}\t{text(person.name)}\t{text(person.key)}\t{array(person.tokens)}\t{self.now}\t"
                    f"{person.country}\n"
                )
        return person.id

    def _agreement_id(self, agreement: w.Agreement) -> int:
        if not agreement.id:
            found = self.known.agreements.get(agreement.key)
            if found:
                agreement.id = found
            else:
                agreement.id = self.allocate("agreements")
                self._lines["agreements"].append(
                    f"{agreement.id}\t{text(agreement.name)}\t{agreement.kind}\t{text(agreement.key)}\n"
                )
                for code in agreement.parties:
                    self._lines["agreement countries"].append(
                        f"{self.allocate('agreement countries')}\t{agreement.id}\t{code}\n"
                    )
        return agreement.id

    def _exercise_id(self, exercise: w.Exercise) -> int:
        if not exercise.id:
            found = self.known.exercises.get(exercise.key)
            if found:
                exercise.id = found
            else:
                exercise.id = self.allocate("exercises")
                self._lines["exercises"].append(
                    f"{exercise.id}\t{text(exercise.name)}\t{text(exercise.key)}\t{boolean(exercise.named)}\t"
                    f"{text(exercise.location)}\t{array(exercise.systems)}\n"
                )
                # The United States takes part in every exercise the generator knows.
                for code in sorted({*exercise.countries, "USA"}):
                    self._lines["exercise countries"].append(
                        f"{self.allocate('exercise countries')}\t{exercise.id}\t{code}\n"
                    )
        return exercise.id

    def _forum_id(self, forum: w.Forum) -> int:
        if not forum.id:
            for name in (forum.short_name, forum.name, *forum.aliases):
                found = self.known.forums.get(name.lower())
                if found:
                    forum.id = found
                    break
            else:
                forum.id = self.allocate("forums")
                self._lines["forums"].append(
                    f"{forum.id}\t{text(forum.short_name)}\t{text(forum.name)}\t{array(forum.aliases)}\n"
                )
        return forum.id

    # Batches ----------------------------------------------------------------------------

    def take(self, engagements: int, sequences: dict[str, str]) -> Batch:
        """The rows collected since the last call, as one batch for the writer."""
        batch = Batch([], [], engagements)
        for table in TABLES:
            lines = self._lines[table.name]
            self.counts[table.name] += len(lines)
            data = TableData(self._statements[table.name], "".join(lines).encode("utf-8"), len(lines))
            (batch.shared if table.name in SHARED_TABLES else batch.own).append(data)
            if lines:
                batch.reservations.append((sequences[table.name], self.next_ids[table.name] - 1))
            self._lines[table.name] = []
        return batch
