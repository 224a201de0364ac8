"""Countries: an index of partners, and one profile per country."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from engagements.dashboard import charts, relations, selectors
from engagements.dashboard.access import analyst_required
from engagements.dashboard.links import Drill
from engagements.dashboard.page_cache import whole_page
from engagements.dashboard.pagination import Total
from engagements.dashboard.views.common import color_by
from engagements.derived.pairs import PairRollup
from engagements.derived.rollup import RollupCounts
from engagements.models import (
    Agreement,
    Country,
    Engagement,
)

LEADERS_LIMIT = 25
AGREEMENTS_LIMIT = 30
EXERCISES_LIMIT = 25
RELATIONSHIPS_LIMIT = 15


@analyst_required
@whole_page
def country_list(request):
    scope = charts.Scope(Engagement.objects.all(), narrowed=False, rollup=RollupCounts())
    rows = charts.country_index(scope)
    regions: dict[str, list] = {}
    for row in rows:
        regions.setdefault(row["region"] or "Other", []).append(row)
    return render(
        request,
        "engagements/country_list.html",
        {"regions": sorted(regions.items()), "count": len(rows), "no_data": not rows},
    )


@analyst_required
@whole_page
def country_detail(request, code):
    if code != code.upper():
        return redirect("engagements:country", code=code.upper())
    country = get_object_or_404(Country, code=code)
    params = QueryDict(mutable=True)
    params["country"] = country.code
    drill = Drill(params)
    scope = charts.Scope.of_country(country.code)
    # How many engagements and their first and last months from the country's rollup, where
    # counting its rows of the engagements' countries read 137,707 index entries for Japan at
    # 1M (8 ms) and 929,730 for the United States (32).
    n, first, last = scope.rollup.extent()
    total, span = Total(n), {"first": first, "last": last}
    context = {
        "country": country,
        "total": total,
        "list_query": params.urlencode(),
        "color_by": color_by(request),
    }
    if total.value:
        context["span"] = span
        context.update(
            charts.cached(
                "country",
                f"{country.code}&color={context['color_by']}",
                lambda: _figures(scope, drill, country, context),
            )
        )
    else:
        context["leaders"] = charts.leaders_of(scope, country.code, LEADERS_LIMIT)
    if "agreements" not in context:
        context["agreements"] = _agreements(country)
    if "exercises" not in context:
        context["exercises"] = charts.exercises_of(scope)[:EXERCISES_LIMIT]
    return render(request, "engagements/country_detail.html", context)


def _figures(scope, drill, country, context) -> dict:
    """What the profile counts: cached by country and data version."""
    partners = charts.partner_counts(scope)
    return {
        "timeline": charts.timeline(
            scope, drill, count=context["total"].value, partners=partners, color_by=context["color_by"]
        ),
        "topics": charts.topics_by_year(scope, drill),
        "co_partners": [p for p in partners if p["code"] != country.code][:10],
        "relationships": relations.busiest_pairs(PairRollup(), country=country.code)[:RELATIONSHIPS_LIMIT],
        "leaders": charts.leaders_of(scope, country.code, LEADERS_LIMIT),
        "exercises": charts.exercises_of(scope)[:EXERCISES_LIMIT],
        "agreements": _agreements(country),
    }


def _agreements(country) -> list[Agreement]:
    """Agreements the country is a party to, latest first, with their milestones."""
    return selectors.agreements_with_history(Agreement.objects.filter(countries=country), AGREEMENTS_LIMIT)
