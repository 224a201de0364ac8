"""A small, realistic set of engagements written the way the parser stores them.

Every fact has its evidence span (offsets into the readout text, sentence-level), partners
recur so agreements build a history (planned -> signed -> renewed), and dates spread over
several years. Deterministic for a given seed. Used by the view, browser and screenshot
tests, and handy for a development database before the demo readouts exist:

    .venv/bin/python manage.py shell -c "from tests.dashboard.sample import build; build(120)"
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from engagements import models
from engagements.derived import upkeep
from engagements.ingest.keys import name_tokens, person_key

PARTNERS = {
    # code: (city, [(name, title)])
    "MYS": (
        "Kuala Lumpur",
        [("Adnan Rahman", "Minister of Defence"), ("Farid Hashim", "Chief of Defence Force")],
    ),
    "PHL": (
        "Manila",
        [("Teodoro Santos", "Secretary of National Defense"), ("Maria Reyes", "Undersecretary")],
    ),
    "JPN": ("Tokyo", [("Kenji Morita", "Minister of Defense"), ("Aiko Tanaka", "State Minister of Defense")]),
    "KOR": ("Seoul", [("Min-jun Park", "Minister of National Defense")]),
    "AUS": ("Canberra", [("Richard Marles-Hale", "Deputy Prime Minister and Minister for Defence")]),
    "IND": ("New Delhi", [("Rajiv Menon", "Minister of Defence")]),
    "IDN": ("Jakarta", [("Budi Santoso", "Minister of Defense")]),
    "VNM": ("Hanoi", [("Nguyen Van Long", "Minister of National Defence")]),
    "GBR": ("London", [("Oliver Grant", "Secretary of State for Defence")]),
    "FRA": ("Paris", [("Claire Dubois", "Minister of the Armed Forces")]),
    "DEU": ("Berlin", [("Lukas Weber", "Federal Minister of Defence")]),
    "POL": ("Warsaw", [("Piotr Nowak", "Minister of National Defence")]),
    "UKR": ("Kyiv", [("Oleksandr Koval", "Minister of Defence")]),
    "SGP": ("Singapore", [("Wei Ming Tan", "Minister for Defence")]),
    "THA": ("Bangkok", [("Somchai Wong", "Minister of Defence")]),
    "KEN": ("Nairobi", [("Amina Wanjiru", "Cabinet Secretary for Defence")]),
    "NGA": ("Abuja", [("Ibrahim Bello", "Minister of Defence")]),
    "BRA": ("Brasilia", [("Paulo Costa", "Minister of Defense")]),
    "SAU": ("Riyadh", [("Faisal Al-Harbi", "Minister of Defense")]),
    "ISR": ("Tel Aviv", [("Yoav Levin", "Minister of Defense")]),
}
# The most frequent partners first: real readouts are uneven.
WEIGHTS = [9, 8, 8, 6, 6, 5, 4, 4, 5, 4, 3, 4, 4, 3, 2, 2, 1, 1, 2, 2]
US_PEOPLE = [("Jordan Avery", "Secretary of Defense"), ("Casey Morgan", "Deputy Secretary of Defense")]
TOPICS = [
    "maritime security",
    "south china sea",
    "interoperability",
    "defense industry",
    "cybersecurity",
    "regional security",
    "information sharing",
    "education and training",
    "russia ukraine",
    "north korea",
    "humanitarian assistance",
    "space",
    "arms sales",
    "modernization",
    "counterterrorism",
]
AGREEMENTS = [
    ("Memorandum of Understanding on Defense Cooperation", "MOU"),
    ("Acquisition and Cross-Servicing Agreement", "ACSA"),
    ("Reciprocal Defense Procurement Agreement", "RDP"),
    ("Security of Supply Arrangement", "SOSA"),
]
EXERCISES = ["Balikatan", "Cope Thunder", "Pacific Vanguard", "Talisman Sabre", "Keris Strike", "Cobra Gold"]
FORUMS = [
    ("ADMM-Plus", "ASEAN Defence Ministers' Meeting-Plus"),
    ("Shangri-La Dialogue", "IISS Shangri-La Dialogue"),
    ("NATO Defence Ministers", "Meeting of NATO Ministers of Defence"),
]
KIND_VERBS = {
    "meeting": "met with",
    "call": "spoke by phone with",
    "visit": "hosted a visit by",
    "dialogue": "held the annual defense dialogue with",
    "signing": "held a signing ceremony with",
}
ACTION_SENTENCES = {
    "planned": "The two sides agreed to work toward a {name}.",
    "signed": "The leaders signed the {name}.",
    "renewed": "They announced the renewal of the {name}.",
    "implemented": "They reviewed the implementation of the {name}.",
}


@dataclass
class Text:
    """A readout being written: appending a sentence returns its span."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, sentence: str, newline: bool = False) -> tuple[int, int]:
        if self.parts:
            sep = "\n" if newline else " "
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        return start, self.length

    def __str__(self) -> str:
        return "".join(self.parts)


def person(name: str, country: str) -> models.Person:
    found, _ = models.Person.objects.get_or_create(
        name_key=person_key(name),
        country_id=country,
        defaults={"name": name, "name_tokens": name_tokens(name)},
    )
    return found


def agreement(name: str, kind: str, parties: list[str]) -> models.Agreement:
    found, created = models.Agreement.objects.get_or_create(
        key=f"{kind}|{name.lower()}|{'-'.join(sorted(parties))}", defaults={"name": name, "kind": kind}
    )
    if created:
        found.countries.add(*parties)
    return found


