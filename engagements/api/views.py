"""The API's endpoints: one list and one detail per dashboard list.

A list endpoint names its page's FilterSet, selector and row builder; the filter backend
validates the query string with the FilterSet (a 400 naming the bad filters, as the CSV
export does) and asks the selector for the rows, so the API lists exactly what the page and
its CSV list, in the same order. Adding an endpoint is one small class and one URL.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response

from engagements.api import rows, schema, serializers
from engagements.api.pagination import KeysetPagination, decode, encode, keys_of
from engagements.dashboard import relations, selectors
from engagements.dashboard.exports import DATA_VERSION_HEADER
from engagements.dashboard.filters import (
    AgreementEventFilter,
    EngagementFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
    ReadoutFilter,
    RelationshipFilter,
)
from engagements.dashboard.views.relations import busiest, pair_drill, sections
from engagements.derived.rollup import data_version
from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    Exercise,
    ExerciseMention,
    Kind,
    Person,
    Readout,
)

schema.describe_filters(
    EngagementFilter, AgreementEventFilter, ExerciseMentionFilter, ParticipationFilter, ReadoutFilter
)


def absolute_link(request) -> Callable[[str], str]:
    origin = request.build_absolute_uri("/")[:-1]
    return lambda path: origin + path


@contextmanager
def serial_plans():
    """A page's queries without parallel workers: a keyset page reads at most a page of rows
    from an index, and starting workers (~20 ms) costs several times that read; the planner,
    seeing a LIMIT over a big table, starts them anyway."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


class SelectorFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend, reading rows through the list's selector.

    The FilterSet is built as the page builds it (no query string: unbound, the defaults);
    the selector then owns the queryset (ranking, ordering), as it does for the page.
    """

    def get_filterset_class(self, view, queryset=None):
        return view.filterset_class

    def filter_queryset(self, request, queryset, view):
        filters = view.filterset_class(request.query_params or None, request=request)
        if filters.is_bound and not filters.is_valid():
            raise ValidationError(filters.form.errors)
        view.filters, view.sort, view.ordering = filters, filters.sort_key(), filters.ordering()
        return view.rows_of(view.select(filters=filters), [key.name for key in keys_of(view.ordering)])


class ApiView(GenericAPIView):
    def finalize_response(self, request, response, *args, **kwargs):
        # What a script needs to tell two pulls of the same query apart: the data changed.
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < 400:
            response[DATA_VERSION_HEADER] = str(data_version())
        return response


class ListEndpoint(ListModelMixin, ApiView):
    """A dashboard list: ``filterset_class`` and ``select`` are the page's; ``values`` turns the
    selector's queryset into the values a row needs, ``build`` a page of them into rows."""

    filter_backends = [SelectorFilterBackend]
    pagination_class = KeysetPagination
    select: Callable[..., QuerySet]
    values: Callable[[QuerySet, list[str]], QuerySet] | None = None
    build: Callable

    def rows_of(self, queryset: QuerySet, keys: list[str]) -> QuerySet:
        return self.values(queryset, keys) if self.values else queryset

    def get(self, request, *args, **kwargs):
        with serial_plans():
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            data = self.build(page, absolute_link(request))
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


class DetailEndpoint(ApiView):
    filter_backends: list = []
    pagination_class = None
    route = "<id:pk>"  # the URL's part after the list's name

    def get(self, request, pk: int, *args, **kwargs):
        return Response(self.get_serializer(self.detail(pk, absolute_link(request))).data)


# -- engagements ---------------------------------------------------------------------------------


@extend_schema(summary="Engagements, filtered and sorted as the engagements page", tags=["engagements"])
class EngagementList(ListEndpoint):
    queryset = Engagement.objects.none()
    filterset_class = EngagementFilter
    serializer_class = serializers.EngagementRow
    select = staticmethod(selectors.engagement_list)
    values = staticmethod(rows.engagement_values)
    build = staticmethod(rows.engagement_rows)


@extend_schema(summary="One engagement", tags=["engagements"])
class EngagementDetail(DetailEndpoint):
    queryset = Engagement.objects.none()
    serializer_class = serializers.EngagementRow

    def get(self, request, pk: int, *args, **kwargs):
        # The row comes as JSON text (rows.engagement_json), which the renderer sends as it is.
        return Response(self.detail(pk, absolute_link(request)))

    def detail(self, pk, link):
        found = rows.engagement_rows([{"id": pk}], link)
        if not found:
            get_object_or_404(Engagement, pk=pk)  # its 404, as every detail's
        return found[0]


