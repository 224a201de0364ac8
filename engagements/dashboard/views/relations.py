"""Relationships: a page per pair of countries, its CSV, the busiest pairs, the network."""

from __future__ import annotations

import dataclasses
import functools

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from engagements.dashboard import charts, exports, relations, selectors
from engagements.dashboard.access import analyst_required, export_allowed
from engagements.dashboard.charts.relations import NETWORK_EDGES, kinds_by_year, network
from engagements.dashboard.filters import EngagementFilter, RelationshipFilter
from engagements.dashboard.links import Drill
from engagements.dashboard.page_cache import whole_page
from engagements.dashboard.pagination import PER_PAGE, Page, Total, page_number, paginate
from engagements.dashboard.views.common import MAIN_FIELDS, MORE_FIELDS, can_export, filter_context
from engagements.dashboard.views.exports import _link, _refused
from engagements.derived.pairs import PairRollup
from engagements.models import Country, Engagement

# The page's list of engagements is one section of several: shorter than a list page's.
ENGAGEMENTS_PER_PAGE = 25
FEW = 2000
# The overview's filters the pair rollup answers; any other sends the network to the engagements.
ROLLUP_FILTERS = {"date_from", "date_to", "kind", "country", "sort"}
# ... and those the pair facts answer, with topics.
FACT_FILTERS = {"date_from", "date_to", "kind", "topic", "sort"}


def _relationship_or_404(request, slug: str, route: str):
    """The pair named by the URL, or a redirect to its canonical URL, or a 404."""
    codes = relations.parse_slug(slug)
    if codes is None:
        raise Http404("A relationship's address names two different country codes: /relations/JPN-PHL/.")
    canonical = relations.pair_slug(*codes)
    if slug != canonical:
        query = request.GET.urlencode()
        url = reverse(route, args=[canonical]) + (f"?{query}" if query else "")
        return None, redirect(url, permanent=True)
    pair = relations.relationship(*codes)
    if pair is None:
        raise Http404("No country has one of these codes.")
    return pair, None


@analyst_required
@whole_page
def relationship(request, slug):
    pair, moved = _relationship_or_404(request, slug, "engagements:relationship")
    if moved:
        return moved
    filters = RelationshipFilter(request.GET, pair=pair.codes)
    rollup = relations.pair_rollup(filters)
    valid = filters.is_valid()
    kinds = relations.kind_counts(rollup, pair.codes) if valid else {}
    # Undated engagements count under year None, when no date bounds the period.
    total = Total(sum(kinds.values()))
    number, _error = page_number(request.GET.get("page"))
    listed = charts.cached(
        "relationship-page",
        f"{pair.slug}&{filters.cache_text()}&page={number}",
        lambda: _page(request, filters, total, dated=sum(n for (_kind, year), n in kinds.items() if year is not None)),
    )
    drill = pair_drill(pair, filters)
    context = {
        **filter_context(request, filters),
        "pair": pair,
        **listed,
        "total": total,
        "list_url": drill.url("engagements:engagements"),
        "export_url": reverse("engagements:relationship_csv", args=[pair.slug]) + _query(request),
        "feed_url": reverse("engagements:relationship_feed", args=[pair.slug]) + _canonical_query(filters),
        "can_export": can_export(request),
        "fields": ["date_from", "date_to", "kind"],
    }
    if total.value:
        context.update(sections(pair, filters, kinds))
    if not total.value and valid:
        # Nothing in the chosen period: does the pair have any engagement at all?
        context["ever"] = bool(filters.active and relations.kind_counts(PairRollup(), pair.codes))
    return render(request, "engagements/relationship.html", context, status=400 if context["filters_invalid"] else 200)


def pair_drill(pair: relations.Relationship, filters: RelationshipFilter) -> Drill:
    """Links from the page to the lists: the pair's engagements ("also with" both) in the
    page's dates and kinds."""
    canonical = filters.canonical()
    params = pair.list_params()
    if canonical is not None:
        for key in canonical:
            if key != "sort":
                params.setlist(key, canonical.getlist(key))
    return Drill(params)


