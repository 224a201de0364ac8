"""Reads: one selector per list, shared by its HTML table, its charts and its CSV export.

Each takes the list's FilterSet and returns its filtered, ordered queryset, or no rows when
the filters are invalid (the form says why): an analyst never mistakes an unfiltered list for
a filtered one. The ``*_for_table`` helpers add what a page of the table shows, in a fixed
number of queries whatever the page size.
"""

from __future__ import annotations

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat, Left

from engagements.filters import (
    SEARCH_CONFIG,
    AgreementEventFilter,
    EngagementFilter,
    EngagementScopedFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
    ReadoutFilter,
)
from engagements.models import (
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    ExerciseMention,
    Participation,
    Person,
    Readout,
)

# Highlight markers for search snippets: private-use characters no readout contains, swapped
# for <mark> after the snippet is escaped (templatetags.dashboard.snippet).
MARK_START, MARK_END = "\ue000", "\ue001"
# What a readout row never needs in a list: the full text, its tsvector, the parser output.
HEAVY_READOUT_FIELDS = ("text", "search", "extraction")


def _filtered(filters: EngagementScopedFilter, model, ranked: bool = True) -> QuerySet:
    if filters.is_bound and not filters.is_valid():
        return model.objects.none()
    return filters.ranked(filters.qs) if ranked else filters.qs


def engagement_list(*, filters: EngagementFilter, ranked: bool = True) -> QuerySet[Engagement]:
    """``ranked=False`` for counting (the overview's charts): every match, not the ranked pool."""
    return _filtered(filters, Engagement, ranked).order_by(*filters.ordering())


def agreement_event_list(*, filters: AgreementEventFilter) -> QuerySet[AgreementEvent]:
    return _filtered(filters, AgreementEvent).order_by(*filters.ordering())


def exercise_mention_list(*, filters: ExerciseMentionFilter) -> QuerySet[ExerciseMention]:
    return _filtered(filters, ExerciseMention).order_by(*filters.ordering())


def participation_list(*, filters: ParticipationFilter) -> QuerySet[Participation]:
    return _filtered(filters, Participation).order_by(F("date").desc(nulls_last=True), "-id")


def person_list(*, filters: ParticipationFilter) -> QuerySet[Person]:
    """People with at least one participation the filters keep, with counts over those."""
    theirs = participation_list(filters=filters).filter(person=OuterRef("pk")).order_by()
    return (
        Person.objects.filter(Exists(theirs))
        .select_related("country")
        .annotate(
            engagement_count=Subquery(theirs.values("person").annotate(n=Count("id")).values("n")),
            last_seen=Subquery(theirs.values("person").annotate(d=Max("date")).values("d")),
            latest_title=Subquery(
                theirs.exclude(title="").order_by(F("date").desc(nulls_last=True), "-id").values("title")[:1]
            ),
        )
        .order_by(*filters.ordering())
    )


def readout_list(*, filters: ReadoutFilter) -> QuerySet[Readout]:
    return _filtered(filters, Readout).order_by(*filters.ordering())


# -- what a page of each table shows ----------------------------------------------------------


def partner_links() -> Prefetch:
    return Prefetch(
        "country_links",
        queryset=EngagementCountry.objects.filter(is_partner=True).select_related("country").order_by("country__name"),
        to_attr="partners",
    )


def engagements_for_table(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    # 1 query for the page + 3 prefetches (partners, participants, topics).
    return (
        engagements.select_related("readout", "forum")
        .defer(*(f"readout__{name}" for name in HEAVY_READOUT_FIELDS))
        .prefetch_related(
            partner_links(),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person__country").order_by("id"),
                to_attr="participants",
            ),
            Prefetch(
                "topic_links",
                queryset=EngagementTopic.objects.select_related("topic").order_by("topic__label"),
                to_attr="topic_list",
            ),
        )
    )


def _engagement_context(prefix: str = "engagement__") -> list[str]:
    return [f"{prefix}readout__{name}" for name in HEAVY_READOUT_FIELDS]


def agreement_events_for_table(events: QuerySet[AgreementEvent]) -> QuerySet[AgreementEvent]:
    # 1 query for the page + 2 prefetches (parties of each agreement, partners of each engagement).
    return (
        events.select_related("agreement", "engagement__readout", "engagement__forum")
        .defer(*_engagement_context())
        .prefetch_related("agreement__countries", Prefetch("engagement__country_links", queryset=_partners()))
    )


def exercise_mentions_for_table(mentions: QuerySet[ExerciseMention]) -> QuerySet[ExerciseMention]:
    # 1 query for the page + 1 prefetch (partners of each engagement).
    return (
        mentions.select_related("exercise", "engagement__readout")
        .defer(*_engagement_context())
        .prefetch_related(Prefetch("engagement__country_links", queryset=_partners()))
    )


def readouts_for_table(readouts: QuerySet[Readout], query: SearchQuery | None) -> QuerySet[Readout]:
    # 1 query for the page (a snippet per row when searching) + 1 prefetch (partners).
    readouts = readouts.select_related("engagement", "publisher").defer(*HEAVY_READOUT_FIELDS)
    if query is not None:
        readouts = readouts.annotate(
            snippet=SearchHeadline(
                "text",
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
            ),
            # The text's first words, so the snippet shows an ellipsis only when it starts later.
            text_start=Left("text", 80),
        )
    return readouts.prefetch_related(Prefetch("engagement__country_links", queryset=_partners()))


def _partners() -> QuerySet[EngagementCountry]:
    return EngagementCountry.objects.filter(is_partner=True).select_related("country").order_by("country__name")


def participants_summary() -> Subquery:
    """'Name, title; Name, title' of an engagement, as one SQL expression (chart hovers)."""
    label = Case(
        When(title="", then=F("person__name")),
        default=Concat(F("person__name"), Value(", "), F("title")),
    )
    return Subquery(
        Participation.objects.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(s=StringAgg(label, "; ", order_by="id"))
        .values("s")
    )
