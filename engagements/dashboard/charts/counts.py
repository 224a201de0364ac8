"""The headline figures and the per-country counts several charts and pages share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery

from engagements.dashboard.charts.base import Scope
from engagements.dashboard.pagination import Total, count_rows
from engagements.models import (
    AgreementAction,
    AgreementEvent,
    Country,
    EngagementCountry,
    Exercise,
    ExerciseMention,
    Participation,
    Person,
)


@dataclass
class Headline:
    engagements: Total
    partners: int
    agreements_signed: Total
    exercises: Total


def partner_counts(scope: Scope) -> list[dict]:
    """Engagements per partner country, most first: [{code, name, n}]."""
    if scope.rollup:
        totals = scope.rollup.totals("partner")
        names = dict(Country.objects.filter(code__in=list(totals)).values_list("code", "name"))
        ranked = sorted(totals.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
        return [{"code": code, "name": names.get(code, code), "n": n} for code, n in ranked]
    rows = (
        scope.facts(EngagementCountry)
        .filter(is_partner=True)
        .values("country_id", "country__name")
        .annotate(n=Count("*"))
        .order_by("-n", "country__name")
    )
    return [{"code": r["country_id"], "name": r["country__name"], "n": r["n"]} for r in rows]


def country_index(scope: Scope) -> list[dict]:
    """Every partner country with its engagements and the date of the latest, by name."""
    if scope.rollup and scope.rollup.country is None and not (scope.narrowed or scope.date_from or scope.date_to):
        # Counts from the rollup; each latest date is one probe of the partner (country, date)
        # index, where grouping 2 million partner links costs a third of a second.
        totals = scope.rollup.totals("partner")
        latest = (
            EngagementCountry.objects.filter(country=OuterRef("pk"), is_partner=True, date__isnull=False)
            .order_by("-date")
            .values("date")[:1]
        )
        countries = (
            Country.objects.filter(code__in=list(totals))
            .annotate(last=Subquery(latest))
            .order_by("name")
            .values("code", "name", "region", "last")
        )
        return [{**c, "n": totals[c["code"]]} for c in countries]
    rows = (
        scope.facts(EngagementCountry)
        .filter(is_partner=True)
        .values("country_id", "country__name", "country__region")
        .annotate(n=Count("*"), last=Max("date"))
        .order_by("country__name")
    )
    return [
        {
            "code": r["country_id"],
            "name": r["country__name"],
            "region": r["country__region"],
            "n": r["n"],
            "last": r["last"],
        }
        for r in rows
    ]


def fact_total(scope: Scope, dimension: str) -> Total | None:
    """How many rows the scope holds of what a dimension counts once each, when the rollup
    knows (else None: count them): engagements by their kind ("kind"), agreement events by
    their action ("action"), exercise mentions by their exercise ("exercise")."""
    if scope.rollup is None:
        return None
    return Total(sum(scope.rollup.totals(dimension).values()))


def engagement_total(scope: Scope) -> Total | None:
    """How many engagements the scope holds, when the rollup knows or a narrow filter's
    matches are listed (the charts read them: one walk of the filter, not a count and then a
    list); else None: count them."""
    if scope.rollup is None and scope.matching_ids is not None:
        return Total(len(scope.matching_ids))
    return fact_total(scope, "kind")


def headline(scope: Scope, partners: list[dict]) -> Headline:
    if scope.rollup:
        return Headline(
            engagements=engagement_total(scope),
            partners=len(partners),
            agreements_signed=Total(scope.rollup.totals("action", values=["signed"]).get("signed", 0)),
            exercises=Total(len(scope.rollup.totals("exercise"))),
        )
    exercises = Exercise.objects.filter(Exists(scope.facts(ExerciseMention).filter(exercise=OuterRef("pk"))))
    # Listed matches are counted by the rollup branch (Scope.counted_once): these are not.
    return Headline(
        engagements=count_rows(scope.matching, filtered=scope.narrowed or bool(scope.date_from or scope.date_to)),
        partners=len(partners),
        agreements_signed=count_rows(scope.facts(AgreementEvent).filter(action=AgreementAction.SIGNED), filtered=True),
        exercises=count_rows(exercises, filtered=True),
    )


def exercises_of(scope: Scope) -> list[dict]:
    """Exercises mentioned in the scope with mentions and first and last month, latest first."""
    if scope.rollup:
        months: dict[str, list] = {}
        for (value, month), n in scope.rollup.counts("exercise", by="month").items():
            months.setdefault(value, []).append((month, n))
        names = dict(Exercise.objects.filter(pk__in=[int(pk) for pk in months]).values_list("pk", "name"))
        rows = [
            {
                "exercise_id": int(pk),
                "exercise__name": names.get(int(pk), "?"),
                "n": sum(n for _m, n in seen),
                "first": min(m for m, _n in seen),
                "last": max(m for m, _n in seen),
            }
            for pk, seen in months.items()
        ]
    else:
        rows = list(
            scope.facts(ExerciseMention)
            .values("exercise_id", "exercise__name")
            .annotate(n=Count("*"), first=Min("date"), last=Max("date"))
        )
    return sorted(rows, key=lambda r: (-(r["last"].toordinal() if r["last"] else 0), r["exercise__name"]))


def leaders_of(scope: Scope, code: str, limit: int = 12) -> list:
    """People of a country in its engagements, most frequent first, with their latest title."""
    if scope.rollup:
        seen: dict[int, list] = {}
        for (value, month), n in scope.rollup.counts("leader", by="month").items():
            seen.setdefault(int(value), []).append((month, n))
        counts = {pk: (sum(n for _m, n in months), max(m for m, _n in months)) for pk, months in seen.items()}
        names = dict(Person.objects.filter(pk__in=list(counts), country_id=code).values_list("pk", "name"))
        top = sorted(names, key=lambda pk: (-counts[pk][0], names[pk]))[:limit]
        people = Person.objects.filter(pk__in=top)
    else:
        people = Person.objects.filter(country_id=code).annotate(n=Count("participations")).filter(n__gt=0)
        counts = None
    # The latest title is one probe of the (person, date) index a person.
    latest = Participation.objects.filter(person=OuterRef("pk"), date__isnull=False).exclude(title="")
    people = people.annotate(
        title=Subquery(latest.order_by("-date").values("title")[:1]),
        **({} if counts is not None else {"last": Max("participations__date")}),
    )
    rows = list(people)
    if counts is not None:
        for person in rows:
            person.n, person.last = counts[person.pk]
    return sorted(rows, key=lambda p: (-p.n, p.name))[:limit]