def sections(pair: relations.Relationship, filters: RelationshipFilter, kinds: dict) -> dict:
    """The page's figures counted from the pair's engagements, cached by pair, filters and
    data version; the API's relationship reads the same entry, so one warm-up serves both."""
    return charts.cached(
        "relationship",
        f"{pair.slug}&{filters.cache_text()}",
        lambda: _sections(filters, pair, pair_drill(pair, filters), kinds),
    )


def busiest(filters: RelationshipFilter) -> list[dict]:
    """The relationships index's pairs (``relations.busiest_pairs``) for its dates and kinds.
    Every pair's total reads the whole rollup at a million engagements (a third of a second):
    kept with the figures, by the filters and the data version (the index, the API's list and
    the warm-up share the entry)."""
    return charts.cached(
        "relations", filters.cache_text(), lambda: relations.busiest_pairs(relations.pair_rollup(filters))
    )


def _page(request, filters, total: Total, *, dated: int) -> dict:
    """A page of the pair's engagements, newest first, rendered: kept with the figures, by
    pair, filters, page and data version (``page.rows`` then holds the rows' ids).
    ``dated``: how many of them have a date."""
    engagements = relations.pair_engagements(filters=filters)
    page_ids = None
    if 0 < total.value <= FEW:
        # A pair that rarely meets (two partners, at multilateral meetings): its ids by a join
        # of the two countries' rows, rather than a walk down every engagement by date until
        # a page of theirs turns up.
        ids = list(engagements.order_by().values_list("pk", flat=True))
        engagements = Engagement.objects.filter(pk__in=ids).order_by(*filters.ordering())
    elif total.value:
        page_ids = functools.partial(relations.pair_page_ids, filters, dated=dated)
    page = paginate(
        selectors.engagements_for_table(engagements),
        request.GET.get("page"),
        per_page=ENGAGEMENTS_PER_PAGE,
        filtered=True,
        model=Engagement,
        total=lambda: total,
        page_ids=page_ids,
    )
    html = render_to_string("engagements/partials/relationship_rows.html", {"page": page})
    page.rows = [engagement.pk for engagement in page.rows]
    return {"page": page, "rows_html": mark_safe(html)}  # noqa: S308 (a template's escaped output)


def _canonical_query(filters) -> str:
    canonical = filters.canonical()
    query = canonical.urlencode() if canonical is not None else ""
    return f"?{query}" if query else ""


def _query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return f"?{query}" if query else ""


def _sections(filters, pair, drill, kinds) -> dict:
    """What the page counts from the pair's engagements: cached by pair, filters and data."""
    scope = relations.pair_scope(filters)
    people = relations.people_who_met(scope.rollup)
    sections = {
        "pair": pair,
        "agreements_url": drill.url("engagements:agreements"),
        "agreements": relations.agreements_between(pair.codes),
        "exercises": charts.exercises_of(scope)[: relations.EXERCISES_LIMIT],
        "people": [(side, people[side.code]) for side in (pair.a, pair.b)],
        "publishers": relations.publishers(scope.rollup),
    }
    return {
        **sections,
        "sections_html": mark_safe(  # noqa: S308 (a template's escaped output)
            render_to_string("engagements/partials/relationship_sections.html", sections)
        ),
        "kinds_chart": kinds_by_year(
            {key: n for key, n in kinds.items() if key[1] is not None},
            lambda kind: drill.dated_urls("engagements:engagements", kind=[kind]),
        ),
        "topics": charts.topics_by_year(scope, drill),
    }


@export_allowed
def relationship_csv(request, slug):
    pair, moved = _relationship_or_404(request, slug, "engagements:relationship_csv")
    if moved:
        return moved
    filters = RelationshipFilter(request.GET, pair=pair.codes)
    if refused := _refused(filters):
        return refused
    report = dataclasses.replace(exports.ENGAGEMENTS, name=f"engagements_{pair.slug}")
    # The file says what it holds, as every export's does: the pair, its filters, the time.
    filename = exports.filtered_filename(report.name, filters)
    return report.response(relations.pair_engagements(filters=filters), _link(request), filename)