# -- agreements ----------------------------------------------------------------------------------


@extend_schema(
    summary="Agreement events (signed, planned, renewed, ...), as the agreements page lists them",
    tags=["agreements"],
)
class AgreementList(ListEndpoint):
    queryset = AgreementEvent.objects.none()
    filterset_class = AgreementEventFilter
    serializer_class = serializers.AgreementEventRow
    select = staticmethod(selectors.agreement_event_list)
    values = staticmethod(rows.agreement_event_values)
    build = staticmethod(rows.agreement_event_rows)


@extend_schema(summary="One agreement, with its newest events", tags=["agreements"])
class AgreementDetail(DetailEndpoint):
    queryset = Agreement.objects.none()
    serializer_class = serializers.AgreementDetail

    def detail(self, pk, link):
        return rows.agreement_detail(get_object_or_404(Agreement, pk=pk), link)


# -- exercises -----------------------------------------------------------------------------------


@extend_schema(summary="Exercise mentions, as the exercises page lists them", tags=["exercises"])
class ExerciseList(ListEndpoint):
    queryset = ExerciseMention.objects.none()
    filterset_class = ExerciseMentionFilter
    serializer_class = serializers.ExerciseMentionRow
    select = staticmethod(selectors.exercise_mention_list)
    values = staticmethod(rows.exercise_mention_values)
    build = staticmethod(rows.exercise_mention_rows)


@extend_schema(summary="One exercise, with its newest mentions", tags=["exercises"])
class ExerciseDetail(DetailEndpoint):
    queryset = Exercise.objects.none()
    serializer_class = serializers.ExerciseDetail

    def detail(self, pk, link):
        return rows.exercise_detail(get_object_or_404(Exercise, pk=pk), link)


# -- people --------------------------------------------------------------------------------------


@extend_schema(
    summary="People, with counts over the participations the filters keep, as the people page",
    tags=["people"],
)
class PersonList(ListEndpoint):
    queryset = Person.objects.none()
    filterset_class = ParticipationFilter
    serializer_class = serializers.PersonRow
    select = staticmethod(selectors.person_list)
    # Each person's figures are counted over the filtered participations as the page is read
    # (the people page's own selector): a page of 1,000 would cost seconds at a million.
    max_page_size = 100

    def get(self, request, *args, **kwargs):
        with serial_plans():
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            data = rows.person_rows(page, absolute_link(request), filters=self.filters)
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


@extend_schema(summary="One person, with their newest participations", tags=["people"])
class PersonDetail(DetailEndpoint):
    queryset = Person.objects.none()
    serializer_class = serializers.PersonDetail

    def detail(self, pk, link):
        return rows.person_detail(get_object_or_404(Person, pk=pk), link)


# -- readouts ------------------------------------------------------------------------------------


@extend_schema(summary="Readouts, as the readouts page lists them", tags=["readouts"])
class ReadoutList(ListEndpoint):
    queryset = Readout.objects.none()
    filterset_class = ReadoutFilter
    serializer_class = serializers.ReadoutRow
    select = staticmethod(selectors.readout_list)
    values = staticmethod(rows.readout_values)
    build = staticmethod(rows.readout_rows)


@extend_schema(summary="One readout, with its text", tags=["readouts"])
class ReadoutDetail(DetailEndpoint):
    queryset = Readout.objects.none()
    serializer_class = serializers.ReadoutDetail

    def detail(self, pk, link):
        return rows.readout_detail(get_object_or_404(Readout, pk=pk), link)


# -- relationships -------------------------------------------------------------------------------


class RelationsQuery(RelationshipFilter):
    """The relationships list's filters: the relationships index's dates and kinds, and
    countries (the pairs of any of them, as the network page narrows its pairs)."""

    offered = ("date_from", "date_to", "kind", "country")


class PairQuery(RelationshipFilter):
    """A relationship's filters: its page's dates and kinds."""

    offered = ("date_from", "date_to", "kind")


# The schema and the form know only the filters offered (RelationshipFilter drops the others
# from an instance; these classes drop them from the class the schema reads).
for _query in (RelationsQuery, PairQuery):
    _query.base_filters = {name: f for name, f in _query.base_filters.items() if name in _query.offered}


