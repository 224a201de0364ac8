"""The generated world: who held which office when, the agreements each pair of countries
holds, the exercises each partner takes part in, and when each forum meets.

Every part is drawn from its own random stream, seeded from the run's seed and the part's
name ("7:people:JPN"), so the world is the same for a seed whatever order it is read in.
Built once per run; the loader gives its people, agreements, exercises and forums database
ids when a readout first uses them (``id`` stays 0 until then).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from functools import cached_property

from engagements.ingest.keys import agreement_key, exercise_key, name_tokens, person_key
from synthetic import catalog, gazetteer, officials
from synthetic.gazetteer import FIRST_YEAR, LAST_YEAR, CountryInfo
from synthetic.names import make_name

_FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
_LAST_DAY = dt.date(LAST_YEAR, 12, 31)


@dataclass(eq=False, slots=True)
class Person:
    name: str
    short: str
    country: str
    key: str
    tokens: list[str]
    id: int = 0


@dataclass(frozen=True, slots=True)
class Seat:
    """An office holder on a given day, as a readout introduces them."""

    person: Person
    title: str
    short_title: str  # "Minister", "Secretary", "General"
    rank: str = ""
    honorific: str = ""

    @property
    def full(self) -> str:
        """'Gen. Mark A. Milley'."""
        return f"{self.rank} {self.person.name}" if self.rank else self.person.name

    @property
    def short(self) -> str:
        """'Secretary Austin', 'General Milley'."""
        return f"{self.short_title} {self.person.short}"


@dataclass(eq=False, slots=True)
class Agreement:
    name: str
    kind: str
    key: str
    parties: tuple[str, ...]
    short: str  # abbreviation readouts may use, or ""
    available: dt.date  # first day it can come up
    renewable: bool
    mention_only: bool = False  # treaties: reaffirmed, never signed or renewed here
    signed_on: dt.date | None = None  # set when a readout (or the database) says it was signed
    renewed_on: dt.date | None = None
    # Stored readouts plan it up to this day: signing it any earlier would rewrite history.
    planned_until: dt.date = dt.date.min
    id: int = 0


@dataclass(eq=False, slots=True)
class Exercise:
    name: str
    key: str
    named: bool
    location: str
    countries: tuple[str, ...]
    first: int
    last: int
    every: int = 1
    systems: tuple[str, ...] = ()
    id: int = 0

    def active(self, year: int) -> bool:
        return self.first <= year <= self.last and (year - self.first) % self.every == 0


@dataclass(eq=False, slots=True)
class Forum:
    short_name: str
    name: str
    aliases: tuple[str, ...]
    id: int = 0


@dataclass(frozen=True, slots=True)
class ForumMeeting:
    forum: Forum
    start: dt.date
    days: int
    city: str
    pool: tuple[str, ...]  # partners whose officials attend
    weight: float  # share of forum engagements it draws


@dataclass(slots=True)
class _Holding:
    start: int  # date ordinal
    person: Person
    term: officials.Term | None  # the real U.S. terms carry their titles; others look them up by year
    rank: str = ""


@dataclass(slots=True)
class _Office:
    starts: list[int] = field(default_factory=list)
    holdings: list[_Holding] = field(default_factory=list)

    def add(self, holding: _Holding) -> None:
        self.starts.append(holding.start)
        self.holdings.append(holding)

    def at(self, ordinal: int) -> _Holding:
        index = bisect.bisect_right(self.starts, ordinal) - 1
        return self.holdings[max(index, 0)]


# Recurring bilateral talks: "the 12th U.S.-Japan Defense Policy Dialogue".
DIALOGUES = (
    "Defense Policy Dialogue",
    "Strategic Dialogue",
    "Defense Consultative Talks",
    "Security Consultative Meeting",
    "Defense Policy Board Talks",
    "Integrated Defense Dialogue",
    "Defense Cooperation Dialogue",
)


def growth(year: int) -> float:
    """Readouts per year grow ~9% a year: the dashboard's recent years are its busiest."""
    return math.exp(0.09 * (year - FIRST_YEAR))


