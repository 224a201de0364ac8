"""Reads: one selector per list, shared by its HTML table, its charts and its CSV export.

Each takes the list's FilterSet and returns its filtered, ordered queryset, or no rows when
the filters are invalid (the form says why): an analyst never mistakes an unfiltered list for
a filtered one. The ``*_for_table`` helpers add what a page of the table shows, in a fixed
number of queries whatever the page size.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    JSONField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, JSONObject, Left, Replace

from engagements.dashboard.filters import (
    AgreementEventFilter,
    EngagementFilter,
    EngagementScopedFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
    ReadoutFilter,
)
from engagements.dashboard.search import SEARCH_CONFIG, ranked
from engagements.models import (
    Agreement,
    AgreementAction,
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    ExerciseMention,
    Participation,
    Person,
    Readout,
    ReadoutCountry,
)

# Highlight markers for search snippets: private-use characters, removed from the readout's
# text before PostgreSQL marks the matches with them, and swapped for <mark> after the
# snippet is escaped (templatetags.dashboard.snippet).
MARK_START, MARK_END = "\ue000", "\ue001"
# What a readout row never needs in a list: the full text, its tsvector, the parser output.
HEAVY_READOUT_FIELDS = ("text", "search", "extraction")
# A people list whose filters keep at most this many participations is read from them.
NARROW_PARTICIPATIONS = 100_000
# The engagements list's filters a walk down one country's rows answers (country_walk).
COUNTRY_WALK_FILTERS = {"country", "date_from", "date_to", "sort"}


def _filtered(filters: EngagementScopedFilter, model, rank: bool = True) -> QuerySet:
    if filters.is_bound and not filters.is_valid():
        return model.objects.none()
    return ranked(filters, filters.qs) if rank else filters.qs


def engagement_list(*, filters: EngagementFilter, ranked: bool = True) -> QuerySet[Engagement]:
    """``ranked=False`` for counting (the overview's charts): every match, not the ranked pool."""
    return _filtered(filters, Engagement, ranked).order_by(*filters.ordering())


def country_walk(filters: EngagementFilter) -> Callable[[int, int], list[int]] | None:
    """How the engagements list finds a page's ids when its filters are one country, dates
    and a sort by date (the commonest an analyst sets): ``country_page_ids``; None for any
    other filters, whose pages the list's own query finds. (Not kinds: a walk down the
    United States' rows for its rare signings, oldest first, took longer than the list's
    query.)"""
    country = _one_country(filters)
    if country is None or filters.sort_key() not in ("newest", "oldest"):
        return None
    return functools.partial(country_page_ids, filters, country)


def _one_country(filters: EngagementScopedFilter) -> str | None:
    """The country of filters that are one country, dates and a sort, or None."""
    canonical = filters.canonical()
    if canonical is None or not set(canonical) <= COUNTRY_WALK_FILTERS or len(canonical.getlist("country")) != 1:
        return None
    return canonical["country"]


def country_page_ids(
    filters: EngagementFilter,
    country: str,
    offset: int,
    limit: int,
    *,
    also: str | None = None,
    dated: int | None = None,
) -> list[int]:
    """The ids of the engagements list's rows ``offset`` to ``offset + limit`` for one
    country (and ``also`` a second one, a relationship's), in the list's order by date.

    Found by walking the country's rows by date (its (country, date) index, backwards for
    newest first) and stopping at the page's end. The list's own query joins every
    engagement the filters keep to its readout before it sorts them: 3,803 for the
    Philippines in 2019 at a million engagements, 25 ms for page 3. Undated engagements
    come after the dated ones, by id; ``dated``, how many are dated when the caller knows
    (from a rollup), saves counting them for a page past their end."""
    rows = EngagementCountry.objects.filter(country_id=country, **filters.fact_dates())
    if also is not None:
        rows = rows.filter(
            Exists(EngagementCountry.objects.filter(engagement_id=OuterRef("engagement_id"), country_id=also))
        )
    if kinds := filters.form.cleaned_data.get("kind"):
        rows = rows.filter(engagement__kind__in=kinds)
    by = "" if filters.sort_key() == "oldest" else "-"
    ids: list[int] = []
    if dated is None or offset < dated:
        walk = rows.filter(date__isnull=False).order_by(f"{by}date", f"{by}engagement_id")
        ids = list(walk.values_list("engagement_id", flat=True)[offset : offset + limit])
    if len(ids) == limit or filters.fact_dates():
        return ids  # a page of dated ones; or the dates leave out the undated
    undated = rows.filter(date__isnull=True).order_by(f"{by}engagement_id")
    if dated is None:
        if ids or not offset:
            dated = offset + len(ids)
        elif not undated.exists():
            return []  # past the end of the list
        else:
            dated = rows.filter(date__isnull=False).count()
    start = max(0, offset - dated)
    return ids + list(undated.values_list("engagement_id", flat=True)[start : start + limit - len(ids)])


def agreement_event_list(*, filters: AgreementEventFilter) -> QuerySet[AgreementEvent]:
    return _filtered(filters, AgreementEvent).order_by(*filters.ordering())


def exercise_mention_list(*, filters: ExerciseMentionFilter) -> QuerySet[ExerciseMention]:
    return _filtered(filters, ExerciseMention).order_by(*filters.ordering())


def participation_list(*, filters: ParticipationFilter) -> QuerySet[Participation]:
    return _filtered(filters, Participation).order_by(F("date").desc(nulls_last=True), "-id")


def person_list(*, filters: ParticipationFilter) -> QuerySet[Person]:
    """People with at least one participation the filters keep, with counts over those
    (``people_for_table`` finishes the rows of a page, with their latest titles).

    The filters' conditions appear once or twice in the query, never once per figure: sorted
    by name, people are kept by one IN and the figures of the page's people come from one
    subquery each; sorted by a figure, every person's figures are needed, so the kept
    participations are grouped by person in one join.
    """
    if filters.sort_key() == "name":
        if filters.active:
            # A narrow filter (a small country, a short period) keeps few participations:
            # read them once and keep their people by id. Through the subqueries below, the
            # planner walks each listed person's participations instead (a minister has
            # 200k at 1M), a second for a small country's people; ``people_for_table``
            # then counts the page's people from the kept rows too.
            kept = kept_people(filters)
            if kept is not None:
                return Person.objects.filter(pk__in=list(kept)).select_related("country").order_by(*filters.ordering())
        theirs = participation_list(filters=filters).filter(person=OuterRef("pk")).order_by()
        figures = theirs.values("person").annotate(figures=JSONObject(n=Count("id"), last=Max("date")))
        # IN rather than a correlated EXISTS: the planner may then read the kept
        # participations once (narrow filters) or probe person by person (broad ones).
        kept = participation_list(filters=filters).order_by().values("person_id")
        return (
            Person.objects.filter(pk__in=kept)
            .select_related("country")
            .annotate(figures=Subquery(figures.values("figures"), output_field=JSONField()))
            .order_by(*filters.ordering())
        )
    people = Person.objects.all()
    if filters.active:
        people = people.filter(participations__in=participation_list(filters=filters).order_by().values("pk"))
    else:
        people = people.filter(participations__isnull=False)
    return (
        people.select_related("country")
        .annotate(
            engagement_count=Count("participations"),
            last_seen=Max("participations__date"),
        )
        .order_by(*filters.ordering())
    )


def kept_people(filters: ParticipationFilter) -> dict[int, tuple[int, dt.date | None, str]] | None:
    """{person: (participations, last date, latest title)} of the people whose participations
    the filters keep, when they keep at most NARROW_PARTICIPATIONS (else None): one reading of
    the kept rows, which stops past that bound. Kept with the figures (by the filters and the
    data version): the list's rows, its page's figures and its next pages read it again."""
    from engagements.dashboard.charts.cache import cached

    def read() -> tuple[bool, dict]:
        kept = participation_list(filters=filters).order_by().values("person_id", "date", "id", "title")
        try:
            sql, params = kept[: NARROW_PARTICIPATIONS + 1].query.sql_with_params()
        except EmptyResultSet:
            return True, {}
        with connections[kept.db].cursor() as cursor:
            # Grouped only within the bound: past it, one row says so.
            cursor.execute(
                f"WITH kept AS MATERIALIZED ({sql}), total AS (SELECT count(*) AS n FROM kept) "  # noqa: S608
                "SELECT person_id, count(*), max(date), "
                "(array_agg(title ORDER BY date DESC NULLS LAST, id DESC) FILTER (WHERE title <> ''))[1] "
                "FROM kept WHERE (SELECT n FROM total) <= %s GROUP BY person_id "
                "UNION ALL SELECT NULL, n, NULL, NULL FROM total WHERE n > %s",
                [*params, NARROW_PARTICIPATIONS, NARROW_PARTICIPATIONS],
            )
            rows = cursor.fetchall()
        if any(person is None for person, *_rest in rows):
            return False, {}
        return True, {person: (n, last, title or "") for person, n, last, title in rows}

    narrow, people = cached("people-kept", filters.cache_text(), read)
    return people if narrow else None


@dataclass(frozen=True)
class RolledPeople:
    """The people list of filters a rollup answers (a country, or one region or topic, or
    forums, with kinds and dates; or kinds and dates alone), or of a search (``listed_people``):
    every person's id in the list's order, and how many of their engagements the filters keep;
    for a search, also each one's last date and latest title there."""

    ids: list[int]
    counts: dict[int, int]
    latest: dict[int, tuple[dt.date | None, str]] | None = None

    def page_ids(self, offset: int, limit: int) -> list[int]:
        return self.ids[offset : offset + limit]


# The people list's sorts a rolled list orders: by name, or by engagements then name.
ROLLED_SORTS = ("name", "most")
# Below this many participations kept, reading them (``kept_people``) costs less than walking
# each listed person's participations back to the last one kept (ADMM-Plus in 2015-2019 at
# 1M, 12,000: 42 ms against 110).
ROLLED_FROM = 15_000


def rolled_people(filters: ParticipationFilter) -> RolledPeople | None:
    """The people list summed from a rollup's participants (dimension 'person'), or None when
    no rollup answers the filters, the sort needs each one's last date, or the filters keep
    few participations (fewer than ROLLED_FROM).

    Where ``kept_people`` reads every participation the filters keep (292,000 for one topic
    at 1M) and the list counts their people, this sums one row per person and year (and
    month, at the ends of a date range). Kept with the figures, by the filters and the data
    version, for the next pages."""
    from engagements.dashboard.charts.base import Scope
    from engagements.dashboard.charts.cache import cached

    if not filters.active or filters.sort_key() not in ROLLED_SORTS:
        return None
    rollup = Scope.from_filters(filters, participation_list(filters=filters)).rollup
    if rollup is None:
        return None

    def read() -> tuple[RolledPeople | None]:
        counts = {int(person): n for person, n in rollup.totals("person").items()}
        if sum(counts.values()) < ROLLED_FROM:
            return (None,)
        return (RolledPeople(_people_in_order(filters, counts), counts),)

    return cached("people-rolled", f"{filters.cache_text()}&sort={filters.sort_key()}", read)[0]


# The people list's sorts ``listed_people`` orders.
LISTED_SORTS = ("name", "most", "recent")
# Filters of the people list that choose a participation's own person (its name, its country,
# a person), where the others choose its engagement.
PERSON_FILTERS = ("participant", "person", "nationality")
# People of the listed engagements, each with their participations, last date and latest title.
PEOPLE_OF_ENGAGEMENTS = """
SELECT person_id, count(*), max(date),
    (array_agg(title ORDER BY date DESC NULLS LAST, id DESC) FILTER (WHERE title <> ''))[1]
FROM engagements_participation WHERE engagement_id = ANY({kept}) GROUP BY person_id
"""


# Past this many engagements (as the planner expects them) chosen by their rows of facts, a
# people list by name is read through its own query, which figures the page's people alone:
# grouping the participations of the United States' or Japan's 948,277 engagements took 1.9 s,
# that list 0.7. Sorted by a figure, every person's is needed either way.
FACTS_PEOPLE_LIMIT = 200_000


def estimated_rows(sql: str, params: list, using: str) -> int:
    """How many rows the planner expects a query to return: whether reading them is worth it."""
    with connections[using].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]  # psycopg2 parses the JSON


