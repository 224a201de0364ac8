"""What every dashboard page's context shares."""

from django.conf import settings

from engagements.dashboard.access import EXPORT_CSV

COLOR_CHOICES = ("kind", "partner")
# Controls of the filter panel; the FilterSet's other fields (person, "also with") arrive by
# links and show as removable chips.
MAIN_FIELDS = ["q", "date_from", "date_to", "country", "region", "kind", "topic"]
MORE_FIELDS = ["forum", "participant", "agreement_kind", "agreement_action", "exercise"]


def can_export(request) -> bool:
    return settings.DASHBOARD_PUBLIC or request.user.has_perm(EXPORT_CSV)


def color_by(request) -> str:
    value = request.GET.get("color", "kind")
    return value if value in COLOR_CHOICES else "kind"


def filter_context(request, filters) -> dict:
    return {
        "filters": filters,
        "form": filters.form,
        "filters_invalid": filters.is_bound and not filters.is_valid(),
        "filters_active": filters.active,
        "can_export": can_export(request),
        "topojson_url": settings.STATIC_URL + "topojson/",
    }
