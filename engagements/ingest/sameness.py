"""Whether two readouts report the same event: the same two principal countries, dates within a
day, and agreeing evidence (a shared participant, forum, kind, agreement or exercise), scored.

The scoring is pure and symmetric (``same_event(a, b) == same_event(b, a)``), so which readout
came first never changes the answer; the candidates on record come from one query a batch,
through the country-and-date index of ``EngagementCountry``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

# Joined at or above this score. Same pair and same day (1) plus the same kind (1) reach it
# unless both name participants and share none; a day apart needs more (a shared
# participant, the forum, an agreement).
THRESHOLD = 2.0
CANDIDATES = 20  # engagements of one pair within a day, compared in Python

DAY_SCORES = {0: 1.0, 1: 0.5}
SAME_KIND = 1.0
# A call and an in-person meeting of one pair on one day are two events, whoever took part.
CALL_VERSUS_IN_PERSON = -3.0
SAME_FORUM, OTHER_FORUM = 1.0, -1.0
PER_PARTICIPANT, PARTICIPANTS_MAX = 1.5, 3.0
# Both name who took part and nobody is on both lists: likely two meetings.
NO_SHARED_PARTICIPANT = -1.0
PER_AGREEMENT, PER_EXERCISE, ITEMS_MAX = 1.0, 1.0, 2.0


@dataclass
class Account:
    """What one readout (or one engagement on record) says about an event, reduced to what
    matching compares. ``pair`` is its principal countries (publisher and main partner);
    empty for an engagement on record, whose countries alone are compared."""

    date: dt.date | None
    kind: str
    forum: int | None
    countries: frozenset[str]
    pair: frozenset[str] = frozenset()
    people: dict[int, str] = field(default_factory=dict)  # person id -> name, for the reasons
    agreements: frozenset[int] = frozenset()
    exercises: frozenset[int] = frozenset()

    def absorb(self, other: Account) -> None:
        """Add another source's facts (an engagement of several sources in one batch)."""
        self.countries |= other.countries
        self.people = {**other.people, **self.people}
        self.agreements |= other.agreements
        self.exercises |= other.exercises


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: tuple[str, ...]

    @property
    def same(self) -> bool:
        return self.score >= THRESHOLD


def principal_pair(publisher: str | None, codes: list[str], participant_countries: list[str]) -> frozenset[str]:
    """The publisher and the main partner: the first participant's country other than the
    publisher's, else the first other country named. Empty when there are not two."""
    codes = list(dict.fromkeys(codes))
    first = publisher if publisher in codes else (codes[0] if codes else None)
    others = [c for c in [*participant_countries, *codes] if c in codes and c != first]
    if first is None or not others:
        return frozenset()
    return frozenset((first, others[0]))


def same_event(a: Account, b: Account) -> Verdict | None:
    """The score of two accounts being one event, with its reasons; None when they cannot be
    (not the same pair, or dates more than a day apart or unknown). Symmetric in a and b."""
    if not a.pair and not b.pair:
        return None
    if not (a.pair <= b.countries and b.pair <= a.countries):
        return None
    if a.date is None or b.date is None:
        return None
    days = abs((a.date - b.date).days)
    if days not in DAY_SCORES:
        return None
    pair = "-".join(sorted(a.pair | b.pair if len(a.pair | b.pair) == 2 else (a.pair or b.pair)))
    reasons = [f"same pair {pair}", "same day" if days == 0 else "dates 1 day apart"]
    score = DAY_SCORES[days]
    kinds = {a.kind, b.kind}
    if a.kind == b.kind and a.kind != "other":
        score += SAME_KIND
        reasons.append(f"same kind ({a.kind})")
    elif "call" in kinds and not kinds & {"other", "multilateral"}:
        score += CALL_VERSUS_IN_PERSON
        reasons.append(f"{' vs '.join(sorted(kinds))}")
    if a.forum and a.forum == b.forum:
        score += SAME_FORUM
        reasons.append("same forum")
    elif a.forum and b.forum:
        score += OTHER_FORUM
        reasons.append("different forums")
    shared = sorted(a.people.keys() & b.people.keys())
    if shared:
        score += min(PARTICIPANTS_MAX, PER_PARTICIPANT * len(shared))
        names = sorted(a.people.get(pk) or b.people.get(pk) or "" for pk in shared)
        reasons += [f"shared participant: {name}" for name in names]
    elif a.people and b.people:
        score += NO_SHARED_PARTICIPANT
        reasons.append("no shared participant")
    items = 0.0
    if a.agreements & b.agreements:
        items += PER_AGREEMENT * len(a.agreements & b.agreements)
        reasons.append("shared agreement")
    if a.exercises & b.exercises:
        items += PER_EXERCISE * len(a.exercises & b.exercises)
        reasons.append("shared exercise")
    score += min(ITEMS_MAX, items)
    return Verdict(round(score, 2), tuple(reasons))


def candidates_on_record(accounts: dict[int, Account]) -> dict[int, dict[int, Account]]:
    """For each account (by a key of the caller's), the engagements on record having both its
    principal countries within a day of its date: one query for the whole batch."""
    asked = [(key, *sorted(a.pair), a.date) for key, a in accounts.items() if len(a.pair) == 2 and a.date]
    found: dict[int, dict[int, Account]] = {key: {} for key in accounts}
    if not asked:
        return found
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.k, e.id, e.date, e.kind, e.forum_id,
                   ARRAY(SELECT c.country_id FROM engagements_engagementcountry c WHERE c.engagement_id = e.id),
                   ARRAY(SELECT p.person_id FROM engagements_participation p WHERE p.engagement_id = e.id),
                   ARRAY(SELECT a.agreement_id FROM engagements_agreementevent a WHERE a.engagement_id = e.id),
                   ARRAY(SELECT x.exercise_id FROM engagements_exercisemention x WHERE x.engagement_id = e.id)
            FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::date[]) AS q(k, a, b, d)
            CROSS JOIN LATERAL (
                SELECT DISTINCT one.engagement_id
                FROM engagements_engagementcountry one
                JOIN engagements_engagementcountry two
                  ON two.engagement_id = one.engagement_id AND two.country_id = q.b
                WHERE one.country_id = q.a AND one.date BETWEEN q.d - 1 AND q.d + 1
                LIMIT %s
            ) m
            JOIN engagements_engagement e ON e.id = m.engagement_id
            """,
            [
                [k for k, *_ in asked],
                [a for _, a, _, _ in asked],
                [b for *_, b, _ in asked],
                [d for *_, d in asked],
                CANDIDATES,
            ],
        )
        for key, pk, date, kind, forum, countries, people, agreements, exercises in cursor.fetchall():
            found[key][pk] = Account(
                date=date,
                kind=kind,
                forum=forum,
                countries=frozenset(countries),
                people=dict.fromkeys(people, ""),
                agreements=frozenset(agreements),
                exercises=frozenset(exercises),
            )
    return found
