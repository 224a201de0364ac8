"""The parser's output: one Extraction per readout, in the shared schema (SCHEMA.md).

Every fact carries ``span``: the (start, end) character offsets, into the text given to
``parse``, of the sentence the fact came from, so the dashboard can highlight it and an
analyst can check any figure against its source. Plain dataclasses, no Django: the parser
stays importable and testable on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

KINDS = ("meeting", "call", "visit", "dialogue", "signing", "multilateral", "other")
AGREEMENT_KINDS = (
    "MOU",
    "ACSA",
    "DCA",
    "SOFA",
    "GSOMIA",
    "RDP",
    "SOSA",
    "LOA",
    "JOINT_STATEMENT",
    "ROADMAP",
    "TREATY",
    "OTHER",
)
AGREEMENT_ACTIONS = ("signed", "renewed", "planned", "implemented", "mentioned")
TOPICS = (
    "arms sales",
    "capacity building",
    "climate and environment",
    "counterterrorism",
    "cybersecurity",
    "defense industry",
    "disaster relief",
    "education and training",
    "force posture",
    "health",
    "human rights",
    "humanitarian assistance",
    "information sharing",
    "interoperability",
    "intelligence",
    "maritime security",
    "missile defense",
    "modernization",
    "north korea",
    "nuclear",
    "peacekeeping",
    "regional security",
    "russia ukraine",
    "south china sea",
    "space",
    "taiwan",
    "technology",
    "middle east",
    "china",
)

Span = tuple[int, int]


@dataclass
class CountryFact:
    code: str  # ISO 3166-1 alpha-3
    span: Span


@dataclass
class Participant:
    name: str  # without honorifics ("Mohamed Khaled bin Nordin", not "Dato' Seri ...")
    title: str | None
    country: str | None  # alpha-3
    span: Span


@dataclass
class AgreementFact:
    name: str
    kind: str  # one of AGREEMENT_KINDS
    action: str  # one of AGREEMENT_ACTIONS
    span: Span


@dataclass
class ExerciseFact:
    name: str
    location: str | None
    countries: list[str]  # alpha-3, sorted
    span: Span
    named: bool = True  # False for a described one ("a live fire of HIMARS ...")
    systems: list[str] = field(default_factory=list)  # weapon systems it names, if any


@dataclass
class TopicFact:
    topic: str  # one of TOPICS
    span: Span


@dataclass
class Extraction:
    date: dt.date | None = None
    date_span: Span | None = None
    kind: str = "other"
    kind_span: Span | None = None
    countries: list[CountryFact] = field(default_factory=list)
    location: str | None = None
    location_span: Span | None = None
    forum: str | None = None  # short name, e.g. "ADMM-Plus"
    forum_span: Span | None = None
    participants: list[Participant] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    exercises: list[ExerciseFact] = field(default_factory=list)
    topics: list[TopicFact] = field(default_factory=list)
    publisher: str | None = None  # alpha-3 of the publishing country
    publisher_how: str = ""  # "flag", "jsonl", "domain", "text" or "default"
    publisher_evidence: str = ""  # the flag's value, the site's host or the telling words
    publisher_span: Span | None = None  # where the text told, when it did
    title: str = ""  # the headline given, else the text's own, else one made from the facts

    def to_schema(self) -> dict:
        """The shared schema object (SCHEMA.md), as score.py reads it."""
        return {
            "engagement": {
                "date": self.date.isoformat() if self.date else None,
                "kind": self.kind,
                "countries": sorted({c.code for c in self.countries}),
                "location": self.location,
                "forum": self.forum,
            },
            "participants": [{"name": p.name, "title": p.title, "country": p.country} for p in self.participants],
            "agreements": [{"name": a.name, "kind": a.kind, "action": a.action} for a in self.agreements],
            "exercises": [
                {"name": e.name, "location": e.location, "countries": sorted(e.countries)} for e in self.exercises
            ],
            "topics": sorted({t.topic for t in self.topics}),
            "title": self.title,
            "publisher": {
                "country": self.publisher,
                "found_by": self.publisher_how,
                "evidence": self.publisher_evidence,
            },
        }


def to_record(extraction: Extraction) -> dict:
    """Every field of an extraction, spans included, as JSON: what ``from_record`` reads back
    (the shared schema leaves out the spans and a few details an engagement's rows need)."""
    record = asdict(extraction)
    record["date"] = extraction.date.isoformat() if extraction.date else None
    return record


def from_record(record: dict) -> Extraction:
    def span(value):
        return tuple(value) if value else None

    return Extraction(
        date=dt.date.fromisoformat(record["date"]) if record.get("date") else None,
        date_span=span(record.get("date_span")),
        kind=record.get("kind") or "other",
        kind_span=span(record.get("kind_span")),
        countries=[CountryFact(c["code"], span(c["span"])) for c in record.get("countries", [])],
        location=record.get("location"),
        location_span=span(record.get("location_span")),
        forum=record.get("forum"),
        forum_span=span(record.get("forum_span")),
        participants=[
            Participant(p["name"], p.get("title"), p.get("country"), span(p["span"]))
            for p in record.get("participants", [])
        ],
        agreements=[
            AgreementFact(a["name"], a["kind"], a["action"], span(a["span"])) for a in record.get("agreements", [])
        ],
        exercises=[
            ExerciseFact(
                e["name"],
                e.get("location"),
                list(e.get("countries", [])),
                span(e["span"]),
                e.get("named", True),
                list(e.get("systems", [])),
            )
            for e in record.get("exercises", [])
        ],
        topics=[TopicFact(t["topic"], span(t["span"])) for t in record.get("topics", [])],
        publisher=record.get("publisher"),
        publisher_how=record.get("publisher_how", ""),
        publisher_evidence=record.get("publisher_evidence", ""),
        publisher_span=span(record.get("publisher_span")),
        title=record.get("title", ""),
    )
