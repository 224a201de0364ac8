"""The headline figures and the per-country counts several charts and pages share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef

from engagements.charts.base import Scope
from engagements.models import AgreementAction, AgreementEvent, EngagementCountry, Exercise, ExerciseMention
from engagements.pagination import Total, count_rows


@dataclass
class Headline:
    engagements: Total
    partners: int
    agreements_signed: Total
    exercises: Total


def partner_counts(scope: Scope) -> list[dict]:
    """Engagements per partner country, most first: [{code, name, n}]."""
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


def headline(scope: Scope, partners: list[dict]) -> Headline:
    exercises = Exercise.objects.filter(Exists(scope.facts(ExerciseMention).filter(exercise=OuterRef("pk"))))
    return Headline(
        engagements=count_rows(
            scope.engagements, filtered=scope.narrowed or bool(scope.date_from or scope.date_to)
        ),
        partners=len(partners),
        agreements_signed=count_rows(
            scope.facts(AgreementEvent).filter(action=AgreementAction.SIGNED), filtered=True
        ),
        exercises=count_rows(exercises, filtered=True),
    )
