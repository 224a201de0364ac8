"""The parser's own output for a readout beside what the engagement holds now.

Every parse stores its output on the readout (``Readout.extraction``, the shared schema
object), also when an editor reviewed the readout and the parse leaves the rows alone: that
stored output is the "new parse stored for comparison". An editor compares it here, field
by field, with the engagement's current facts, their corrections included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engagements.ingest.keys import exercise_base_name, fold, name_tokens, same_person
from engagements.models import Country, Engagement, Kind, Readout, Topic


@dataclass
class Item:
    text: str
    key: str  # what the two sides are matched on
    only_here: bool = False  # on this side and not on the other


@dataclass
class Row:
    label: str
    parsed: list[Item] = field(default_factory=list)
    current: list[Item] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return {i.key for i in self.parsed} != {i.key for i in self.current}


@dataclass
class Comparison:
    readout: Readout
    engagement: Engagement | None
    rows: list[Row]

    @property
    def differences(self) -> int:
        return sum(row.differs for row in self.rows)


def _words(text: str | None) -> str:
    return " ".join(fold(text or "").split())


def _one(text: str | None) -> list[Item]:
    return [Item(text, _words(text))] if text else []


def _row(label: str, parsed: list[Item], current: list[Item]) -> Row:
    parsed_keys, current_keys = {i.key for i in parsed}, {i.key for i in current}
    for item in parsed:
        item.only_here = item.key not in current_keys
    for item in current:
        item.only_here = item.key not in parsed_keys
    return Row(label, parsed, current)


def _date(value: dt.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def _kind(value: str | None) -> str:
    return Kind(value).label if value in Kind.values else (value or "")


def _participant(name: str, title: str) -> Item:
    text = f"{name}, {title}" if title else name
    return Item(text, " ".join(name_tokens(name)) + "|" + _words(title))


def _same_people(parsed: list[Item], current: list[Item]) -> list[Item]:
    """The current participants, keyed like the parser's mention of the same person: the
    parser may name someone in a shorter form ("Secretary Austin") than the person row
    the ingest matched it to ("Lloyd J. Austin III")."""
    unmatched = [item for item in parsed if item.key not in {c.key for c in current}]
    for row in current:
        tokens, title = row.key.split("|", 1)
        for item in unmatched:
            their_tokens, their_title = item.key.split("|", 1)
            if title == their_title and same_person(tokens.split(), their_tokens.split()):
                row.key = item.key
                unmatched.remove(item)
                break
    return current


def _agreement(name: str, action: str) -> Item:
    return Item(f"{name} ({action})", f"{_words(name)}|{action}")


def _exercise(name: str, location: str) -> Item:
    # A named exercise is stored as its series ("Balikatan"); the parser reads the edition.
    base = exercise_base_name(name)
    return Item(f"{name} at {location}" if location else name, f"{_words(base)}|{_words(location)}")


def readout_comparison(readout: Readout) -> Comparison:
    """The rows of the side-by-side view: empty when the readout has no stored parse."""
    engagement = Engagement.objects.select_related("forum").filter(readout=readout).first()
    output = readout.extraction or {}
    if not output:
        return Comparison(readout, engagement, [])
    parsed = output.get("engagement") or {}

    codes = set(parsed.get("countries") or [])
    topic_names = set(output.get("topics") or [])
    countries, topics, participants, events, mentions = [], [], [], [], []
    if engagement is not None:
        countries = list(engagement.country_links.select_related("country").order_by("country__name"))
        topics = list(engagement.topic_links.select_related("topic").order_by("topic__label"))
        participants = list(engagement.participations.select_related("person").order_by("id"))
        events = list(engagement.agreement_events.select_related("agreement").order_by("id"))
        mentions = list(engagement.exercise_mentions.select_related("exercise").order_by("id"))
    country_names = dict(Country.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    topic_labels = dict(Topic.objects.filter(name__in=topic_names).values_list("name", "label")) if topic_names else {}

    parsed_people = [_participant(p.get("name") or "", p.get("title") or "") for p in output.get("participants") or []]
    parsed_date = dt.date.fromisoformat(parsed["date"]) if parsed.get("date") else None
    rows = [
        _row("Date", _one(_date(parsed_date)), _one(_date(engagement.date if engagement else None))),
        _row("Kind", _one(_kind(parsed.get("kind"))), _one(engagement.get_kind_display() if engagement else "")),
        _row("Place", _one(parsed.get("location")), _one(engagement.location if engagement else "")),
        _row(
            "Forum",
            _one(parsed.get("forum")),
            _one(engagement.forum.short_name if engagement and engagement.forum else ""),
        ),
        _row(
            "Countries",
            [Item(country_names.get(code, code), code) for code in sorted(codes)],
            [Item(link.country.name, link.country_id) for link in countries],
        ),
        _row(
            "Participants",
            parsed_people,
            _same_people(parsed_people, [_participant(p.person.name, p.title) for p in participants]),
        ),
        _row(
            "Agreements",
            [_agreement(a.get("name") or "", a.get("action") or "") for a in output.get("agreements") or []],
            [_agreement(e.name_as_written or e.agreement.name, e.action) for e in events],
        ),
        _row(
            "Exercises",
            [_exercise(e.get("name") or "", e.get("location") or "") for e in output.get("exercises") or []],
            [_exercise(m.exercise.name, m.location) for m in mentions],
        ),
        _row(
            "Topics",
            [Item(topic_labels.get(name, name), name) for name in sorted(topic_names)],
            [Item(link.topic.label, link.topic.name) for link in topics],
        ),
    ]
    return Comparison(readout, engagement, rows)
