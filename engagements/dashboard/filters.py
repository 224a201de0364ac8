"""The dashboard's filters: one FilterSet per list, all sharing the engagement filters.

Every list (engagements, agreement events, exercise mentions, participations, readouts) asks
the same questions of the engagement a row belongs to: when, with whom, what kind, which
forum, topics, people, agreements, exercises, and the readout's words. Filters across
to-many relations are EXISTS subqueries, so no filter multiplies rows or needs DISTINCT, and
each one repeats the date range on the fact table's own copy of the date so that it reads the
(country, date)-style indexes.
"""

from __future__ import annotations

import datetime as dt

import django_filters as filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet
from django.http import QueryDict

from engagements.dashboard import search
from engagements.dashboard.search import web_search
from engagements.dashboard.widgets import date_input, multi_select
from engagements.models import (
    AgreementAction,
    AgreementEvent,
    AgreementKind,
    Country,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    ExerciseMention,
    Forum,
    Kind,
    Participation,
    Person,
    Readout,
    ReadoutCountry,
    Topic,
)


def region_choices() -> list[tuple[str, str]]:
    regions = Country.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    return [(r, r) for r in regions]


def is_multi_value(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.SelectMultiple | forms.MultipleHiddenInput)


# Dates a filter may name: wide enough for any question about the data, and far from the
# calendar's ends (0001-01-01, 9999-12-31), where counting by month or year runs off it.
FILTER_EARLIEST, FILTER_LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class FilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            value = cleaned.get(name)
            if value and not FILTER_EARLIEST <= value <= FILTER_LATEST:
                self.add_error(
                    name,
                    f"Choose a date from {FILTER_EARLIEST.isoformat()} to {FILTER_LATEST.isoformat()}, "
                    "or leave it empty for no limit.",
                )
        # Each value may add work to every query of the page: a bound keeps one request from
        # costing more than a page should, whatever the URL holds.
        limit = settings.FILTER_MAX_VALUES
        getlist = getattr(self.data, "getlist", None)
        for name, field in self.fields.items():
            if getlist is None or not is_multi_value(field):
                continue
            given = len(getlist(name))
            if given > limit:
                self.add_error(
                    name,
                    f"{given} values chosen; a filter takes at most {limit}. Choose fewer, or none for all.",
                )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date: swap them or clear one.")
        return cleaned


