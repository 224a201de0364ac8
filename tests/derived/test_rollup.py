"""The monthly rollup gives the charts the same numbers as counting the fact tables."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse

from engagements.dashboard import charts, selectors
from engagements.dashboard.charts.listed import SplitCounts
from engagements.dashboard.filters import AgreementEventFilter, EngagementFilter, ExerciseMentionFilter, ReadoutFilter
from engagements.dashboard.links import Drill
from engagements.derived import rollup, upkeep
from engagements.models import Country, Engagement, EngagementSource, MonthlyCount
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db

SCOPES = [
    "",
    "country=MYS",
    "country=USA",
    "date_from=2021-01-01&date_to=2022-12-31",  # whole months: the rollup alone
    "date_from=2021-03-12&date_to=2022-07-03",  # partial months at both ends
    "date_from=2022-05-10&date_to=2022-05-20",  # inside one month: the edge alone
    "date_from=2020-02-15",
    "country=PHL&date_to=2023-09-09",
    "country=MYS&date_from=2021-03-12&date_to=2022-07-03",
    # One value of a filter: the scoped rollup.
    "kind=call",
    "kind=multilateral&date_from=2021-03-12&date_to=2022-07-03",
    "region=Asia",
    "region=Europe&date_from=2021-01-01&date_to=2022-12-31",
    "region=Asia&date_from=2022-05-10&date_to=2022-05-20",
    "topic=maritime+security",
    "topic=cybersecurity&date_from=2020-02-15",
    "forum=ADMM-Plus",
    "forum=Shangri-La+Dialogue&date_to=2023-09-09",
    # Several kinds or forums: an engagement has one of each, so their scopes add up.
    "kind=call&kind=meeting",
    "forum=ADMM-Plus&forum=Shangri-La+Dialogue&date_from=2021-03-12&date_to=2022-07-03",
    # Kinds with a country or one scoped value: the rows of those kinds.
    "country=MYS&kind=meeting",
    "country=USA&kind=meeting&kind=call&date_from=2021-03-12&date_to=2022-07-03",
    "kind=call&date_from=2020-02-15&date_to=2023-09-09",
    "region=Asia&kind=call",
    "region=Europe&kind=meeting&kind=call&date_from=2019-01-01&date_to=2023-12-31",
    "topic=maritime+security&kind=meeting&date_from=2020-02-15",
    "forum=ADMM-Plus&kind=multilateral",
]


def rendered(scope, drill, partners):
    """Every figure a rollup-backed page draws, as the numbers of its text alternative."""
    figures = [
        charts.partners_by_year(scope, drill, partners),
        charts.top_topics(scope, drill),
        charts.agreement_actions(scope, drill),
        charts.top_forums(scope, drill),
        charts.kinds(scope, drill),
        charts.topics_by_year(scope, drill),
        charts.timeline(scope, drill, count=10_000, partners=partners, color_by="kind"),
    ]
    return {chart.id: chart.table.rows for chart in figures}


@pytest.mark.parametrize("query", SCOPES)
def test_charts_from_the_rollup_equal_charts_from_the_facts(sample, query):
    assert_rollup_equals_facts(query)


def assert_rollup_equals_facts(query: str) -> None:
    filters = EngagementFilter(QueryDict(query) if query else None)
    engagements = selectors.engagement_list(filters=filters)
    drill = Drill(QueryDict(query))
    from_rollup = charts.Scope.from_filters(filters, engagements)
    assert from_rollup.rollup is not None
    from_facts = charts.Scope.from_filters(filters, engagements)
    from_facts.rollup = None

    partners = charts.partner_counts(from_rollup)
    assert partners == charts.partner_counts(from_facts)
    expected = charts.headline(from_facts, partners)
    got = charts.headline(from_rollup, partners)
    assert got.engagements.value == expected.engagements.value
    assert got.agreements_signed.value == expected.agreements_signed.value
    assert got.exercises.value == expected.exercises.value
    assert rendered(from_rollup, drill, partners) == rendered(from_facts, drill, partners)


def scoped_value(engagement, name: str) -> str | None:
    """The value of one scoped filter an engagement matches, as its URL names it."""
    if name == "kind":
        return engagement.kind
    if name == "forum":
        return engagement.forum.short_name if engagement.forum else None
    if name == "topic":
        link = engagement.topic_links.select_related("topic").order_by("topic__name").first()
        return link.topic.name if link else None
    link = engagement.country_links.filter(is_partner=True).select_related("country").first()
    return link.country.region if link else None


@pytest.mark.parametrize("name", ["kind", "region", "topic", "forum"])
def test_one_value_over_partial_months_counts_the_days_at_both_ends(sample, name):
    # The first and last engagements of one value bound the range, neither on a month's
    # first or last day: both fall in the partial months counted from the facts.
    def inside(day: dt.date) -> bool:
        return day.day != 1 and day != rollup.month_end(day)

    dated = [e for e in sample if e.date and inside(e.date) and scoped_value(e, name)]
    value = scoped_value(dated[0], name)
    same = [e for e in dated if scoped_value(e, name) == value]
    first, last = same[0], same[-1]
    assert first.date.replace(day=1) != last.date.replace(day=1)
    query = QueryDict(mutable=True)
    query.update({name: value, "date_from": first.date.isoformat(), "date_to": last.date.isoformat()})
    filters = EngagementFilter(query)
    scope = charts.Scope.from_filters(filters, selectors.engagement_list(filters=filters))
    assert scope.rollup is not None and (scope.rollup.within or scope.rollup.kinds) and len(scope.rollup.edges) == 2
    assert charts.engagement_total(scope).value == selectors.engagement_list(filters=filters).count() >= 2
    assert_rollup_equals_facts(query.urlencode())


@pytest.mark.parametrize("scope", ["", "country=USA&", "region=Asia&"])
def test_kinds_in_a_partial_month_count_the_engagements_of_those_kinds_only(sample, scope):
    # A range inside one month (the rollup's partial months alone) holding an engagement of
    # one kind, asked with that kind and with another.
    engagement = next(e for e in sample if e.date and e.date.day != 1 and e.kind in ("call", "meeting"))
    other = "meeting" if engagement.kind == "call" else "call"
    day = engagement.date.isoformat()
    for kind in (engagement.kind, other):
        assert_rollup_equals_facts(f"{scope}kind={kind}&date_from={day}&date_to={day}")


def test_filters_the_rollup_cannot_answer_read_the_facts(sample):
    # Counted from the facts, listed or chosen by the rows of facts (test_listed_counts.py,
    # test_fact_filters.py); any of several countries alone, or of several topics, is split
    # between a rollup and the rows of facts (test_split_counts.py).
    for query in (
        "country=MYS&with_country=PHL",
        "q=maritime",
        "topic=maritime+security&with_topic=space",
        "kind=call&country=MYS&with_country=PHL",
        "region=Asia&topic=space&kind=call",
        "region=Asia&region=Europe&topic=space",
    ):
        filters = EngagementFilter(QueryDict(query))
        scope = charts.Scope.from_filters(filters, selectors.engagement_list(filters=filters))
        assert not isinstance(scope.rollup, rollup.RollupCounts | SplitCounts), query


def test_the_months_a_transaction_touched_are_recounted_as_a_full_rebuild_would(sample):
    def snapshot():
        rows = MonthlyCount.objects.values_list("month", "country_id", "dimension", "value", "n")
        return sorted(rows, key=lambda row: [str(cell) for cell in row])

    engagement = sample[5]
    engagement.date = dt.date(2019, 1, 15)
    engagement.save()
    engagement.country_links.filter(is_partner=True).update(country_id="BRA")
    upkeep.settle()
    settled = snapshot()
    upkeep.rebuild()
    assert settled == snapshot()


def test_the_countries_index_from_the_rollup_equals_the_one_from_the_facts(sample):
    from_facts = charts.country_index(charts.Scope(Engagement.objects.all(), narrowed=False))
    from_rollup = charts.country_index(
        charts.Scope(Engagement.objects.all(), narrowed=False, rollup=rollup.RollupCounts())
    )
    assert len(from_facts) > 3
    assert from_rollup == from_facts


def test_a_country_moved_to_another_region_moves_its_engagements_between_region_scopes(sample):
    Country.objects.filter(code="MYS").update(region="Oceania")
    upkeep.settle()
    filters = EngagementFilter(QueryDict("region=Oceania"))
    scope = charts.Scope.from_filters(filters, selectors.engagement_list(filters=filters))
    assert charts.engagement_total(scope).value == selectors.engagement_list(filters=filters).count() > 0
    assert_settled_state_equals_a_rebuild()


LIST_TOTALS = [
    "region=Asia",
    "kind=meeting",
    "topic=maritime+security",
    "forum=ADMM-Plus",
    "country=MYS&date_from=2021-03-12&date_to=2024-07-03",
    "region=Europe&date_from=2020-02-15&date_to=2023-11-20",
    "country=MYS&kind=meeting",
    "region=Asia&kind=call&kind=meeting&date_from=2020-02-15",
]


@pytest.mark.parametrize(
    ("route", "filter_class", "rows_of"),
    [
        ("agreements", AgreementEventFilter, selectors.agreement_event_list),
        ("exercises", ExerciseMentionFilter, selectors.exercise_mention_list),
    ],
)
def test_a_fact_lists_total_from_the_rollup_is_its_count_of_rows(sample, analyst_client, route, filter_class, rows_of):
    totals = []
    for query in LIST_TOTALS:
        # Page 2: a list on one page is counted as it is read, not from the rollup.
        response = analyst_client.get(reverse(f"engagements:{route}") + "?" + query + "&page=2")
        filters = filter_class(QueryDict(query))
        assert charts.Scope.from_filters(filters, rows_of(filters=filters)).rollup is not None, query
        totals.append(response.context["page"].total.value)
        assert totals[-1] == rows_of(filters=filters).count(), query
    assert any(totals)


READOUT_TOTALS = [
    "region=Asia",
    "kind=meeting",
    "kind=meeting&kind=call",
    "topic=maritime+security",
    "forum=ADMM-Plus",
    "country=MYS",
    "country=MYS&kind=meeting",
    "topic=maritime+security&kind=meeting&kind=call",
]


@pytest.fixture
def reported_twice(sample):
    """Every engagement's readout its first source, as the ingest records it (the sample
    leaves them out), and every other engagement reported by a second readout, published a
    year after it."""
    engagements = list(Engagement.objects.order_by("pk"))
    EngagementSource.objects.bulk_create(
        [EngagementSource(engagement=e, readout_id=e.readout_id) for e in engagements], ignore_conflicts=True
    )
    for engagement in engagements[::2]:
        published = engagement.date + dt.timedelta(days=400) if engagement.date else None
        second = factories.ReadoutFactory(publisher_id="MYS", published_on=published)
        EngagementSource.objects.create(engagement=engagement, readout=second, decided_by="matcher")
    upkeep.settle()


@pytest.mark.parametrize("query", READOUT_TOTALS)
def test_the_readouts_lists_total_from_the_rollup_counts_every_readout(reported_twice, analyst_client, query):
    filters = ReadoutFilter(QueryDict(query))
    assert charts.Scope.from_filters(filters, selectors.readout_list(filters=filters)).rollup is not None
    response = analyst_client.get(reverse("engagements:readouts") + "?" + query + "&page=2")
    total = response.context["page"].total.value
    assert total == selectors.readout_list(filters=filters).count()
    # More readouts than the engagements they report: the total counts each.
    assert total > selectors.readout_list(filters=filters).values("engagement_source__engagement").distinct().count()


@pytest.mark.parametrize("query", ["kind=meeting&date_from=2022-01-01", "region=Asia&date_to=2023-06-30"])
def test_the_readouts_list_dated_by_publication_counts_its_rows(reported_twice, analyst_client, query):
    # The rollup's months are the engagements' dates, not the readouts' publication.
    filters = ReadoutFilter(QueryDict(query))
    assert charts.Scope.from_filters(filters, selectors.readout_list(filters=filters)).rollup is None
    response = analyst_client.get(reverse("engagements:readouts") + "?" + query + "&page=2")
    assert response.context["page"].total.value == selectors.readout_list(filters=filters).count() > 0