@analyst_required
@whole_page
def relation_list(request):
    """The busiest relationships over the chosen dates and kinds, most engagements first."""
    filters = RelationshipFilter(request.GET, pair=("", ""))
    valid = filters.is_valid()
    pairs = busiest(filters) if valid else []
    number, error = page_number(request.GET.get("page"))
    start = (number - 1) * PER_PAGE
    query = _query(request)
    rows = [{**row, "url": row["url"] + query} for row in pairs[start : start + PER_PAGE]]
    if not rows and number > 1 and not error:
        error = f"There is no page {number:,}: the list has {len(pairs):,} relationships. Go back to the first page."
    page = Page(
        rows=rows, number=number, per_page=PER_PAGE, has_next=len(pairs) > start + PER_PAGE, total=Total(len(pairs))
    )
    page.error = error
    context = {
        **filter_context(request, filters),
        "page": page,
        "fields": ["date_from", "date_to", "kind"],
        "network_url": reverse("engagements:network") + query,
    }
    return render(request, "engagements/relation_list.html", context, status=400 if context["filters_invalid"] else 200)


@analyst_required
@whole_page
def network_page(request):
    """The network of defence ties, following the overview's filters."""
    filters = EngagementFilter(request.GET or None)
    canonical = filters.canonical()
    figure = None
    if canonical is not None:
        figure = charts.cached("network", filters.cache_text(), lambda: _network(filters, canonical))
    context = {
        **filter_context(request, filters),
        "network": figure,
        "main_fields": MAIN_FIELDS,
        "more_fields": MORE_FIELDS,
        "overview_url": reverse("engagements:overview") + _query(request),
    }
    return render(request, "engagements/network.html", context, status=400 if context["filters_invalid"] else 200)


def _network(filters: EngagementFilter, canonical):
    """The network's figure: from the pair rollup when the filters are dates, kinds and
    countries, from the pair facts when they are dates, kinds and topics; else counted
    from the engagements the filters keep."""
    used = {name for name in canonical}
    data = filters.form.cleaned_data if filters.is_bound else {}
    countries = [c.code for c in data.get("country") or []]
    topics = [t.name for t in data.get("topic") or []]
    rollup = PairRollup(data.get("date_from"), data.get("date_to"), data.get("kind") or None)
    if used <= ROLLUP_FILTERS:
        pairs = relations.busiest_pairs(rollup)
        if countries:
            pairs = [p for p in pairs if p["a"] in countries or p["b"] in countries]
        pairs = pairs[:NETWORK_EDGES]  # the edges drawn
        # An edge's engagements: the pair's in these dates and kinds (a chosen country is one
        # of the two, so it narrows nothing further).
        edge_params = canonical.copy()
        edge_params.pop("country", None)
        edge_query = edge_params.urlencode()
        for p in pairs:
            p["url"] += f"?{edge_query}" if edge_query else ""
        description = (
            "Countries as points, engagements between two of them as lines, thicker for more: "
            f"the {len(pairs)} busiest relationships"
            + (" of the chosen countries" if countries else "")
            + ". Select a line's dot for the relationship's page, a country for its profile."
        )
    else:
        drill = Drill(canonical)
        if used <= FACT_FILTERS and topics:
            pairs = relations.pairs_on_topics(rollup, topics, drill, most=NETWORK_EDGES)
        else:
            engagements = selectors.engagement_list(filters=filters, ranked=False)
            pairs = relations.pairs_of(engagements, drill, most=NETWORK_EDGES)
        description = (
            f"Countries as points, engagements between two of them as lines, thicker for more: the {NETWORK_EDGES} "
            "busiest pairs among the engagements these filters keep. Select a line's dot to list its engagements."
        )
    regions = dict(
        Country.objects.filter(code__in={c for p in pairs for c in (p["a"], p["b"])}).values_list("code", "region")
    )
    return network(pairs, regions, description).prerender()
