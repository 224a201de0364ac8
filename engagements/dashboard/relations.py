"""Relationships: a pair of countries and the engagements they both took part in.

A relationship is a view over engagements, not a table kept in step (docs/DESIGN.md): its
page, its list and its CSV read the engagements through ``RelationshipFilter``; its counts
by year and kind, the relationships index and the network read the pair rollup
(``engagements.derived.pairs``), which counts exactly those engagements.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, QuerySet
from django.http import QueryDict

from engagements.dashboard import charts, selectors
from engagements.dashboard.charts.base import url_pattern
from engagements.dashboard.filters import RelationshipFilter
from engagements.dashboard.links import Drill, detail_url
from engagements.derived.pairs import PairFacts, PairRollup, sorted_pair
from engagements.derived.rollup import month_end
from engagements.models import Agreement, Country, Engagement, Person

PEOPLE_LIMIT = 15  # per side
AGREEMENTS_LIMIT = 12  # the latest; the agreements list has every event between them
EXERCISES_LIMIT = 25
# Pairs among some engagements ({ids}: Django's own SQL of their ids, with its parameters).
PAIRS_OF = (
    "SELECT a.country_id, b.country_id, count(*) FROM engagements_engagementcountry a "
    "JOIN engagements_engagementcountry b ON b.engagement_id = a.engagement_id AND b.country_id > a.country_id "
    "WHERE a.engagement_id IN ({ids}) GROUP BY 1, 2"
)
_SLUG = re.compile(r"^([A-Za-z]{3})-([A-Za-z]{3})$")


def pair_slug(first: str, second: str) -> str:
    """The canonical key of a relationship's URL: the two codes, sorted, "JPN-PHL"."""
    return "-".join(sorted_pair(first, second))


def relationship_url(first: str, second: str) -> str:
    return detail_url("engagements:relationship", pair_slug(first, second))


def parse_slug(slug: str) -> tuple[str, str] | None:
    """("JPN", "PHL") from "PHL-jpn" (any order, any case); None when it names no pair."""
    match = _SLUG.match(slug)
    if not match:
        return None
    first, second = match.group(1).upper(), match.group(2).upper()
    return None if first == second else (first, second)


@dataclass
class Relationship:
    a: Country
    b: Country

    @property
    def codes(self) -> tuple[str, str]:
        return (self.a.code, self.b.code)

    @property
    def slug(self) -> str:
        return pair_slug(*self.codes)

    @property
    def name(self) -> str:
        return f"{self.a.name} and {self.b.name}"

    def list_params(self) -> QueryDict:
        """The engagements list's filters for the pair's engagements ("also with" both)."""
        params = QueryDict(mutable=True)
        params.setlist("with_country", list(self.codes))
        return params


def relationship(first: str, second: str) -> Relationship | None:
    """The pair, codes sorted, or None when either code is unknown."""
    codes = sorted_pair(first, second)
    countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
    if len(countries) != 2:
        return None
    return Relationship(countries[codes[0]], countries[codes[1]])


# -- reads -----------------------------------------------------------------------------------


def pair_engagements(*, filters: RelationshipFilter) -> QuerySet[Engagement]:
    """The pair's engagements the filters keep, in the chosen order (newest first by default)."""
    return selectors.engagement_list(filters=filters, ranked=False)


def pair_page_ids(filters: RelationshipFilter, offset: int, limit: int, *, dated: int) -> list[int]:
    """The ids of ``pair_engagements(filters)[offset:offset + limit]``: the first country's
    rows walked by date, the second's probed (``selectors.country_page_ids``). For a busy
    pair, a fraction of the walk down every engagement by date that the list's own query
    makes (JPN-USA's page 100 at a million: 9 ms, not 36). ``dated``: the rollup's count of
    the pair's dated engagements in the filters."""
    first, second = filters.pair
    return selectors.country_page_ids(filters, first, offset, limit, also=second, dated=dated)


def _period(filters: RelationshipFilter) -> tuple:
    """(date_from, date_to, kinds) of valid filters, or none of them."""
    data = filters.form.cleaned_data if filters.is_valid() else {}
    return data.get("date_from"), data.get("date_to"), data.get("kind") or None


