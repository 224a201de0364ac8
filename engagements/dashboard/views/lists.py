"""The filterable lists: engagements, agreement events, exercise mentions, people, readouts.

Each view reads its rows through one selector; the CSV export (views/exports.py) calls the
same selector with the same FilterSet, so the file holds the rows the table shows.
"""

import functools

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from engagements.dashboard import charts, search, selectors
from engagements.dashboard.access import analyst_required
from engagements.dashboard.filters import (
    AgreementEventFilter,
    EngagementFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
    ReadoutFilter,
)
from engagements.dashboard.links import Drill
from engagements.dashboard.page_cache import whole_page
from engagements.dashboard.pagination import Total, count_rows, paginate
from engagements.dashboard.views.common import MAIN_FIELDS, MORE_FIELDS, color_by, filter_context
from engagements.models import AgreementEvent, Engagement, ExerciseMention, Participation, Person, Readout

NOUNS = {
    "engagements": ("Engagements", "engagement", "engagements"),
    "agreements": ("Agreements", "agreement event", "agreement events"),
    "exercises": ("Exercises", "exercise mention", "exercise mentions"),
    "people": ("People", "person", "people"),
    "readouts": ("Readouts", "readout", "readouts"),
}


def _render_list(request, template, *, filters, page, export_route, empty_model, more_exports=(), **extra):
    """``more_exports``: (route, label, title) of other reports of the same filtered rows."""
    heading, singular, plural = NOUNS[request.resolver_match.url_name]
    export_params = request.GET.copy()
    for transient in ("page", "color"):
        export_params.pop(transient, None)
    query = export_params.urlencode()
    suffix = f"?{query}" if query else ""
    context = {
        **query_links(request, filters),
        **filter_context(request, filters),
        "page": page,
        "heading": heading,
        "noun_singular": singular,
        "noun": plural,
        "export_url": reverse(export_route) + suffix,
        "more_exports": [
            {"url": reverse(route) + suffix, "label": label, "title": title} for route, label, title in more_exports
        ],
        # Asked only when nothing matches: an empty database, or a filter too narrow?
        "no_data": page.total.value == 0 and not empty_model.objects.exists(),
        "main_fields": MAIN_FIELDS,
        "more_fields": MORE_FIELDS,
        **extra,
    }
    # Filters the form refuses are a bad request: the page says which, and lists nothing.
    return render(request, template, context, status=400 if context["filters_invalid"] else 200)


def query_links(request, filters) -> dict:
    """The permalink of the list's exact query (its filters and sort in one normal form: the
    same link however the URL was written) and, for engagements, its Atom feed."""
    canonical = filters.canonical()
    if canonical is None:
        return {}
    params = canonical.copy()
    sort = filters.form.cleaned_data.get("sort") if filters.is_bound else ""
    if sort and sort != filters.default_sort:
        params["sort"] = sort
    ordered = sorted(params.lists())
    query = "&".join(_pair(name, values) for name, values in ordered)
    links = {"permalink": request.build_absolute_uri(request.path) + (f"?{query}" if query else "")}
    if request.resolver_match.url_name == "engagements":
        feed_query = canonical.urlencode()
        links["feed_url"] = reverse("engagements:engagements_feed") + (f"?{feed_query}" if feed_query else "")
    return links


def _pair(name: str, values: list[str]) -> str:
    one = QueryDict(mutable=True)
    one.setlist(name, values)
    return one.urlencode()


def _page(request, rows, filters, model, *, rows_are_ranked=True, counted=None, rollup=None):
    # A "best match" list's total is its pool's size, unless the rows are something the
    # pool's rows are grouped into (people, from their participations). ``counted``: rows
    # as many as the list's, cheaper to count, when the caller has them; ``rollup``: the
    # rollup's dimension that counts the rows, one per row, when the filters let it.
    ranked = functools.partial(search.ranked_total, filters) if rows_are_ranked else None

    def total():
        known = ranked() if ranked else None
        if known is None and rollup is not None and filters.active:
            known = charts.fact_total(charts.Scope.from_filters(filters, rows), rollup)
        if known is not None or not filters.active:
            return known  # unfiltered, the table's estimate costs nothing
        # A filtered count reads up to COUNT_CAP rows (a third of a second for a big
        # country's readouts at a million): kept with the figures, by the filters and the
        # data version, so the next visitor of the same list does not count again.
        return charts.cached(
            f"count-{model._meta.model_name}",
            filters.cache_text(),
            lambda: count_rows(rows if counted is None else counted, filtered=True, model=model),
        )

    return paginate(rows, request.GET.get("page"), filtered=filters.active, model=model, total=total)