def exercise(name: str, parties: list[str]) -> models.Exercise:
    found, created = models.Exercise.objects.get_or_create(key=f"named|{name.lower()}", defaults={"name": name})
    if created:
        found.countries.add(*parties)
    return found


def build(
    count: int = 60,
    *,
    seed: int = 7,
    start: dt.date = dt.date(2019, 1, 10),
    end: dt.date = dt.date(2025, 10, 30),
):
    """Create ``count`` engagements; returns them, oldest first."""
    rng = random.Random(seed)
    codes = list(PARTNERS)
    days = (end - start).days
    dates = sorted(start + dt.timedelta(days=rng.randrange(days)) for _ in range(count))
    history: dict[tuple, str] = {}  # (partner, agreement) -> last action
    created = []
    for n, date in enumerate(dates):
        code = rng.choices(codes, WEIGHTS)[0]
        forum = rng.choice(FORUMS) if rng.random() < 0.25 else None
        kind = "multilateral" if forum and rng.random() < 0.4 else rng.choice(list(KIND_VERBS))
        partners = [code] + ([rng.choice([c for c in codes if c != code])] if kind == "multilateral" else [])
        city, people = PARTNERS[code]
        us_name, us_title = US_PEOPLE[0] if rng.random() < 0.75 else US_PEOPLE[1]
        their_name, their_title = rng.choice(people)
        text = Text()
        place = "" if kind == "call" else (city if kind != "visit" else "the Pentagon")
        verb = KIND_VERBS.get(kind, "met with counterparts including")
        when = f"on {date.strftime('%B')} {date.day}, {date.year}"
        first = text.add(
            f"{us_title} {us_name} {verb} {their_title} {their_name} of "
            f"{models.Country.objects.get(pk=code).name}{' in ' + place if place else ''} {when}."
        )
        forum_span = text.add(f"The meeting took place on the sidelines of the {forum[1]}.") if forum else None
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        topic_span = text.add(
            "The leaders discussed " + ", ".join(topics[:-1]) + (" and " if len(topics) > 1 else "") + topics[-1] + ".",
            newline=True,
        )
        event = None
        if rng.random() < 0.45:
            name, akind = rng.choice(AGREEMENTS)
            last = history.get((code, name))
            action = {"planned": "signed", "signed": "renewed", "renewed": "implemented"}.get(last, "planned")
            if last == "implemented":
                action = "renewed"
            history[(code, name)] = action
            event = (name, akind, action, text.add(ACTION_SENTENCES[action].format(name=name)))
        mention = None
        if rng.random() < 0.3:
            ex = rng.choice(EXERCISES)
            mention = (
                ex,
                text.add(
                    f"{us_title.split(' of ')[0]} {us_name.split()[-1]} highlighted the recent "
                    f"{ex} exercise as a model of interoperability.",
                    newline=True,
                ),
            )
        text.add("Both sides reaffirmed their commitment to regional peace and stability.")

        body = str(text)
        title = (
            f"Readout of {us_title} {us_name.split()[-1]}'s {kind.title()} with {their_title} {their_name.split()[-1]}"
        )
        readout = models.Readout.objects.create(
            title=title,
            text=body,
            text_sha256=models.text_fingerprint(body),
            published_on=date + dt.timedelta(days=1),
            publisher_id="USA",
            status=models.Readout.Status.PARSED,
            source=models.Readout.Source.SYNTHETIC,
            url=f"https://www.example.gov/readouts/{date.isoformat()}-{n}",
        )
        forum_row = (
            models.Forum.objects.get_or_create(short_name=forum[0], defaults={"name": forum[1]})[0] if forum else None
        )
        evidence = {"date": list(first), "kind": list(first)}
        if place:
            evidence["location"] = list(first)
        if forum_span:
            evidence["forum"] = list(forum_span)
        engagement = models.Engagement.objects.create(
            readout=readout, date=date, kind=kind, location=place, forum=forum_row, evidence=evidence
        )
        span = {
            "evidence_start": first[0],
            "evidence_end": first[1],
            "origin": models.Origin.PARSER,
            "date": date,
        }
        models.EngagementCountry.objects.create(engagement=engagement, country_id="USA", is_partner=False, **span)
        for partner in partners:
            models.EngagementCountry.objects.create(engagement=engagement, country_id=partner, **span)
        models.Participation.objects.create(
            engagement=engagement, person=person(us_name, "USA"), title=us_title, **span
        )
        models.Participation.objects.create(
            engagement=engagement, person=person(their_name, code), title=their_title, **span
        )
        for topic in topics:
            models.EngagementTopic.objects.create(
                engagement=engagement,
                topic=models.Topic.objects.get(name=topic),
                **{**span, "evidence_start": topic_span[0], "evidence_end": topic_span[1]},
            )
        if event:
            name, akind, action, (s, e) = event
            models.AgreementEvent.objects.create(
                agreement=agreement(name, akind, ["USA", code]),
                engagement=engagement,
                action=action,
                name_as_written=name,
                **{**span, "evidence_start": s, "evidence_end": e},
            )
        if mention:
            ex, (s, e) = mention
            models.ExerciseMention.objects.create(
                exercise=exercise(ex, ["USA", code]),
                engagement=engagement,
                **{**span, "evidence_start": s, "evidence_end": e},
            )
        created.append(engagement)
    # Committed, as ingest's writes are: the charts read the monthly rollup.
    upkeep.settle()
    return created