def tier(info: CountryInfo) -> int:
    return 0 if info.rank <= 25 else 1 if info.rank <= 70 else 2


class World:
    def __init__(self, seed: int):
        self.seed = seed
        self.countries = gazetteer.countries()
        self.people: dict[tuple[str, str], Person] = {}  # (country, key) -> person
        self._offices: dict[tuple[str, str], _Office] = {}
        self._agreements: dict[tuple[str, str], list[Agreement]] = {}
        self.agreements_by_key: dict[str, Agreement] = {}
        self.exercises: list[Exercise] = []
        self._exercises_of: dict[str, list[Exercise]] = {}
        self._described: dict[tuple[str, str], Exercise] = {}
        self._dialogues: dict[tuple[str, str], tuple[str, int]] = {}
        self.forums: dict[str, Forum] = {}
        self.meetings: list[ForumMeeting] = []
        # What the database says already happened to agreements, by key: {"signed": first date,
        # "renewed": first date, "planned": last date}.
        # Set by the loader before the first scene; read when an agreement is first drawn.
        self.history: dict[str, dict[str, dt.date]] = {}
        self._build_us_offices()
        for info in gazetteer.partners():
            self._build_offices(info)
        self._build_exercises()
        self._build_forums()

    def rng(self, *parts: object) -> random.Random:
        # String seeds go through SHA-512 in random.seed: stable across runs and processes.
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))  # noqa: S311 - test data

    # People -----------------------------------------------------------------------------

    def _person(self, name: str, short: str, country: str) -> Person:
        key = person_key(name)
        found = self.people.get((country, key))
        if found is None:
            found = Person(name, short, country, key, name_tokens(name))
            self.people[(country, key)] = found
        return found

    def _build_us_offices(self) -> None:
        for office, terms in officials.US_TERMS.items():
            seats = self._offices.setdefault(("USA", office), _Office())
            for term in terms:
                person = self._person(term.name, term.short, "USA")
                seats.add(_Holding(term.start.toordinal(), person, term, term.rank))

    def _build_offices(self, info: CountryInfo) -> None:
        rng = self.rng("people", info.code)
        taken = set()
        spans = {"minister": (1, 6), "deputy": (1, 5), "chief": (2, 4)}
        for office, (shortest, longest) in spans.items():
            seats = self._offices.setdefault((info.code, office), _Office())
            day = dt.date(1997, 1, 1).toordinal() + rng.randrange(0, 1000)
            while day <= _LAST_DAY.toordinal():
                name = make_name(rng, info.style)
                key = person_key(name.full)
                if key in taken:  # one name is one person in a country: draw another
                    continue
                taken.add(key)
                person = self._person(name.full, name.short, info.code)
                rank = ""
                if office == "chief":
                    rank = rng.choices(("Gen.", "Adm.", "Lt. Gen."), (7, 2, 1))[0]
                seats.add(_Holding(day, person, None, rank))
                # Terms of 1-6 years, the middle lengths commonest.
                years = rng.triangular(shortest, longest, (shortest + longest) / 2)
                day += int(years * 365.25) + rng.randrange(-40, 40)

    def seat(self, code: str, office: str, date: dt.date) -> Seat:
        holding = self._offices[(code, office)].at(date.toordinal())
        term = holding.term
        if term is not None:
            return Seat(holding.person, term.title, term.short_title, term.rank, term.honorific)
        info = self.countries[code]
        title = officials.title_at(code, office, info.style, date.year)
        short = {"Gen.": "General", "Adm.": "Admiral", "Lt. Gen.": "General"}.get(holding.rank, title.short)
        return Seat(holding.person, title.title, short, holding.rank)

    def dialogue(self, a: str, b: str) -> tuple[str, int]:
        """The name of a pair's recurring talks and the year they first met."""
        pair = (a, b) if a < b else (b, a)
        found = self._dialogues.get(pair)
        if found is None:
            rng = self.rng("dialogue", *pair)
            found = self._dialogues[pair] = (rng.choice(DIALOGUES), rng.randrange(1995, 2020))
        return found

    # Agreements -------------------------------------------------------------------------

    def agreements(self, a: str, b: str) -> list[Agreement]:
        """The instruments two countries hold, drawn the first time the pair is asked about."""
        pair = (a, b) if a < b else (b, a)
        found = self._agreements.get(pair)
        if found is None:
            found = self._build_agreements(pair)
            self._agreements[pair] = found
        return found

    def _pair_form(self, pair: tuple[str, str]) -> str:
        # "U.S.-Japan": the United States first, otherwise alphabetical by code.
        first, second = (pair[1], pair[0]) if pair[1] == "USA" else pair
        return f"{self.countries[first].pair}-{self.countries[second].pair}"

    def _build_agreements(self, pair: tuple[str, str]) -> list[Agreement]:
        rng = self.rng("agreements", *pair)
        partner = self.countries[pair[0] if pair[1] == "USA" else pair[1]]
        level = tier(partner)
        us_pair = "USA" in pair
        found: list[Agreement] = []

        def add(
            kind: str,
            name: str,
            short: str,
            renewable: bool,
            earliest: int,
            in_force: bool,
            mention_only: bool = False,
        ) -> None:
            key = agreement_key(kind, name, list(pair))
            if key in self.agreements_by_key:
                return
            start = max(earliest, partner.years[0])
            available = dt.date(start, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * max(1, 2023 - start)))
            agreement = Agreement(name, kind, key, pair, short, min(available, _LAST_DAY), renewable, mention_only)
            if in_force:
                agreement.signed_on = dt.date(rng.randrange(1960, 2000), 1, 1)
                agreement.available = _FIRST_DAY
            self._continue_history(agreement)
            self.agreements_by_key[key] = agreement
            found.append(agreement)

        for kind_ in catalog.US_AGREEMENTS if us_pair else catalog.OTHER_AGREEMENTS:
            if rng.random() < kind_.odds[level]:
                name = kind_.name.replace("{pair}", self._pair_form(pair))
                add(
                    kind_.kind,
                    name,
                    kind_.short,
                    kind_.renewable,
                    kind_.earliest,
                    rng.random() < kind_.in_force_odds,
                )
        if us_pair:
            treaty = catalog.TREATIES.get(partner.code)
            if treaty:
                add("TREATY", treaty, "", False, 2000, True, mention_only=True)
            if partner.code in catalog.NATO_JOINED:
                add(
                    "TREATY",
                    catalog.NATO_TREATY,
                    "",
                    False,
                    catalog.NATO_JOINED[partner.code],
                    True,
                    mention_only=True,
                )
            if level < 2:
                for system in rng.sample(catalog.LOA_SYSTEMS, rng.choice((0, 0, 1, 2))):
                    add("LOA", f"Letter of Offer and Acceptance for {system}", "", False, 2005, False)
        return found

    def joint_statement(self, pair: tuple[str, ...], year: int, subject: str) -> Agreement:
        """A one-off statement signed at a signing when nothing else awaits signature."""
        parties = tuple(sorted(pair))
        name = f"{year} Joint Statement on {subject}"
        key = agreement_key("JOINT_STATEMENT", name, list(parties))
        found = self.agreements_by_key.get(key)
        if found is None:
            found = Agreement(name, "JOINT_STATEMENT", key, parties, "", dt.date(year, 1, 1), renewable=False)
            self._continue_history(found)
            self.agreements_by_key[key] = found
        return found

    def _continue_history(self, agreement: Agreement) -> None:
        """Start an agreement where the database left it: signed or renewed once means done."""
        past = self.history.get(agreement.key)
        if not past:
            return
        signed, renewed = past.get("signed"), past.get("renewed")
        agreement.planned_until = past.get("planned", dt.date.min)
        if signed:
            agreement.signed_on = min(agreement.signed_on or signed, signed)
        if renewed:
            agreement.renewed_on = renewed
            agreement.signed_on = agreement.signed_on or renewed

    # Exercises --------------------------------------------------------------------------

    def _add_exercise(self, exercise: Exercise) -> None:
        self.exercises.append(exercise)
        for code in exercise.countries:
            self._exercises_of.setdefault(code, []).append(exercise)

    def _build_exercises(self) -> None:
        taken = set()
        for named in catalog.NAMED_EXERCISES:
            key = exercise_key(named.name, None, True)
            taken.add(key)
            self._add_exercise(
                Exercise(
                    named.name,
                    key,
                    True,
                    named.location,
                    named.countries,
                    named.first,
                    named.last,
                    named.every,
                )
            )
        rng = self.rng("exercises")
        for info in gazetteer.partners():
            if info.code in self._exercises_of or rng.random() > (0.6, 0.4, 0.15)[tier(info)]:
                continue
            while True:
                name = f"{rng.choice(catalog.EXERCISE_ADJECTIVES)} {rng.choice(catalog.EXERCISE_NOUNS)}"
                key = exercise_key(name, None, True)
                if key not in taken:
                    break
            taken.add(key)
            first = max(info.years[0], rng.randrange(2000, 2019))
            self._add_exercise(Exercise(name, key, True, info.place, (info.code,), first, info.years[1]))

    def exercises_of(self, code: str, year: int) -> list[Exercise]:
        return [e for e in self._exercises_of.get(code, ()) if e.active(year)]

    def described_exercise(self, code: str, index: int) -> Exercise:
        """'a combined live-fire exercise' near a partner's capital: one row per wording and place."""
        description, systems = catalog.DESCRIBED_EXERCISES[index]
        found = self._described.get((code, description))
        if found is None:
            place = self.countries[code].place
            found = Exercise(
                description,
                exercise_key(description, place, False),
                False,
                place,
                (code,),
                FIRST_YEAR,
                LAST_YEAR,
                systems=systems,
            )
            self._described[(code, description)] = found
            self.exercises.append(found)
        return found

    # Forums -----------------------------------------------------------------------------

    def _pool(self, spec: tuple[str, ...], year: int) -> tuple[str, ...]:
        codes: set[str] = set()
        for item in spec:
            if item == "NATO":
                codes.update(c for c, joined in catalog.NATO_JOINED.items() if joined <= year)
            elif len(item) == 3 and item.isupper() and item in self.countries:
                codes.add(item)
            else:
                codes.update(c.code for c in gazetteer.partners() if c.area == item)
        active = (c for c in codes if c != "USA" and self.countries[c].years[0] <= year <= self.countries[c].years[1])
        return tuple(sorted(active))

    def _build_forums(self) -> None:
        rng = self.rng("forums")
        for spec in catalog.FORUMS:
            forum = Forum(spec.short_name, spec.name, spec.aliases)
            self.forums[spec.short_name] = forum
            for year in range(spec.first, spec.last + 1, spec.every):
                venue = spec.venues.get(year)
                months = (venue[0],) if venue else spec.months
                for month in months:
                    start = dt.date(year, month, rng.randrange(1, 26))
                    days = 3 if spec.short_name == "Shangri-La Dialogue" else 2
                    weight = spec.weight / len(spec.months) * growth(year)
                    pool = self._pool(spec.pool, year)
                    if pool:
                        self.meetings.append(
                            ForumMeeting(forum, start, days, venue[1] if venue else spec.city, pool, weight)
                        )

    @cached_property
    def meeting_weights(self) -> list[float]:
        return [m.weight for m in self.meetings]