def listed_people(filters: ParticipationFilter) -> RolledPeople | None:
    """The people list of a search, or of filters the engagements' rows of facts answer
    (countries, regions, topics, forums, kinds, dates), with no filter of the person: the
    engagements the filters keep, listed once as the overview's charts list a search's or
    chosen by their rows of facts, and their participations grouped by person. None for
    other filters, or past SEARCH_MATCHING_IDS_LIMIT matches of a search.

    A broad search keeps more participations than ``kept_people`` reads ("maritime security"
    at 1M: 187,724), and its people were then counted, and their figures read, through the
    search's join for each (1.1 s; 2.1 s sorted by last seen or by engagements); the people
    of the United States and cybersecurity (89,470 engagements) took 550 ms. Kept with the
    figures, by the filters, the sort and the data version, for the next pages."""
    from engagements.dashboard.charts.base import Scope
    from engagements.dashboard.charts.cache import cached
    from engagements.dashboard.charts.listed import array_text

    if not filters.active or not filters.form.is_valid() or filters.sort_key() not in LISTED_SORTS:
        return None
    if any(filters.form.cleaned_data.get(name) for name in PERSON_FILTERS):
        return None
    # The same filters of the engagements list (without the people's sort): the rows of an
    # engagement fact list are the facts of the engagements that list keeps.
    of_engagements = EngagementFilter(filters.canonical())
    by_facts = of_engagements.by_facts()
    if filters.search_query is None and not by_facts:
        return None

    def read() -> tuple[RolledPeople | None]:
        using = router.db_for_read(Participation)
        if by_facts:
            chosen, params = of_engagements.facts_condition()
            # The condition is FACT_CONDITIONS' own SQL; every value is a parameter.
            chosen_ids = f"SELECT f.engagement_id FROM engagements_engagementfacts f WHERE {chosen}"  # noqa: S608
            if filters.sort_key() == "name" and estimated_rows(chosen_ids, params, using) > FACTS_PEOPLE_LIMIT:
                return (None,)
            kept = f"ARRAY({chosen_ids})"
        else:
            # A search's matches as the overview lists them, and keeps them for the other
            # pages of the search.
            engagements = engagement_list(filters=of_engagements, ranked=False)
            ids = Scope.from_filters(of_engagements, engagements).matching_ids
            if ids is None:
                return (None,)
            kept, params = "%s::bigint[]", [array_text(ids)]
        with connections[using].cursor() as cursor:
            cursor.execute(PEOPLE_OF_ENGAGEMENTS.format(kept=kept), params)
            rows = cursor.fetchall()
        counts = {person: n for person, n, _last, _title in rows}
        latest = {person: (last, title or "") for person, _n, last, title in rows}
        return (RolledPeople(_people_in_order(filters, counts, latest), counts, latest),)

    return cached("people-listed", f"{filters.cache_text()}&sort={filters.sort_key()}", read)[0]