@analyst_required
@whole_page
def engagement_list(request):
    filters = EngagementFilter(request.GET or None)
    engagements = selectors.engagement_list(filters=filters)
    # The timeline counts the same filtered engagements as the table; when the rollup can
    # count them, it also gives the table's total without counting rows.
    scope = charts.Scope.from_filters(filters, engagements)
    page = paginate(
        selectors.engagements_for_table(engagements),
        request.GET.get("page"),
        filtered=filters.active,
        model=Engagement,
        total=lambda: search.ranked_total(filters) or charts.engagement_total(scope),
        page_ids=selectors.country_walk(filters),
    )
    extra = {"color_by": color_by(request)}
    if page.total.value:
        scope.count_known(page.total.value)
        # The same for every page and sort of the list: cached by the filters and the data.
        canonical = filters.canonical()
        drill = Drill(request.GET if canonical is None else canonical)
        extra["timeline"] = charts.cached(
            "engagements-timeline",
            f"{filters.cache_text()}&color={extra['color_by']}",
            lambda: charts.timeline(scope, drill, count=page.total.value, color_by=extra["color_by"]),
        )
    return _render_list(
        request,
        "engagements/lists/engagements.html",
        filters=filters,
        page=page,
        export_route="engagements:engagements_csv",
        empty_model=Engagement,
        **extra,
    )


@analyst_required
@whole_page
def agreement_list(request):
    filters = AgreementEventFilter(request.GET or None)
    events = selectors.agreement_events_for_table(selectors.agreement_event_list(filters=filters))
    return _render_list(
        request,
        "engagements/lists/agreements.html",
        filters=filters,
        page=_page(request, events, filters, AgreementEvent, rollup="action"),
        export_route="engagements:agreements_csv",
        empty_model=AgreementEvent,
    )


@analyst_required
@whole_page
def exercise_list(request):
    filters = ExerciseMentionFilter(request.GET or None)
    mentions = selectors.exercise_mentions_for_table(selectors.exercise_mention_list(filters=filters))
    return _render_list(
        request,
        "engagements/lists/exercises.html",
        filters=filters,
        page=_page(request, mentions, filters, ExerciseMention, rollup="exercise"),
        export_route="engagements:exercises_csv",
        empty_model=ExerciseMention,
    )


@analyst_required
@whole_page
def person_list(request):
    filters = ParticipationFilter(request.GET or None)
    rolled = selectors.people_by_figures(filters)
    if rolled is not None:
        page = paginate(
            Person.objects.select_related("country"),
            request.GET.get("page"),
            filtered=True,
            model=Person,
            total=lambda: Total(len(rolled.ids)),
            page_ids=rolled.page_ids,
        )
    else:
        page = _page(request, selectors.person_list(filters=filters), filters, Person, rows_are_ranked=False)
    selectors.people_for_table(page.rows, filters=filters, rolled=rolled)
    return _render_list(
        request,
        "engagements/lists/people.html",
        filters=filters,
        page=page,
        export_route="engagements:people_csv",
        more_exports=[
            (
                "engagements:participations_csv",
                "Export participations CSV",
                "One row per person and engagement, with the title held at the time",
            )
        ],
        empty_model=Participation,
        main_fields=["participant", "nationality", *MAIN_FIELDS[:3], "country", "region", "kind"],
        more_fields=["topic", "forum", "agreement_kind", "agreement_action", "exercise"],
    )


@analyst_required
@whole_page
def readout_list(request):
    filters = ReadoutFilter(request.GET or None)
    readouts = selectors.readouts_for_table(selectors.readout_list(filters=filters), filters.search_query)
    return _render_list(
        request,
        "engagements/lists/readouts.html",
        filters=filters,
        page=_page(request, readouts, filters, Readout, counted=selectors.readouts_counted(filters), rollup="readout"),
        export_route="engagements:readouts_csv",
        empty_model=Readout,
        main_fields=[*MAIN_FIELDS, "status"],
    )
