"""Relationships: a pair of countries and the engagements they both took part in.

A relationship is a view over engagements, not a table kept in step (docs/DESIGN.md): its
page, its list and its CSV read the engagements through ``RelationshipFilter``; its counts
by year and kind, the relationships index and the network read the pair rollup
(``engagements.derived.pairs``), which counts exactly those engagements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, QuerySet
from django.http import QueryDict

from engagements.dashboard import charts, selectors
from engagements.dashboard.filters import RelationshipFilter
from engagements.dashboard.links import Drill, detail_url
from engagements.derived.pairs import PairRollup, sorted_pair
from engagements.models import Agreement, Country, Engagement, EngagementCountry, EngagementSource, Participation

PEOPLE_LIMIT = 15  # per side
PEOPLE_FROM = 5000  # the latest engagements of a pair whose people are listed
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


def pair_rollup(filters: RelationshipFilter) -> PairRollup:
    data = filters.form.cleaned_data if filters.is_valid() else {}
    return PairRollup(data.get("date_from"), data.get("date_to"), data.get("kind") or None)


def pair_scope(filters: RelationshipFilter) -> charts.Scope:
    """The pair's engagements as a chart scope: facts are read through their ids."""
    data = filters.form.cleaned_data if filters.is_valid() else {}
    engagements = pair_engagements(filters=filters).order_by()
    return charts.Scope(
        engagements,
        narrowed=True,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        engagement_ids=engagements.values("pk"),
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


def latest_engagement_ids(filters: RelationshipFilter, total: int, limit: int) -> list[int]:
    """The ids of the pair's engagements the filters keep, all of them up to ``limit``, else
    the latest ``limit`` dated ones, read backwards along the first country's (country,
    date) index; sorting a busy pair's hundred thousand engagements by date costs seconds."""
    if total <= limit:
        return list(pair_engagements(filters=filters).order_by().values_list("pk", flat=True))
    first, second = filters.pair
    data = filters.form.cleaned_data
    links = EngagementCountry.objects.filter(country_id=first, date__isnull=False, **filters.fact_dates()).filter(
        Exists(EngagementCountry.objects.filter(engagement_id=OuterRef("engagement_id"), country_id=second))
    )
    if data.get("kind"):
        links = links.filter(engagement__kind__in=data["kind"])
    return list(links.order_by("-date", "-engagement_id").values_list("engagement_id", flat=True)[:limit])


def people_who_met(latest: list[int], pair: tuple[str, str]) -> dict[str, list[dict]]:
    """Each side's people in these engagements of the pair (``latest_engagement_ids``), most
    engagements first: name, latest title there, first and last year, engagements.

    The busiest pair has a hundred thousand engagements at 1M: grouping all of their
    participations costs seconds, and the people who meet now are in the latest ones. The
    ids are a list, not a subquery: as a subquery, the planner reads every participation of
    the two countries' people (a million rows) to keep the few in these engagements."""
    participations = Participation.objects.filter(engagement_id__in=latest, person__country_id__in=pair)
    rows = list(
        participations.values("person_id", "person__name", "person__country_id")
        .annotate(n=Count("*"), first=Min("date"), last=Max("date"))
        .order_by("-n", "person__name")
    )
    sides: dict[str, list[dict]] = {code: [] for code in pair}
    for row in rows:
        side = sides[row["person__country_id"]]
        if len(side) < PEOPLE_LIMIT:
            side.append(row)
    shown = [row["person_id"] for side in sides.values() for row in side]
    titles = dict(
        participations.filter(person_id__in=shown)
        .exclude(title="")
        .order_by("person_id", F("date").desc(nulls_last=True), "-id")
        .distinct("person_id")
        .values_list("person_id", "title")
    )
    for side in sides.values():
        for row in side:
            row["title"] = titles.get(row["person_id"], "")
    return sides


def publishers(scope: charts.Scope, pair: tuple[str, str]) -> list[dict]:
    """Who publishes the pair's readouts: readouts per publisher, most first, every source of
    an engagement reported by both sides counted; each side of the pair listed even at none."""
    counted = dict(
        EngagementSource.objects.filter(engagement_id__in=scope.engagement_ids)
        .values_list("readout__publisher_id")
        .annotate(n=Count("*"))
        .order_by()
    )
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
    return _pair_rows(rollup.pair_totals(country), relationship_url)


def _pair_rows(totals: dict[tuple[str, str], int], url) -> list[dict]:
    """Pairs with their counts as rows, most first: [{a, b, a_name, b_name, n, url}];
    ``url(a, b)`` links a pair."""
    names = dict(Country.objects.filter(code__in={c for pair in totals for c in pair}).values_list("code", "name"))
    rows = [
        {"a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b), "n": n, "url": url(a, b)}
        for (a, b), n in totals.items()
    ]
    return sorted(rows, key=lambda r: (-r["n"], r["a_name"], r["b_name"]))


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


def pairs_of(engagements: QuerySet[Engagement], drill: Drill) -> list[dict]:
    """``busiest_pairs`` counted from the base tables, for filters the rollup cannot answer:
    each pair's engagements among these, linked to the engagements list of exactly them
    (these filters, and "also with" both countries)."""
    try:
        sql, params = engagements.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(PAIRS_OF.format(ids=sql), params)
        totals = {(a, b): n for a, b, n in cursor.fetchall()}
    also = drill.params.getlist("with_country")
    return _pair_rows(totals, lambda a, b: drill.url("engagements:engagements", with_country=sorted({*also, a, b})))