def _people_in_order(filters: ParticipationFilter, counts: dict[int, int], latest: dict | None = None) -> list[int]:
    """The ids of ``counts``' people in the list's order: the database orders the names (its
    collation); by engagements, or by last date (from ``latest``), stable sorts of that order
    keep it for ties, as the list's ORDER BY does."""
    from engagements.dashboard.charts.base import listed

    by_name = Person.objects.filter(pk__in=listed(list(counts))).order_by(*filters.sorts["name"][1])
    ids = list(by_name.values_list("pk", flat=True))
    if filters.sort_key() == "most":
        ids.sort(key=lambda pk: -counts[pk])
    elif filters.sort_key() == "recent":
        ids.sort(key=lambda pk: -latest[pk][0].toordinal() if latest[pk][0] else 1)
    return ids


def people_by_figures(filters: ParticipationFilter) -> RolledPeople | None:
    """The people list read from figures counted once (a rollup's, or a search's listed
    engagements'), or None when the list's own query reads it."""
    return rolled_people(filters) or listed_people(filters)


def people_for_table(
    people: list[Person], *, filters: ParticipationFilter, rolled: RolledPeople | None = None
) -> list[Person]:
    """A page of ``person_list`` (or of ``rolled_people``): each person's figures as
    attributes, however counted, and the title of their latest participation that has one,
    for the page's people only (one query, each person's title the first titled row of their
    participations in the list's order, read from ``participation_latest_idx``: sorting all
    the titles of a page's people cost 170 ms at 1M, a busy minister having 200k
    participations)."""
    if rolled is not None:
        # Their engagements from the figures; their last date and title with them (a search's)
        # or the first rows of the same walk.
        latest = rolled.latest if rolled.latest is not None else _latest_of(people, filters, with_date=True)
        for person in people:
            person.engagement_count = rolled.counts.get(person.pk, 0)
            person.last_seen, person.latest_title = latest.get(person.pk, (None, ""))
        return people
    kept_by_id = [
        person for person in people if not hasattr(person, "figures") and not hasattr(person, "engagement_count")
    ]
    titles = {}
    if kept_by_id:
        # People of a narrow filter (``person_list``): figures and titles from the kept rows.
        kept = kept_people(filters) or {}
        for person in kept_by_id:
            person.engagement_count, person.last_seen, titles[person.pk] = kept.get(person.pk, (0, None, ""))
    for person in people:
        figures = getattr(person, "figures", None)
        if figures is not None or not hasattr(person, "engagement_count"):
            figures = figures or {}
            person.engagement_count = figures.get("n", 0)
            last = figures.get("last")
            person.last_seen = dt.date.fromisoformat(last) if last else None
    if people and not kept_by_id:
        titles = {pk: title for pk, (_last, title) in _latest_of(people, filters, with_date=False).items()}
    for person in people:
        person.latest_title = titles.get(person.pk) or ""
    return people