def pair_rollup(filters: RelationshipFilter) -> PairRollup:
    return PairRollup(*_period(filters))


def pair_facts(filters: RelationshipFilter) -> PairFacts:
    """The pair's topics, exercises, people and publishers in the filters' dates and kinds."""
    return PairFacts(filters.pair, *_period(filters))


def pair_scope(filters: RelationshipFilter) -> charts.Scope:
    """The pair's engagements as a chart scope, its counts read from the pair facts rollup."""
    date_from, date_to, _kinds = _period(filters)
    engagements = pair_engagements(filters=filters).order_by()
    return charts.Scope(
        engagements,
        narrowed=True,
        date_from=date_from,
        date_to=date_to,
        engagement_ids=engagements.values("pk"),
        rollup=pair_facts(filters),
    )


def kind_counts(rollup: PairRollup, pair: tuple[str, str]) -> dict[tuple[str, int | None], int]:
    """{(kind, year): engagements} of one pair, from the rollup."""
    return {(kind, year): n for (_a, _b, kind, year), n in rollup.counts(pair=pair, by_year=True).items() if n}


def agreements_between(pair: tuple[str, str]) -> list[Agreement]:
    """Agreements both countries are parties to, latest first, each with its current state
    and the milestones of its history."""
    # Their ids first, from the parties' table alone: joined twice to it, the query of their
    # events' figures is planned across every event of every agreement (a minute at 1M).
    parties = Agreement.countries.through.objects.filter(country_id__in=pair)
    both = list(
        parties.values("agreement_id").annotate(n=Count("*")).filter(n=2).values_list("agreement_id", flat=True)
    )
    return selectors.agreements_with_history(Agreement.objects.filter(pk__in=both), AGREEMENTS_LIMIT)


def people_who_met(facts: PairFacts) -> dict[str, list[dict]]:
    """Each side's people in the pair's engagements (``pair_facts``), most engagements first:
    name, title when they last met, first and last month, engagements."""
    months: dict[int, list] = defaultdict(list)
    for (value, month), n in facts.counts("person", by="month").items():
        months[int(value)].append((month, n))
    people = Person.objects.filter(pk__in=list(months)).values_list("pk", "name", "country_id")
    rows = [
        {
            "person_id": pk,
            "person__name": name,
            "person__country_id": country,
            "n": sum(n for _month, n in months[pk]),
            "first": min((month for month, _n in months[pk] if month), default=None),
            "last": max((month for month, _n in months[pk] if month), default=None),
        }
        for pk, name, country in people
    ]
    sides: dict[str, list[dict]] = {code: [] for code in facts.pair}
    for row in sorted(rows, key=lambda row: (-row["n"], row["person__name"])):
        side = sides.get(row["person__country_id"])
        if side is not None and len(side) < PEOPLE_LIMIT:
            side.append(row)
    shown = [row for side in sides.values() for row in side]
    titles = _titles_as_of({row["person_id"]: row["last"] for row in shown})
    for row in shown:
        row["title"] = titles.get(row["person_id"], "")
    return sides


def _titles_as_of(last_months: dict[int, dt.date | None]) -> dict[int, str]:
    """Each person's latest title by the end of a month (their last in the relationship; any
    date when None): one probe of their (person, date) index each."""
    if not last_months:
        return {}
    ids = list(last_months)
    ends = [month_end(month) if month else dt.date.max for month in last_months.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.person_id, latest.title FROM unnest(%s::bigint[], %s::date[]) AS t(person_id, until) "
            "CROSS JOIN LATERAL (SELECT pa.title FROM engagements_participation pa "
            "WHERE pa.person_id = t.person_id AND pa.date <= t.until AND pa.title <> '' "
            "ORDER BY pa.date DESC NULLS LAST, pa.id DESC LIMIT 1) latest",
            [ids, ends],
        )
        return dict(cursor.fetchall())