def _valid(filters):
    if not filters.is_valid():
        raise ValidationError(filters.form.errors)
    return filters


class PairPagination(KeysetPagination):
    """Keyset pages of the busiest pairs (the list the relationships index keeps in the
    cache, a few thousand pairs at 1M): the cursor holds the last pair's sort keys (its
    engagements, most first, then the names and codes), and the next page starts after them,
    so a pair added or recounted before the cursor shifts no other pair into a page twice."""

    SORT = "busiest"

    @staticmethod
    def key(row: dict) -> tuple:
        return (-row["n"], row["a_name"], row["b_name"], row["a"], row["b"])

    def paginate_queryset(self, pairs: list[dict], request, view=None) -> list[dict]:
        size = self.page_size(request, view)
        raw = request.query_params.get(self.cursor_query_param)
        start = 0
        if raw:
            n, *names = decode(raw, self.SORT, 5)
            if not isinstance(n, int) or not all(isinstance(name, str) for name in names):
                raise ValidationError({"cursor": ["Not a cursor this API gave: start again without one."]})
            start = bisect.bisect_right(pairs, (-n, *names), key=self.key)
        rows = pairs[start : start + size]
        self.request, self.has_next = request, len(pairs) > start + size
        last = rows[-1] if rows else None
        self.next_cursor = (
            encode(self.SORT, [last["n"], last["a_name"], last["b_name"], last["a"], last["b"]])
            if self.has_next
            else None
        )
        return rows


@extend_schema(
    summary="Relationships: pairs of countries, the busiest first, as the relationships page lists them",
    tags=["relationships"],
)
class RelationshipList(ListEndpoint):
    queryset = Engagement.objects.none()
    filterset_class = RelationsQuery
    serializer_class = serializers.RelationshipRow
    pagination_class = PairPagination

    def get(self, request, *args, **kwargs):
        filters = _valid(RelationsQuery(request.query_params, pair=("", "")))
        # The index's own filters and cache entry (without the countries, which it lacks).
        index = RelationshipFilter(request.query_params, pair=("", ""))
        pairs = busiest(index) if index.is_valid() else []
        countries = {c.code for c in filters.form.cleaned_data.get("country") or []}
        if countries:
            pairs = [p for p in pairs if p["a"] in countries or p["b"] in countries]
        page = self.paginate_queryset(pairs)
        data = rows.relationship_rows(page, absolute_link(request), index.canonical().urlencode())
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


@extend_schema(
    summary="One relationship: totals, counts by year and kind, agreements, people, publishers, exercises",
    tags=["relationships"],
    parameters=[
        OpenApiParameter("slug", str, OpenApiParameter.PATH, description='Two ISO codes, in either order: "JPN-PHL".'),
        OpenApiParameter("date_from", OpenApiTypes.DATE, description="Engagements on or after this date."),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description="Engagements on or before this date."),
        OpenApiParameter(
            "kind", str, many=True, enum=Kind.values, explode=True, description="Kinds of engagement (any of these)."
        ),
    ],
)
class RelationshipDetail(DetailEndpoint):
    queryset = Engagement.objects.none()
    serializer_class = serializers.RelationshipDetail
    route = "<str:slug>"
    takes_filters = True

    def get(self, request, slug: str, *args, **kwargs):
        codes = relations.parse_slug(slug)
        pair = relations.relationship(*codes) if codes else None
        if pair is None:
            raise NotFound("No such relationship: name two different country codes, as in JPN-PHL.")
        filters = _valid(PairQuery(request.query_params, pair=pair.codes))
        kinds = relations.kind_counts(relations.pair_rollup(filters), pair.codes)
        total = sum(kinds.values())
        figures = sections(pair, filters, kinds) if total else {}
        query = filters.canonical().urlencode()
        suffix = f"?{query}" if query else ""
        listed = pair_drill(pair, filters).params.urlencode()
        links = {
            "page": relations.relationship_url(*pair.codes) + suffix,
            "feed": reverse("engagements:relationship_feed", args=[pair.slug]) + suffix,
            "engagements_list": reverse("api:engagements") + f"?{listed}",
            "agreement_events_list": reverse("api:agreements") + f"?{listed}",
        }
        data = rows.relationship_detail(pair, kinds, figures, links, absolute_link(request))
        return Response(self.get_serializer(data).data)