def _latest_of(people: list[Person], filters: ParticipationFilter, *, with_date: bool) -> dict:
    """{person: (last date or None, latest title or "")} over the participations the filters
    keep, in one query: each the first rows of the person's walk in the list's order; the
    date only ``with_date``."""
    if not people:
        return {}
    latest = participation_list(filters=filters).filter(person=OuterRef("pk"))
    titled = Subquery(latest.exclude(title="").values("title")[:1])
    if not with_date:
        found = Person.objects.filter(pk__in=[person.pk for person in people]).annotate(title=titled)
        return {pk: (None, title or "") for pk, title in found.values_list("pk", "title")}
    # The first row of each walk gives the date and, nearly always, the title: one walk a
    # person, where a walk for each took twice as long (at 1M, a page of a region's callers:
    # 46 ms, each person's walk passing 150 rows of theirs the filters do not keep). A first
    # row without a title sends its person's walk on to the first titled one.
    first = latest.annotate(first=JSONObject(date=F("date"), title=F("title"))).values("first")[:1]
    found = Person.objects.filter(pk__in=[person.pk for person in people]).annotate(
        first=Subquery(first, output_field=JSONField())
    )
    result = {}
    for pk, row in found.values_list("pk", "first"):
        row = row or {}
        result[pk] = (dt.date.fromisoformat(row["date"]) if row.get("date") else None, row.get("title") or "")
    untitled = [pk for pk, (_last, title) in result.items() if not title]
    if untitled:
        for pk, title in Person.objects.filter(pk__in=untitled).annotate(title=titled).values_list("pk", "title"):
            result[pk] = (result[pk][0], title or "")
    return result