def publishers(facts: PairFacts) -> list[dict]:
    """Who publishes the pair's readouts: readouts per publisher, most first, every source of
    an engagement reported by both sides counted; each side of the pair listed even at none."""
    counted = {code or None: n for code, n in facts.totals("publisher").items()}
    pair = facts.pair
    names = dict(Country.objects.filter(code__in=[c for c in counted if c] + list(pair)).values_list("code", "name"))
    rows = [{"code": code, "name": names.get(code, code), "n": counted.get(code, 0), "side": True} for code in pair]
    rows += [
        {"code": code, "name": names.get(code, code) if code else "Unknown publisher", "n": n, "side": False}
        for code, n in counted.items()
        if code not in pair
    ]
    return sorted(rows, key=lambda r: (-r["n"], not r["side"], r["name"]))


# -- between many pairs ------------------------------------------------------------------------


def busiest_pairs(rollup: PairRollup, *, country: str | None = None) -> list[dict]:
    """Every pair with engagements (one country's pairs only, when given), most first:
    [{a, b, a_name, b_name, n, url}]."""
    url = url_pattern("engagements:relationship")  # reversed once for thousands of pairs
    return _pair_rows(rollup.pair_totals(country), lambda a, b: url.format(f"{a}-{b}"))


def _pair_rows(totals: dict[tuple[str, str], int], url, most: int | None = None) -> list[dict]:
    """Pairs with their counts as rows, most first: [{a, b, a_name, b_name, n, url}];
    ``url(a, b)`` links a pair; only the ``most`` busiest, when given."""
    names = dict(Country.objects.filter(code__in={c for pair in totals for c in pair}).values_list("code", "name"))
    rows = [
        {"a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b), "n": n} for (a, b), n in totals.items()
    ]
    rows = sorted(rows, key=lambda r: (-r["n"], r["a_name"], r["b_name"]))[:most]
    for row in rows:
        row["url"] = url(row["a"], row["b"])
    return rows


def engagement_pairs(countries: list, publisher: str | None, *, most: int = 6) -> list[dict]:
    """The relationships an engagement belongs to, for its page: every pair of its countries,
    or, when they make more than ``most`` pairs (a multilateral meeting), the publisher's
    pairs with each partner. ``countries``: its EngagementCountry rows, country selected."""
    names = {link.country_id: link.country.name for link in countries}
    pairs = list(combinations(sorted(names), 2))
    if len(pairs) > most and publisher in names:
        pairs = [sorted_pair(publisher, code) for code in sorted(names) if code != publisher]
    return [
        {"name": f"{names[a]} and {names[b]}", "url": relationship_url(a, b)}
        for a, b in sorted(pairs, key=lambda p: (names[p[0]], names[p[1]]))
    ]


def pairs_of(engagements: QuerySet[Engagement], drill: Drill, *, most: int | None = None) -> list[dict]:
    """``busiest_pairs`` counted from the base tables, for filters the rollup cannot answer:
    each pair's engagements among these (the ``most`` busiest, when given), linked to the
    engagements list of exactly them (these filters, and "also with" both countries)."""
    try:
        sql, params = engagements.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(PAIRS_OF.format(ids=sql), params)
        totals = {(a, b): n for a, b, n in cursor.fetchall()}
    return _listed_pairs(totals, drill, most)


def pairs_on_topics(rollup: PairRollup, topics: list[str], drill: Drill, *, most: int | None = None) -> list[dict]:
    """``pairs_of`` for filters of dates, kinds and topics, read from the pair facts (each
    pair's engagements on the topics) instead of counted from the engagements."""
    return _listed_pairs(rollup.topic_totals(topics), drill, most)


def _listed_pairs(totals: dict[tuple[str, str], int], drill: Drill, most: int | None) -> list[dict]:
    """Pair rows linked to the engagements list of exactly their engagements: these filters,
    and "also with" both countries. (A link costs a copy of the filters: the ``most`` only.)"""
    also = drill.params.getlist("with_country")
    return _pair_rows(
        totals, lambda a, b: drill.url("engagements:engagements", with_country=sorted({*also, a, b})), most
    )
