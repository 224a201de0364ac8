"""The pair rollup holds, after every kind of write, what counting the base tables gives."""

import datetime as dt
from collections import Counter
from itertools import combinations

import pytest

from engagements.derived import upkeep
from engagements.models import Engagement, EngagementCountry, PairCount
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db


def from_base_tables() -> Counter:
    """(month, a, b, kind) -> engagements, counted from the engagements and their countries."""
    counts: Counter = Counter()
    codes: dict[int, list[str]] = {}
    for engagement_id, code in EngagementCountry.objects.values_list("engagement_id", "country_id"):
        codes.setdefault(engagement_id, []).append(code)
    for engagement in Engagement.objects.only("date", "kind"):
        month = engagement.date.replace(day=1) if engagement.date else None
        for a, b in combinations(sorted(codes.get(engagement.pk, [])), 2):
            counts[(month, a, b, engagement.kind)] += 1
    return counts


def stored() -> Counter:
    upkeep.settle()  # as the writer's commit would
    return Counter(
        {
            (month, a, b, kind): n
            for month, a, b, kind, n in PairCount.objects.values_list(
                "month", "country_a_id", "country_b_id", "kind", "n"
            )
        }
    )


def test_the_sample_counts_as_its_base_tables(sample):
    assert stored() == from_base_tables()
    assert stored()  # the sample has pairs to count


def test_a_new_engagement_counts_once_per_pair_of_its_countries():
    factories.EngagementFactory(date=dt.date(2021, 4, 9), kind="call", countries=["USA", "MYS", "PHL"])
    assert stored() == {
        (dt.date(2021, 4, 1), "MYS", "USA", "call"): 1,
        (dt.date(2021, 4, 1), "PHL", "USA", "call"): 1,
        (dt.date(2021, 4, 1), "MYS", "PHL", "call"): 1,
    }


def test_a_new_date_and_kind_move_the_count(sample):
    engagement = Engagement.objects.filter(country_links__isnull=False, date__isnull=False).first()
    engagement.date = dt.date(2003, 2, 2)
    engagement.kind = "signing"
    engagement.save()
    assert stored() == from_base_tables()
    assert_settled_state_equals_a_rebuild()


def test_an_undated_engagement_counts_in_the_undated_row():
    factories.EngagementFactory(date=None, countries=["USA", "JPN"])
    assert stored() == {(None, "JPN", "USA", "meeting"): 1}


def test_a_country_added_changed_or_removed_recounts_its_pairs(sample):
    engagement = factories.EngagementFactory(date=dt.date(2022, 8, 8), countries=["USA", "MYS"])
    upkeep.settle()
    link = EngagementCountry.objects.create(engagement=engagement, country_id="AUS", date=engagement.date)
    assert stored() == from_base_tables()
    link.country_id = "NZL"
    link.save()
    assert stored() == from_base_tables()
    assert not PairCount.objects.filter(month=dt.date(2022, 8, 1), country_a="AUS", country_b="MYS").exists()
    link.delete()
    assert stored() == from_base_tables()
    assert_settled_state_equals_a_rebuild()


def test_a_deleted_engagement_leaves_no_count(sample):
    engagement = factories.EngagementFactory(date=dt.date(1999, 1, 5), countries=["USA", "IND"])
    assert stored()[(dt.date(1999, 1, 1), "IND", "USA", "meeting")] == 1
    engagement.readout.delete()  # the readout's delete takes its engagement with it
    assert (dt.date(1999, 1, 1), "IND", "USA", "meeting") not in stored()
    assert stored() == from_base_tables()


def test_a_bulk_load_is_counted_by_the_rebuild_it_owes():
    from django.db import connection

    with connection.cursor() as cursor:
        upkeep.bulk_load(cursor)
        factories.EngagementFactory(date=dt.date(2010, 10, 10), countries=["USA", "KOR"])
        upkeep.bulk_load(cursor, on=False)
    assert not PairCount.objects.exists()  # written without its derived data
    upkeep.rebuild()
    assert stored() == from_base_tables() == {(dt.date(2010, 10, 1), "KOR", "USA", "meeting"): 1}


def test_the_years_are_the_months_summed_after_writes(sample):
    from engagements.models import PairYearCount

    def years() -> Counter:
        upkeep.settle()
        return Counter({(y, a, b, k): n for y, a, b, k, n in PairYearCount.objects.values_list(*FIELDS)})

    def months_summed() -> Counter:
        summed: Counter = Counter()
        for month, a, b, kind, n in PairCount.objects.values_list("month", "country_a_id", "country_b_id", "kind", "n"):
            summed[(month.year if month else None, a, b, kind)] += n
        return summed

    FIELDS = ("year", "country_a_id", "country_b_id", "kind", "n")
    assert years() == months_summed() and years()
    engagement = factories.EngagementFactory(date=dt.date(1996, 3, 3), countries=["USA", "NZL", "AUS"])
    assert years()[(1996, "AUS", "NZL", "meeting")] == 1
    engagement.date = dt.date(1999, 12, 31)
    engagement.save()
    link = EngagementCountry.objects.get(engagement=engagement, country_id="NZL")
    link.delete()
    factories.EngagementFactory(date=None, countries=["USA", "NZL"])
    assert years() == months_summed()
    assert (1996, "AUS", "NZL", "meeting") not in years()  # moved to 1999, then NZL removed
    assert_settled_state_equals_a_rebuild()


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (None, None),
        (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),  # whole years
        (dt.date(2020, 3, 12), dt.date(2023, 7, 3)),  # partial months, months and whole years
        (dt.date(2021, 2, 1), dt.date(2021, 11, 30)),  # months of one year
        (None, dt.date(2021, 6, 30)),
    ],
)
def test_the_rollup_counts_any_dates_as_the_base_tables(sample, date_from, date_to):
    from engagements.derived.pairs import PairRollup

    upkeep.settle()
    want: Counter = Counter()
    totals: Counter = Counter()
    codes: dict[int, list[str]] = {}
    for engagement_id, code in EngagementCountry.objects.values_list("engagement_id", "country_id"):
        codes.setdefault(engagement_id, []).append(code)
    for engagement in Engagement.objects.only("date", "kind"):
        if (date_from or date_to) and engagement.date is None:
            continue
        if (date_from and engagement.date < date_from) or (date_to and engagement.date > date_to):
            continue
        for a, b in combinations(sorted(codes.get(engagement.pk, [])), 2):
            want[(a, b, engagement.kind, engagement.date.year if engagement.date else None)] += 1
            totals[(a, b)] += 1
    rollup = PairRollup(date_from, date_to)
    assert rollup.counts(by_year=True) == dict(want)
    assert rollup.pair_totals() == dict(totals) and totals