def people_for_export(*, filters: ParticipationFilter, chunk_size: int = 2000) -> Iterator[Person]:
    """Every person of ``person_list`` (or of ``people_by_figures``) finished as
    ``people_for_table`` finishes a page: read from a server-side cursor, one titles query
    per chunk of people."""
    rolled = people_by_figures(filters)
    if rolled is not None:
        # In the list's order, a chunk of ids at a time (one topic's 4,000 people at 1M: 8 s
        # through ``person_list``, which groups every participation the filters keep).
        for start in range(0, len(rolled.ids), chunk_size):
            ids = rolled.ids[start : start + chunk_size]
            found = Person.objects.select_related("country").in_bulk(ids)
            yield from people_for_table([found[pk] for pk in ids if pk in found], filters=filters, rolled=rolled)
        return
    chunk: list[Person] = []
    for person in person_list(filters=filters).iterator(chunk_size=chunk_size):
        chunk.append(person)
        if len(chunk) == chunk_size:
            yield from people_for_table(chunk, filters=filters)
            chunk = []
    if chunk:
        yield from people_for_table(chunk, filters=filters)


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


def readouts_counted(filters: ReadoutFilter) -> QuerySet[ReadoutCountry] | None:
    """Rows as many as the readouts list holds, cheaper to count, when its filters are one
    country, dates and a sort: the country's readouts by date (``ReadoutCountry``; a readout
    is the source of one engagement, which names a country once). One index range, where
    the list's own count joined every readout of the period to them (AUS in 2015-2020 at a
    million: 20,000 of 295,000, 30-40 ms). None for other filters."""
    country = _one_country(filters)
    if country is None:
        return None
    return ReadoutCountry.objects.filter(country_id=country, **filters.fact_dates("published_on"))