class EngagementScopedFilter(filters.FilterSet):
    """The filters every list shares; subclasses say where their rows' engagement is."""

    # OuterRef to the engagement's id, lookup prefix to its fields, the row's date column,
    # the path to the readout's tsvector, and whether the date range also bounds fact tables.
    engagement_ref = "pk"
    engagement_path = ""
    date_field = "date"
    search_field = "readout__search"
    dates_bound_facts = True
    sorts: dict[str, tuple[str, tuple]] = {}
    default_sort = ""

    q = filters.CharFilter(
        label="Search readout text",
        method="filter_q",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. maritime security"}),
    )
    date_from = filters.DateFilter(label="From", method="filter_date_from", widget=date_input())
    date_to = filters.DateFilter(label="To", method="filter_date_to", widget=date_input())
    country = filters.ModelMultipleChoiceFilter(
        label="Country",
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        method="filter_country",
        widget=multi_select(),
    )
    region = filters.MultipleChoiceFilter(
        label="Partner region", choices=region_choices, method="filter_region", widget=multi_select({"size": 5})
    )
    kind = filters.MultipleChoiceFilter(
        label="Kind of engagement", choices=Kind.choices, method="filter_kind", widget=multi_select({"size": 5})
    )
    forum = filters.ModelMultipleChoiceFilter(
        label="Forum",
        queryset=Forum.objects.order_by("short_name"),
        to_field_name="short_name",
        method="filter_forum",
        widget=multi_select(),
    )
    topic = filters.ModelMultipleChoiceFilter(
        label="Topic",
        queryset=Topic.objects.order_by("label"),
        to_field_name="name",
        method="filter_topic",
        widget=multi_select(),
    )
    participant = filters.CharFilter(
        label="Participant name",
        method="filter_participant",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Austin"}),
    )
    # Set by links from a person's page; shown as a removable chip, not as a control.
    person = filters.ModelMultipleChoiceFilter(
        label="Person",
        queryset=Person.objects.all(),
        method="filter_person",
        widget=forms.MultipleHiddenInput,
    )
    # Set by clicking a chart mark for a second country or topic: "and also with", so the list
    # keeps matching what the mark counted.
    with_country = filters.ModelMultipleChoiceFilter(
        label="Also with country",
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_with_country",
        widget=forms.MultipleHiddenInput,
    )
    with_topic = filters.ModelMultipleChoiceFilter(
        label="Also on topic",
        queryset=Topic.objects.all(),
        to_field_name="name",
        method="filter_with_topic",
        widget=forms.MultipleHiddenInput,
    )
    agreement_kind = filters.MultipleChoiceFilter(
        label="Agreement kind", choices=AgreementKind.choices, method="filter_agreement", widget=multi_select()
    )
    agreement_action = filters.MultipleChoiceFilter(
        label="Agreement action",
        choices=AgreementAction.choices,
        method="filter_agreement",
        widget=multi_select({"size": 5}),
    )
    exercise = filters.CharFilter(
        label="Exercise name",
        method="filter_exercise",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Balikatan"}),
    )

    class Meta:
        form = FilterForm
        fields: list[str] = []

    # -- what the views ask ----------------------------------------------------------------

    @property
    def active(self) -> bool:
        """True when some filter narrows the rows (sorting alone does not)."""
        return bool(self.given() - {"sort"})

    def given(self) -> set[str]:
        """The names of the filters the query gives a value (the sort among them)."""
        if not self.is_bound:
            return set()
        return {name for name in self.filters if self.data.get(name)}

    @property
    def search_query(self) -> SearchQuery | None:
        text = (self.form.cleaned_data.get("q") or "").strip() if self.form.is_valid() else ""
        return web_search(text) if text else None

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # An empty multiple choice cleans to an empty queryset, which django-filter hands to
        # a filter method as a value: skip it, it chooses nothing. So is a filter the search
        # answers (``folded``).
        folded = self.folded()
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()) or (isinstance(value, QuerySet) and value.query.is_empty()):
                continue
            if name in folded:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Countries and topics a search finds among its entry's facets (search_v3.sql), by their
    # facet's key, where the search reads the search table: the GIN index intersects the words'
    # and the facets' entries, where each of a country's engagements had its entry read (at 1M,
    # "maritime security" in Australia: 295 -> 64 ms). "with_" filters want every one of their
    # values, the others any.
    FOLDED: dict[str, str] = {}

    def folded(self) -> set[str]:
        """The filters the search answers with its facets (none without a search)."""
        if not self.FOLDED or self.search_query is None:
            return set()
        return {name for name in self.FOLDED if self.form.cleaned_data.get(name)}

    def by_facts(self) -> bool:
        """Whether the engagements' rows of facts answer every chosen filter (the engagements
        list's filters: ``EngagementFilter``); never for a list of other rows."""
        return False

    def any_of_alone(self) -> tuple[str, list[str]] | None:
        """(filter, values) of any of several values split between a rollup and the rows of
        facts (``EngagementFilter``); None for a list of other rows."""
        return None

    def sort_key(self) -> str:
        """The chosen sort; with a search and no choice, best match first."""
        chosen = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if chosen == "relevance" and not self.search_query:
            chosen = ""
        if not chosen:
            chosen = "relevance" if self.search_query and "relevance" in self.sorts else self.default_sort
        return chosen

    def ordering(self) -> tuple:
        """The ORDER BY of the chosen sort."""
        return self.sorts[self.sort_key()][1]

    def newest_first(self) -> tuple:
        """The ORDER BY that picks a "best match" list's pool: the most recent matches."""
        return (F(self.date_field).desc(nulls_last=True), F("pk").desc())

    def canonical(self) -> QueryDict | None:
        """The validated filters in one normal form: fields in name order, each one's values
        sorted, as the list's URL would carry them; None when the filters are invalid.

        What cache keys and chart links are made from: parameters the form does not know,
        and the order of parameters or values, make no difference to them.
        """
        params = QueryDict(mutable=True)
        if not self.is_bound:
            return params
        if not self.is_valid():
            return None
        for name in sorted(self.form.fields):
            value = self.form.cleaned_data.get(name)
            if name == "sort" or value in (None, "", [], ()):
                continue
            if isinstance(value, QuerySet | list | tuple):
                key = getattr(self.form.fields[name], "to_field_name", None) or "pk"
                values = sorted({str(getattr(item, key) if isinstance(item, Model) else item) for item in value})
            elif isinstance(value, dt.date):
                values = [value.isoformat()]
            else:
                values = [str(value)]
            if values:
                params.setlist(name, values)
        return params

    def cache_text(self) -> str:
        """The filters as part of a cache key: every invalid set of filters shows the same
        nothing, so they share one."""
        params = self.canonical()
        return "invalid" if params is None else params.urlencode()

    # -- the filters -------------------------------------------------------------------------

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        query = self.search_query
        if query is None:
            return queryset
        any_of: dict[str, list[str]] = {}
        all_of: dict[str, list[str]] = {}
        for folded in self.folded():
            wanted = all_of if folded.startswith("with_") else any_of
            wanted[self.FOLDED[folded]] = [str(v.pk) for v in self.form.cleaned_data[folded]]
        # The facets as a condition of their own, in the same filter (one join): the GIN index
        # then intersects two scan keys, each skipping along the other, where one tsquery of
        # the words and every facet is tested whole on each candidate (at 1M, "maritime
        # security" and all of 50 countries: 379 -> 35 ms; one country: 61 -> 40).
        facets = search.facets(any_of, all_of)
        conditions = [Q(**{self.search_field: query})]
        if facets is not None:
            conditions.append(Q(**{self.search_field: facets}))
        return queryset.filter(*conditions).annotate(rank=SearchRank(F(self.search_field), query))

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})

    def filter_country(self, queryset, name, value):
        return queryset.filter(self.has(EngagementCountry, country__in=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(self.has(EngagementCountry, is_partner=True, country__region__in=value))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{self.engagement_path}kind__in": value})

    def filter_forum(self, queryset, name, value):
        return queryset.filter(**{f"{self.engagement_path}forum__in": value})

    def filter_topic(self, queryset, name, value):
        return queryset.filter(self.has(EngagementTopic, topic__in=value))

    def filter_with_country(self, queryset, name, value):
        return queryset.filter(self.has_all(EngagementCountry, "country", value))

    def filter_with_topic(self, queryset, name, value):
        return queryset.filter(self.has_all(EngagementTopic, "topic", value))

    def filter_participant(self, queryset, name, value):
        return queryset.filter(self.has(Participation, person__name__icontains=value.strip()))

    def filter_person(self, queryset, name, value):
        return queryset.filter(self.has(Participation, person__in=value))

    def filter_agreement(self, queryset, name, value):
        # Kind and action describe one event together ("an ACSA was signed"): one EXISTS.
        data = self.form.cleaned_data
        if name == "agreement_action" and data.get("agreement_kind"):
            return queryset  # applied with the kind
        lookups = {
            "agreement__kind__in": data.get("agreement_kind"),
            "action__in": data.get("agreement_action"),
        }
        return queryset.filter(self.has(AgreementEvent, **{k: v for k, v in lookups.items() if v}))

    def filter_exercise(self, queryset, name, value):
        return queryset.filter(self.has(ExerciseMention, exercise__name__icontains=value.strip()))

    def has(self, model, **lookups) -> Exists:
        """EXISTS a row of a fact table for the row's engagement, within the date range."""
        facts = model.objects.filter(engagement_id=OuterRef(self.engagement_ref), **lookups)
        if self.dates_bound_facts:
            facts = facts.filter(**self.fact_dates())
        return Exists(facts)

    def has_all(self, model, field: str, values) -> Exists:
        """EXISTS rows of a fact table for every one of the values ("also with A and B"): one
        subquery counting the engagement's matching rows (each value is at most one row per
        engagement, by the fact table's unique constraint), not one subquery per value."""
        values = list(values)
        if len(values) == 1:
            return self.has(model, **{field: values[0]})
        facts = model.objects.filter(engagement_id=OuterRef(self.engagement_ref), **{f"{field}__in": values})
        if self.dates_bound_facts:
            facts = facts.filter(**self.fact_dates())
        return Exists(facts.values("engagement_id").annotate(n=Count("*")).filter(n=len(values)))

    def fact_dates(self, field: str = "date") -> dict:
        data = self.form.cleaned_data
        bounds = {}
        if data.get("date_from"):
            bounds[f"{field}__gte"] = data["date_from"]
        if data.get("date_to"):
            bounds[f"{field}__lte"] = data["date_to"]
        return bounds


def _sort(sorts: dict) -> filters.ChoiceFilter:
    # The first choice is the default, so the select shows it when the URL names none.
    choices = [(key, label) for key, (label, _) in sorts.items()]
    return filters.ChoiceFilter(label="Sort by", choices=choices, method="filter_noop", empty_label=None)


# Newest first with undated rows last: 0006_dashboard_indexes has the matching indexes.
NEWEST = (F("date").desc(nulls_last=True), F("id").desc())
OLDEST = (F("date").asc(nulls_last=True), F("id").asc())


# A search's engagements newest first, read from the search table's (date, engagement) index:
# the same order as NEWEST (an entry's date and engagement are its engagement's).
SEARCHED_NEWEST = (F("search_entries__date").desc(nulls_last=True), F("search_entries__engagement_id").desc())
# The filters a search of the search table folds into its query, by their facet's key.
SEARCH_FACETS = {"country": "c", "topic": "t", "with_country": "c", "with_topic": "t"}


# The filters an engagement's row of facts answers (EngagementFacts, sql/summaries_v7.sql), as
# conditions on the row ``f``: any country taking part or all of them, a partner in a region,
# any topic or all of them, a kind, a forum, the engagement's date.
FACT_CONDITIONS = {
    "country": "f.countries && %s::varchar[]",
    "with_country": "f.countries @> %s::varchar[]",
    "region": "f.partners && %s::varchar[]",  # the regions' countries (``region_codes``)
    "topic": "f.topics && %s::bigint[]",
    "with_topic": "f.topics @> %s::bigint[]",
    "kind": "f.kind = ANY(%s)",
    "forum": "f.forum_id = ANY(%s)",
    "date_from": "f.date >= %s",
    "date_to": "f.date <= %s",
}


def region_codes(regions: list[str]) -> list[str]:
    """The codes of the countries of these regions, as constants the planner weighs (through
    a subquery it guessed 10,018 rows of facts for Asia's 464,657)."""
    return sorted(Country.objects.filter(region__in=regions).values_list("code", flat=True))


# The filters whose values each have a rollup (one country's, or one topic's or region's
# scoped rollup): any of several of them alone is split (``SplitCounts``).
SPLIT_FILTERS = ("country", "topic", "region")


class EngagementFilter(EngagementScopedFilter):
    # The search table (models/search.py): each readout's words beside its engagement's date.
    search_field = "search_entries__search"
    sorts = {
        "newest": ("Newest first", NEWEST),
        "oldest": ("Oldest first", OLDEST),
        "relevance": ("Best match (with a search)", (F("rank").desc(), *NEWEST)),
    }
    default_sort = "newest"
    sort = _sort(sorts)

    class Meta(EngagementScopedFilter.Meta):
        model = Engagement

    FOLDED = SEARCH_FACETS

    def ordering(self) -> tuple:
        # With a search, newest first is the search table's order: PostgreSQL then reads
        # the matches from its index, newest first, and stops at the page's end.
        if self.search_query and self.sort_key() == "newest":
            return SEARCHED_NEWEST
        return super().ordering()

    def newest_first(self) -> tuple:
        return SEARCHED_NEWEST if self.search_query else NEWEST

    def any_of_alone(self) -> tuple[str, list[str]] | None:
        """(filter, values) when the filters are any of several countries (their codes), of
        several topics (their ids) or of several partner regions, and nothing else but kinds
        and dates: ``SplitCounts`` counts them from the largest one's rollup and the rest's
        rows of facts."""
        if not self.is_bound or not self.form.is_valid() or self.search_query is not None:
            return None
        used = self.given()
        chosen = used & set(SPLIT_FILTERS)
        if len(chosen) != 1 or used - chosen - {"date_from", "date_to", "sort", "kind"}:
            return None
        name = next(iter(chosen))
        values = self.form.cleaned_data[name]
        if len(values) < 2:
            return None
        return name, [str(v.pk) if isinstance(v, Model) else str(v) for v in values]

    def by_facts(self) -> bool:
        """Whether each chosen filter is one the engagements' rows of facts answer
        (FACT_CONDITIONS): their indexes find the rows, and the charts count them in the same
        statement (``ListedCounts``: at 1M, a region and a topic, 5,342 engagements, 30 ms).
        Asked of every request, cached page or not: it reads nothing."""
        if not self.is_bound or not self.form.is_valid() or self.search_query is not None:
            return False
        used = self.given() - {"sort"}
        return bool(used) and used <= FACT_CONDITIONS.keys()

    def facts_condition(self) -> tuple[str, list]:
        """(SQL, parameters) of the chosen filters as a condition on the rows of facts ``f``,
        when ``by_facts``: made when the rows are read (a region's countries are a query)."""
        conditions, params = [], []
        for name in sorted(self.given() - {"sort"}):
            value = self.form.cleaned_data[name]
            if name == "region":
                value = region_codes(value)
            elif not isinstance(value, dt.date):
                value = [choice.pk if isinstance(choice, Model) else choice for choice in value]
            conditions.append(FACT_CONDITIONS[name])
            params.append(value)
        return " AND ".join(conditions), params


class _FactFilter(EngagementScopedFilter):
    engagement_ref = "engagement_id"
    engagement_path = "engagement__"
    # The engagement's entry in the search table, as the engagements list reads it: a fact
    # list finds the engagements that list finds (by any source's words, not only the lead
    # readout's), and answers its countries and topics with the entry's facets.
    search_field = "engagement__search_entries__search"
    FOLDED = SEARCH_FACETS


class AgreementEventFilter(_FactFilter):
    sorts = {
        "newest": ("Newest first", NEWEST),
        "oldest": ("Oldest first", OLDEST),
        "agreement": ("Agreement name", (F("agreement__name").asc(), *OLDEST)),
        "relevance": ("Best match (with a search)", (F("rank").desc(), *NEWEST)),
    }
    default_sort = "newest"
    sort = _sort(sorts)

    class Meta(_FactFilter.Meta):
        model = AgreementEvent

    # The rows are the events themselves: kind and action describe the row.
    def filter_agreement(self, queryset, name, value):
        lookup = "agreement__kind__in" if name == "agreement_kind" else "action__in"
        return queryset.filter(**{lookup: value})


class ExerciseMentionFilter(_FactFilter):
    sorts = {
        "newest": ("Newest first", NEWEST),
        "oldest": ("Oldest first", OLDEST),
        "exercise": ("Exercise name", (F("exercise__name").asc(), *OLDEST)),
        "relevance": ("Best match (with a search)", (F("rank").desc(), *NEWEST)),
    }
    default_sort = "newest"
    sort = _sort(sorts)

    class Meta(_FactFilter.Meta):
        model = ExerciseMention

    def filter_exercise(self, queryset, name, value):
        return queryset.filter(exercise__name__icontains=value.strip())


class ParticipationFilter(_FactFilter):
    """Rows are participations; the people page groups them by person."""

    # Sorts of the grouped people rows (selectors.person_list); the CSV reads newest first.
    sorts = {
        "name": ("Name", (F("name").asc(), F("id").asc())),
        "most": ("Most engagements", (F("engagement_count").desc(), F("name").asc(), F("id").asc())),
        "recent": (
            "Most recently seen",
            (F("last_seen").desc(nulls_last=True), F("name").asc(), F("id").asc()),
        ),
    }
    default_sort = "name"
    sort = _sort(sorts)
    nationality = filters.ModelMultipleChoiceFilter(
        label="Person's country",
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        method="filter_nationality",
        widget=multi_select(),
    )

    class Meta(_FactFilter.Meta):
        model = Participation

    def filter_nationality(self, queryset, name, value):
        return queryset.filter(person__country__in=value)

    # A name or a person filters the row's own person, not anyone at the same engagement.
    def filter_participant(self, queryset, name, value):
        return queryset.filter(person__name__icontains=value.strip())

    def filter_person(self, queryset, name, value):
        return queryset.filter(person__in=value)


class ReadoutFilter(EngagementScopedFilter):
    # Every readout reaches the engagement it reports through its source row, the lead's
    # and the others' alike: the list and its CSV keep every readout.
    engagement_ref = "engagement_source__engagement_id"
    engagement_path = "engagement_source__engagement__"
    date_field = "published_on"
    search_field = "search"
    # The date range is the publication date here; the facts' dates are engagement dates.
    dates_bound_facts = False
    sorts = {
        "newest": ("Newest first", (F("published_on").desc(nulls_last=True), F("id").desc())),
        "oldest": ("Oldest first", (F("published_on").asc(nulls_last=True), F("id").asc())),
        "relevance": (
            "Best match (with a search)",
            (F("rank").desc(), F("published_on").desc(nulls_last=True), F("id").desc()),
        ),
    }
    default_sort = "newest"
    sort = _sort(sorts)

    status = filters.MultipleChoiceFilter(
        label="Parse status",
        choices=Readout.Status.choices,
        method="filter_status",
        widget=multi_select({"size": 4}),
    )

    class Meta(EngagementScopedFilter.Meta):
        model = Readout

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["date_from"].label = "Published from"
        self.filters["date_to"].label = "Published to"

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=value)

    def filter_country(self, queryset, name, value):
        # The readouts' own copy of their engagements' countries, beside their dates
        # (ReadoutCountry): a count reads one index range for a country and a period, a page
        # one probe per readout walked; not a join to the source and its engagement's countries.
        dates = self.fact_dates("published_on")
        rows = ReadoutCountry.objects.filter(readout_id=OuterRef("pk"), country__in=value, **dates)
        return queryset.filter(Exists(rows))


class RelationshipFilter(EngagementFilter):
    """The engagements of one pair of countries (a relationship page, its list and its CSV):
    the engagement filters the pair rollup can answer, dates and kinds, and the sort."""

    offered = ("date_from", "date_to", "kind", "sort")

    def __init__(self, data=None, *args, pair: tuple[str, str], **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in list(self.filters):
            if name not in self.offered:
                del self.filters[name]
        self.pair = pair

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Led by the first country's (country, date) index; the second is one probe of the
        # (engagement, country) unique index per row.
        first, second = self.pair
        both = (
            EngagementCountry.objects.filter(country_id=first, **self.fact_dates())
            .filter(
                Exists(EngagementCountry.objects.filter(engagement_id=OuterRef("engagement_id"), country_id=second))
            )
            .values("engagement_id")
        )
        return super().filter_queryset(queryset.filter(pk__in=both))
