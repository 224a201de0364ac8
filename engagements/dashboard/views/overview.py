"""The overview: headline figures, the timeline, the map and the other charts, all filtered."""

from django.shortcuts import render

from engagements.dashboard import charts, selectors
from engagements.dashboard.access import analyst_required
from engagements.dashboard.filters import EngagementFilter
from engagements.dashboard.links import Drill
from engagements.dashboard.page_cache import whole_page
from engagements.dashboard.views.common import MAIN_FIELDS, MORE_FIELDS, color_by, filter_context
from engagements.models import Engagement


@analyst_required
@whole_page
def overview(request):
    filters = EngagementFilter(request.GET or None)
    scope = charts.Scope.from_filters(filters, selectors.engagement_list(filters=filters, ranked=False))
    # Keys and chart links from the validated filters alone: made-up parameters neither
    # bypass the cache nor fill it.
    canonical = filters.canonical()
    drill = Drill(request.GET if canonical is None else canonical)
    figures = charts.cached(
        "overview",
        f"{filters.cache_text()}&color={color_by(request)}",
        lambda: _figures(scope, drill, color_by(request)),
    )
    headline = figures["headline"]
    count = headline.engagements.value
    context = {
        **filter_context(request, filters),
        **figures,
        # Only when nothing matches: is the database empty, or the filter too narrow?
        "no_data": count == 0 and not Engagement.objects.exists(),
        "color_by": color_by(request),
        "main_fields": MAIN_FIELDS,
        "more_fields": MORE_FIELDS,
        "links": {
            "engagements": drill.url("engagements:engagements"),
            "countries": drill.url("engagements:countries") if not filters.active else "#world-map-title",
            "agreements": drill.url("engagements:agreements", agreement_action=["signed"]),
            "exercises": drill.url("engagements:exercises"),
            "network": drill.url("engagements:network"),
        },
    }
    return render(request, "engagements/overview.html", context, status=400 if context["filters_invalid"] else 200)


def _figures(scope, drill, colour: str) -> dict:
    scope = scope.counted_once()
    partners = charts.partner_counts(scope)
    headline = charts.headline(scope, partners)
    figures = {"headline": headline}
    if headline.engagements.value:
        figures["timeline"] = charts.timeline(
            scope, drill, count=headline.engagements.value, partners=partners, color_by=colour
        )
        figures["charts"] = [
            charts.world_map(drill, partners),
            charts.partners_by_year(scope, drill, partners),
            charts.top_topics(scope, drill),
            charts.agreement_actions(scope, drill),
            charts.top_forums(scope, drill),
            charts.kinds(scope, drill),
        ]
    return figures