def readouts_for_table(readouts: QuerySet[Readout], query: SearchQuery | None) -> QuerySet[Readout]:
    # 1 query for the page (a snippet per row when searching) + 1 prefetch (partners).
    readouts = readouts.select_related("engagement_source__engagement", "publisher").defer(*HEAVY_READOUT_FIELDS)
    if query is not None:
        readouts = readouts.annotate(
            snippet=SearchHeadline(
                # The markers are ours alone: any the readout itself holds are dropped first.
                Replace(Replace("text", Value(MARK_START), Value("")), Value(MARK_END), Value("")),
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
    return readouts.prefetch_related(Prefetch("engagement_source__engagement__country_links", queryset=_partners()))


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


MILESTONES = ["planned", "signed", "renewed"]


def agreements_with_history(agreements: QuerySet[Agreement], limit: int) -> list[Agreement]:
    """These agreements, latest first, each with its current state and the milestones of its
    history (planned, signed, renewed); the agreement's own page lists every mention, which
    for a long-lived agreement runs to thousands."""
    # Its state now: the latest action that changes it; a later mention does not undo a signing.
    latest_action = (
        AgreementEvent.objects.filter(agreement=OuterRef("pk"))
        .exclude(action=AgreementAction.MENTIONED)
        .order_by(F("date").desc(nulls_last=True), "-id")
    )
    # Figures of its events by subqueries, not by a join and GROUP BY: grouped, the state's
    # subquery joins the GROUP BY and runs once per event row (a minute at 1M).
    events = AgreementEvent.objects.filter(agreement=OuterRef("pk")).order_by().values("agreement")
    labels = dict(AgreementAction.choices)
    agreements = list(
        agreements.annotate(
            # The latest date: one probe of the (agreement, date) index, not every event read.
            last=Subquery(
                AgreementEvent.objects.filter(agreement=OuterRef("pk"), date__isnull=False)
                .order_by("-date")
                .values("date")[:1]
            ),
            n_events=Coalesce(Subquery(events.annotate(n=Count("*")).values("n")), Value(0)),
            state=Coalesce(Subquery(latest_action.values("action")[:1]), Value(AgreementAction.MENTIONED.value)),
            state_on=Subquery(latest_action.values("date")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=AgreementEvent.objects.filter(action__in=MILESTONES).order_by(
                    F("date").asc(nulls_last=True), "id"
                ),
                to_attr="history",
            )
        )
        .order_by(F("last").desc(nulls_last=True), "name")[:limit]
    )
    for agreement in agreements:
        agreement.state_label = labels.get(agreement.state, agreement.state)
    return agreements
