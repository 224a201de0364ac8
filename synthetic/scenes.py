"""What happened at each synthetic engagement: when, what kind, who, where, about what.

A ``Planner`` draws every engagement date of a run first and walks them in date order, so
agreement histories come out in order (planned, then signed once, then renewed once) and a
participant is whoever held the office that day. One random stream per run: the same seed
(and the same agreements already in the database) gives the same scenes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from functools import cache

from synthetic import catalog, gazetteer, topics
from synthetic.gazetteer import FIRST_YEAR, LAST_YEAR
from synthetic.officials import PUBLISHERS
from synthetic.world import Agreement, Exercise, ForumMeeting, Seat, World, growth

KINDS = ("meeting", "call", "visit", "dialogue", "signing", "multilateral", "other")
FORUM_SHARE = 0.15  # of engagements held at or on the sidelines of a forum
# Date phrases: (style, share); the publish date follows from the style.
DATE_STYLES = (("today", 0.45), ("yesterday", 0.12), ("full", 0.28), ("monthday", 0.10), ("weekday", 0.05))
# Chance that a bilateral engagement of a kind brings up an agreement.
AGREEMENT_ODDS = {"meeting": 0.2, "call": 0.08, "visit": 0.22, "dialogue": 0.35, "other": 0.1}
EXERCISE_ODDS = 0.045
RENEWAL_AFTER = dt.timedelta(days=3 * 365)
_SLOT = 4096  # dates are sorted as ordinal * _SLOT + forum meeting number (0: none)


@dataclass(slots=True)
class AgreementAct:
    agreement: Agreement
    action: str


@dataclass(slots=True)
class ExerciseAct:
    exercise: Exercise
    with_location: bool  # the sentence names where it is held (the mention's location)


@dataclass(slots=True)
class Scene:
    number: int  # 1-based within the run
    date: dt.date
    published: dt.date
    date_style: str
    kind: str
    publisher: str
    partners: list[str]
    seats: list[Seat]  # the publisher's official first, then one per partner
    host: str  # "publisher", "partner", "forum" or "" (no place said)
    location: str
    forum: ForumMeeting | None = None
    topics: list[str] = field(default_factory=list)
    agreements: list[AgreementAct] = field(default_factory=list)
    exercises: list[ExerciseAct] = field(default_factory=list)

    @property
    def countries(self) -> list[str]:
        return sorted([self.publisher, *self.partners])


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


class Planner:
    def __init__(self, world: World, seed: int):
        self.world = world
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self._publisher_codes = [p.code for p in PUBLISHERS]
        self._publisher_cum = _cumulative([p.weight for p in PUBLISHERS])
        self._homes = {p.code: p.home for p in PUBLISHERS}

    # Dates ------------------------------------------------------------------------------

    def dates(self, count: int) -> list[int]:
        """``count`` engagement dates, sorted, each with its forum meeting (see ``split``)."""
        rng = self.rng
        first, last = dt.date(FIRST_YEAR, 1, 1).toordinal(), dt.date(LAST_YEAR, 12, 31).toordinal()
        days = range(first, last + 1)
        # Fewer readouts at weekends; more every year (growth).
        weights = []
        for ordinal in days:
            day = dt.date.fromordinal(ordinal)
            weights.append(growth(day.year) * (0.15 if day.weekday() >= 5 else 1.0))
        at_forums = round(count * FORUM_SHARE)
        codes = [d * _SLOT for d in rng.choices(days, cum_weights=_cumulative(weights), k=count - at_forums)]
        meetings = self.world.meetings
        for index in rng.choices(
            range(len(meetings)), cum_weights=_cumulative(self.world.meeting_weights), k=at_forums
        ):
            meeting = meetings[index]
            codes.append((meeting.start.toordinal() + rng.randrange(meeting.days)) * _SLOT + index + 1)
        codes.sort()
        return codes

    def split(self, code: int) -> tuple[dt.date, ForumMeeting | None]:
        ordinal, slot = divmod(code, _SLOT)
        return dt.date.fromordinal(ordinal), self.world.meetings[slot - 1] if slot else None

    # Scenes -----------------------------------------------------------------------------

    def scene(self, number: int, code: int) -> Scene:
        rng = self.rng
        date, meeting = self.split(code)
        publisher = rng.choices(self._publisher_codes, cum_weights=self._publisher_cum)[0]
        if meeting is not None:
            kind = "multilateral" if rng.random() < 0.3 else "meeting"
        else:
            kind = rng.choices(KINDS, cum_weights=_kind_weights(date.year))[0]
        partners = self._partners(publisher, kind, date, meeting)
        if kind == "multilateral" and len(partners) < 2:
            kind = "meeting"
            partners = partners[:1]
        office = self._office(kind)
        partner_office = "minister" if office == "deputy" and rng.random() < 0.4 else office
        seats = [self.world.seat(publisher, office, date)]
        seats += [self.world.seat(code, partner_office, date) for code in partners]
        host, location = self._place(kind, publisher, partners, meeting)
        style, published = self._date_style(date)
        scene = Scene(number, date, published, style, kind, publisher, partners, seats, host, location, meeting)
        scene.topics = self._topics(partners[0], date.year)
        if kind != "multilateral":
            scene.agreements = self._agreement_acts(scene)
        scene.exercises = self._exercise_acts(scene)
        return scene

    def _office(self, kind: str) -> str:
        if kind == "dialogue":
            return self.rng.choices(("deputy", "minister", "chief"), (5, 4, 1))[0]
        return self.rng.choices(("minister", "deputy", "chief"), (75, 15, 10))[0]

    def _partners(self, publisher: str, kind: str, date: dt.date, meeting: ForumMeeting | None) -> list[str]:
        rng = self.rng
        wanted = rng.randint(2, 5) if kind == "multilateral" else 1
        if meeting is not None:
            codes, cum = _pool_weights(meeting.pool, publisher)
            if not codes:
                codes, cum = _partner_weights(publisher, date.year)
        else:
            codes, cum = _partner_weights(publisher, date.year)
        chosen = [rng.choices(codes, cum_weights=cum)[0]]
        if wanted > 1 and meeting is None:
            # A multilateral meeting of neighbours: the other partners from the first one's area.
            codes, cum = _area_weights(self.world.countries[chosen[0]].area, publisher, date.year)
        for _ in range(wanted * 6):
            if len(chosen) == wanted:
                break
            code = rng.choices(codes, cum_weights=cum)[0]
            if code not in chosen:
                chosen.append(code)
        return chosen

    def _place(self, kind: str, publisher: str, partners: list[str], meeting: ForumMeeting | None) -> tuple[str, str]:
        if meeting is not None:
            return "forum", meeting.city
        if kind == "call":
            return "", ""
        odds = {"visit": (50, 50, 0), "signing": (60, 40, 0), "dialogue": (50, 40, 10)}.get(kind, (45, 35, 20))
        host = self.rng.choices(("publisher", "partner", ""), odds)[0]
        if host == "publisher":
            return host, self._homes[publisher]
        if host == "partner":
            return host, self.world.countries[partners[0]].place
        return "", ""

    def _date_style(self, date: dt.date) -> tuple[str, dt.date]:
        rng = self.rng
        style = rng.choices([s for s, _ in DATE_STYLES], [w for _, w in DATE_STYLES])[0]
        if style == "today":
            return style, date
        if style == "yesterday":
            return style, date + dt.timedelta(days=1)
        if style == "full":
            return style, date + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
        published = date + dt.timedelta(days=rng.randint(1, 5))
        if style == "monthday" and published.year != date.year:
            return "full", published  # "on December 30" read in January would name the wrong year
        return style, published

    def _topics(self, partner: str, year: int) -> list[str]:
        names, cum = topics.weights(self.world.countries[partner].area, year)
        wanted = self.rng.choices((1, 2, 3, 4), (20, 35, 30, 15))[0]
        chosen: list[str] = []
        for _ in range(wanted * 4):
            topic = self.rng.choices(names, cum_weights=cum)[0]
            if topic not in chosen:
                chosen.append(topic)
                if len(chosen) == wanted:
                    break
        return chosen

    # Agreements: a state machine per agreement, walked in date order ----------------------

    def _agreement_acts(self, scene: Scene) -> list[AgreementAct]:
        rng = self.rng
        partner = scene.partners[0]
        held = [a for a in self.world.agreements(scene.publisher, partner) if a.available <= scene.date]
        acts: list[AgreementAct] = []
        if scene.kind == "signing":
            signable = [a for a in held if not a.mention_only and a.signed_on is None and a.planned_until < scene.date]
            renewable = [a for a in held if self._renewable(a, scene.date)]
            if signable:
                agreement = rng.choice(signable)
                agreement.signed_on = scene.date
                acts.append(AgreementAct(agreement, "signed"))
            elif renewable:
                agreement = rng.choice(renewable)
                agreement.renewed_on = scene.date
                acts.append(AgreementAct(agreement, "renewed"))
            else:
                subject = rng.choice(("Defense Cooperation", "Maritime Cooperation", "Defense Partnership"))
                statement = self.world.joint_statement((scene.publisher, partner), scene.date.year, subject)
                if statement.signed_on is not None or statement.planned_until >= scene.date:
                    scene.kind = "meeting"  # nothing left to sign this year: an ordinary meeting
                    return acts
                statement.signed_on = scene.date
                acts.append(AgreementAct(statement, "signed"))
            if rng.random() > 0.15:
                return acts
        elif rng.random() >= AGREEMENT_ODDS[scene.kind]:
            return acts
        others = [a for a in held if all(a is not act.agreement for act in acts)]
        if others:
            agreement = rng.choice(others)
            acts.append(AgreementAct(agreement, self._action(agreement, scene.date)))
        return acts

    def _renewable(self, agreement: Agreement, date: dt.date) -> bool:
        return (
            agreement.renewable
            and agreement.signed_on is not None
            and agreement.renewed_on is None
            and date - agreement.signed_on >= RENEWAL_AFTER
        )

    def _action(self, agreement: Agreement, date: dt.date) -> str:
        """What a readout on ``date`` says happened to the agreement; signs or renews it at most once."""
        rng = self.rng
        if agreement.mention_only:
            return "mentioned"
        if agreement.signed_on is None or date < agreement.signed_on:
            if agreement.signed_on is None and agreement.planned_until < date and rng.random() < 0.12:
                agreement.signed_on = date  # signed during a meeting or visit, not at a signing
                return "signed"
            return "planned"
        if self._renewable(agreement, date) and rng.random() < 0.2:
            agreement.renewed_on = date
            return "renewed"
        return "implemented" if rng.random() < 0.5 else "mentioned"

    # Exercises --------------------------------------------------------------------------

    def _exercise_acts(self, scene: Scene) -> list[ExerciseAct]:
        rng = self.rng
        odds = EXERCISE_ODDS * (1.5 if scene.kind == "multilateral" else 1.0)
        if rng.random() >= odds:
            return []
        partner = scene.partners[0]
        if scene.kind != "multilateral" and rng.random() < 0.2:
            exercise = self.world.described_exercise(partner, rng.randrange(len(catalog.DESCRIBED_EXERCISES)))
        else:
            active = self.world.exercises_of(partner, scene.date.year)
            if not active:
                return []
            exercise = rng.choice(active)
        return [ExerciseAct(exercise, rng.random() < 0.6)]


@cache
def _kind_weights(year: int) -> list[float]:
    weights = dict(meeting=44.0, call=24.0, visit=11.0, dialogue=6.0, signing=4.0, multilateral=5.0, other=6.0)
    if year in (2020, 2021):  # the pandemic years: calls, few visits
        weights.update(call=60.0, visit=3.0, meeting=26.0)
    elif year < 2008:  # few calls were published as readouts then
        weights["call"] = 12.0
    return _cumulative([weights[k] for k in KINDS])


# Zipf-like partner weights: the partner of rank r draws 1 / (r + ZIPF_OFFSET) ** ZIPF of the
# engagements: ~11% for the first, ~46% for the first nine, ~30% for the ~140 after the 30th.
ZIPF, ZIPF_OFFSET = 1.2, 2
US_SHARE_ELSEWHERE = 0.35  # of a non-US publisher's engagements, those with the United States


def _rank_weight(code: str) -> float:
    return 1.0 / (gazetteer.country(code).rank + ZIPF_OFFSET) ** ZIPF


@cache
def _partner_weights(publisher: str, year: int) -> tuple[list[str], list[float]]:
    codes = [c.code for c in gazetteer.partners() if c.code != publisher and c.years[0] <= year <= c.years[1]]
    weights = [_rank_weight(c) for c in codes]
    if publisher != "USA":
        codes.append("USA")
        weights.append(sum(weights) * US_SHARE_ELSEWHERE / (1 - US_SHARE_ELSEWHERE))
    return codes, _cumulative(weights)


@cache
def _area_weights(area: str, publisher: str, year: int) -> tuple[list[str], list[float]]:
    codes = [
        c.code
        for c in gazetteer.partners()
        if c.area == area and c.code != publisher and c.years[0] <= year <= c.years[1]
    ]
    if len(codes) < 6:  # too few neighbours for a meeting of six: anyone may come
        return _partner_weights(publisher, year)
    return codes, _cumulative([_rank_weight(c) for c in codes])


@cache
def _pool_weights(pool: tuple[str, ...], publisher: str) -> tuple[list[str], list[float]]:
    codes = [c for c in pool if c != publisher]
    return codes, _cumulative([_rank_weight(c) for c in codes])
