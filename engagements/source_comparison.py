"""An engagement's sources side by side: each readout with its own highlights, every fact with
the evidence of each source that states it, and where the sources disagree (the date, the kind,
an agreement's action, a participant's title) each side's wording.

Read from each source's stored parse (``Readout.extraction["record"]``, spans into its own
text), so no source's text is parsed again to show the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engagements.extraction.types import Extraction, from_record
from engagements.ingest.keys import exercise_base_name, fold, name_tokens, same_person
from engagements.models import Engagement, EngagementSource, Kind, Readout, Topic


@dataclass
class SourceView:
    readout: Readout
    source: EngagementSource | None
    lead: bool
    prefix: str  # of its highlights' anchors: each text on the page has its own
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        publisher = self.readout.publisher.name if self.readout.publisher else "Unknown publisher"
        return f"{publisher}, {self.readout.published_on:%-d %b %Y}" if self.readout.published_on else publisher


@dataclass
class Statement:
    """One source's evidence of a fact: its wording and the anchor of its sentence."""

    source: SourceView
    value: str
    wording: str
    anchor: str


@dataclass
class FactRow:
    kind: str  # "Participant", "Agreement", ...
    name: str
    by_source: list[Statement | None]  # one cell per source, None when it does not say


@dataclass
class Conflict:
    label: str  # "Date", "Kind", "Title of Lloyd Austin", ...
    sides: list[Statement]


@dataclass
class SourceComparison:
    sources: list[SourceView]
    facts: list[FactRow]
    conflicts: list[Conflict]

    @property
    def several(self) -> bool:
        return len(self.sources) > 1


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", fold(text or "").replace("defence", "defense")))


def _anchor(prefix: str, span) -> str:
    return f"{prefix}-{span[0]}-{span[1]}" if span else ""


def _wording(text: str, span) -> str:
    if not span:
        return ""
    start, end = max(0, span[0]), min(len(text), span[1])
    return " ".join(text[start:end].split())


def _extraction(readout: Readout) -> Extraction | None:
    record = readout.extraction.get("record") if isinstance(readout.extraction, dict) else None
    return from_record(record) if record else None


class _Facts:
    """Facts of every source, grouped by what makes two mentions one fact."""

    def __init__(self, count: int):
        self.count = count
        self.rows: dict[tuple, FactRow] = {}
        self.people: list[tuple[list[str], tuple]] = []  # tokens of a person -> row key

    def person_key(self, name: str) -> tuple:
        tokens = name_tokens(name)
        for known, key in self.people:
            if known == tokens or same_person(tokens, known) or same_person(known, tokens):
                return key
        key = ("Participant", " ".join(tokens))
        self.people.append((tokens, key))
        return key

    def add(self, key: tuple, name: str, index: int, statement: Statement) -> None:
        row = self.rows.setdefault(key, FactRow(key[0], name, [None] * self.count))
        if row.by_source[index] is None:
            row.by_source[index] = statement


def compare_sources(engagement: Engagement) -> SourceComparison:
    """The engagement's sources, the lead first: two queries (sources, topic labels)."""
    sources = list(
        EngagementSource.objects.filter(engagement=engagement)
        .select_related("readout__publisher")
        .defer("readout__search")
    )
    if not any(s.readout_id == engagement.readout_id for s in sources):
        sources.insert(0, None)  # recorded before sources were: its readout alone
    views = []
    for source in sources:
        readout = engagement.readout if source is None else source.readout
        lead = readout.pk == engagement.readout_id
        views.append(SourceView(readout, source, lead, "ev" if lead else f"src{readout.pk}"))
    views.sort(key=lambda v: (not v.lead, v.readout.published_on is None, v.readout.published_on or 0, v.readout.pk))
    labels = dict(Topic.objects.values_list("name", "label")) if len(views) > 1 else {}
    facts = _Facts(len(views))
    dates, kinds, actions, titles = {}, {}, {}, {}
    for index, view in enumerate(views):
        extraction = _extraction(view.readout)
        if extraction is None:
            continue
        text = view.readout.text

        def state(value, span, view=view, text=text):
            return Statement(view, value, _wording(text, span), _anchor(view.prefix, span))

        if extraction.date:
            dates.setdefault(extraction.date, []).append(state(f"{extraction.date:%-d %B %Y}", extraction.date_span))
            if extraction.date_span:
                view.spans.append((*extraction.date_span, "Date"))
        if extraction.kind != "other":
            kinds.setdefault(extraction.kind, []).append(state(Kind(extraction.kind).label, extraction.kind_span))
        for fact in extraction.participants:
            key = facts.person_key(fact.name)
            said = f"{fact.name}, {fact.title}" if fact.title else fact.name
            facts.add(key, fact.name, index, state(said, fact.span))
            if fact.title:
                titles.setdefault(key, {}).setdefault(_words(fact.title), []).append(state(fact.title, fact.span))
            view.spans.append((*fact.span, f"Participant: {fact.name}"))
        for fact in extraction.agreements:
            key = ("Agreement", fact.kind, _words(fact.name))
            facts.add(key, fact.name, index, state(f"{fact.name} ({fact.action})", fact.span))
            actions.setdefault(key, {}).setdefault(fact.action, []).append(state(fact.action, fact.span))
            view.spans.append((*fact.span, f"Agreement: {fact.name}"))
        for fact in extraction.exercises:
            key = ("Exercise", _words(exercise_base_name(fact.name)))
            facts.add(key, fact.name, index, state(fact.name, fact.span))
            view.spans.append((*fact.span, f"Exercise: {fact.name}"))
        for fact in extraction.topics:
            label = labels.get(fact.topic, fact.topic)
            facts.add(("Topic", fact.topic), label, index, state(label, fact.span))
            view.spans.append((*fact.span, f"Topic: {label}"))
        for fact in extraction.countries:
            facts.add(("Country", fact.code), fact.code, index, state(fact.code, fact.span))
            view.spans.append((*fact.span, f"Country: {fact.code}"))
    conflicts = []
    if len(dates) > 1:
        conflicts.append(Conflict("Date", [s for day in sorted(dates) for s in dates[day]]))
    if len(kinds) > 1:
        conflicts.append(Conflict("Kind", [s for kind in sorted(kinds) for s in kinds[kind]]))
    for key, by_action in actions.items():
        if len(by_action) > 1:
            name = facts.rows[key].name
            conflicts.append(Conflict(f"Action on {name}", [s for a in sorted(by_action) for s in by_action[a]]))
    for key, by_title in titles.items():
        if len(by_title) > 1:
            name = facts.rows[key].name
            conflicts.append(Conflict(f"Title of {name}", [s for t in sorted(by_title) for s in by_title[t]]))
    order = {"Participant": 0, "Agreement": 1, "Exercise": 2, "Topic": 3, "Country": 4}
    rows = sorted(facts.rows.values(), key=lambda r: (order[r.kind], r.name.casefold()))
    return SourceComparison(views, rows, conflicts)
