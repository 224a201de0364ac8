"""Every piece of derived data as stored, to compare with what a full rebuild makes of it."""

from engagements.derived import upkeep
from engagements.models import (
    AgreementEvent,
    EngagementApiRow,
    EngagementCountry,
    EngagementFacts,
    EngagementSummary,
    EngagementTopic,
    ExerciseMention,
    MonthlyCount,
    PairCount,
    PairFactCount,
    PairTopicYearCount,
    PairYearCount,
    Participation,
    ReadoutCountry,
    ScopedMonthlyCount,
    ScopedYearlyCount,
    StaleMonth,
    StaleSummary,
    YearlyCount,
)

FACTS = (EngagementCountry, EngagementTopic, Participation, AgreementEvent, ExerciseMention)


def _rows(queryset, *fields) -> list:
    return sorted(queryset.values_list(*fields), key=lambda row: [str(cell) for cell in row])


def derived_state() -> dict:
    """The copied columns of every fact row, every summary and API row, every rollup count."""
    state = {
        "monthly": _rows(MonthlyCount.objects, "month", "country_id", "kind", "dimension", "value", "n"),
        "yearly": _rows(YearlyCount.objects, "year", "country_id", "kind", "dimension", "value", "n"),
        "scoped monthly": _rows(
            ScopedMonthlyCount.objects, "month", "scope", "scope_value", "kind", "dimension", "value", "n"
        ),
        "scoped yearly": _rows(
            ScopedYearlyCount.objects, "year", "scope", "scope_value", "kind", "dimension", "value", "n"
        ),
        "pairs": _rows(PairCount.objects, "month", "country_a_id", "country_b_id", "kind", "n"),
        "pair years": _rows(PairYearCount.objects, "year", "country_a_id", "country_b_id", "kind", "n"),
        "pair topic years": _rows(
            PairTopicYearCount.objects, "year", "country_a_id", "country_b_id", "kind", "topic", "n"
        ),
        "pair facts": _rows(
            PairFactCount.objects, "month", "country_a_id", "country_b_id", "kind", "dimension", "value", "n"
        ),
        "summaries": _rows(
            EngagementSummary.objects,
            *[f.attname for f in EngagementSummary._meta.concrete_fields],
        ),
        "api rows": _rows(EngagementApiRow.objects, "engagement_id", "body"),
        "fact rows": _rows(EngagementFacts.objects, *[f.attname for f in EngagementFacts._meta.concrete_fields]),
        "readout countries": _rows(ReadoutCountry.objects, "readout_id", "engagement_id", "country_id", "published_on"),
        "partners": _rows(EngagementCountry.objects, "pk", "is_partner"),
    }
    for model in FACTS:
        state[f"{model.__name__} dates"] = _rows(model.objects, "pk", "date")
    return state


def assert_settled_state_equals_a_rebuild() -> None:
    """Settle (what the writer's commit does), then a full rebuild must change nothing."""
    upkeep.settle()
    assert not StaleMonth.objects.exists() and not StaleSummary.objects.exists()
    settled = derived_state()
    upkeep.rebuild()
    rebuilt = derived_state()
    for part in rebuilt:
        assert settled[part] == rebuilt[part], part
