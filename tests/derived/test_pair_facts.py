"""The pair facts rollup holds what counting the base tables gives, after the writes that
change a pair's topics, exercises, people or publishers, and reads exactly over partial months."""

import datetime as dt
from collections import Counter
from itertools import combinations

import pytest

from engagements.derived import upkeep
from engagements.derived.pairs import PairFacts, PairRollup
from engagements.models import (
    Engagement,
    EngagementCountry,
    EngagementSource,
    EngagementTopic,
    ExerciseMention,
    PairFactCount,
    Participation,
)
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db


def from_base_tables(keep=lambda engagement: True) -> Counter:
    """(month, a, b, kind, dimension, value) -> n, counted from the facts one by one."""
    codes: dict[int, list[str]] = {}
    for engagement_id, code in EngagementCountry.objects.values_list("engagement_id", "country_id"):
        codes.setdefault(engagement_id, []).append(code)
    facts: dict[int, list[tuple[str, str, str | None]]] = {}  # engagement -> (dimension, value, person's country)
    for engagement_id, name in EngagementTopic.objects.values_list("engagement_id", "topic__name"):
        facts.setdefault(engagement_id, []).append(("topic", name, None))
    for engagement_id, exercise in ExerciseMention.objects.values_list("engagement_id", "exercise_id"):
        facts.setdefault(engagement_id, []).append(("exercise", str(exercise), None))
    for engagement_id, person, country in Participation.objects.values_list(
        "engagement_id", "person_id", "person__country_id"
    ):
        facts.setdefault(engagement_id, []).append(("person", str(person), country or "-"))
    for engagement_id, publisher in EngagementSource.objects.values_list("engagement_id", "readout__publisher_id"):
        facts.setdefault(engagement_id, []).append(("publisher", publisher or "", None))
    counts: Counter = Counter()
    for engagement in Engagement.objects.only("date", "kind"):
        if not keep(engagement):
            continue
        month = engagement.date.replace(day=1) if engagement.date else None
        for a, b in combinations(sorted(codes.get(engagement.pk, [])), 2):
            for dimension, value, country in facts.get(engagement.pk, []):
                if country is None or country in (a, b):
                    counts[(month, a, b, engagement.kind, dimension, value)] += 1
    return counts


def stored() -> Counter:
    upkeep.settle()  # as the writer's commit would
    fields = ("month", "country_a_id", "country_b_id", "kind", "dimension", "value", "n")
    return Counter({row[:-1]: row[-1] for row in PairFactCount.objects.values_list(*fields)})


def test_the_sample_counts_as_its_base_tables(sample):
    counted = stored()
    assert counted == from_base_tables()
    assert {key[4] for key in counted} >= {"topic", "exercise", "person"}  # the sample records no sources


def test_each_side_s_people_count_in_their_pairs_and_not_in_a_third_country_s():
    engagement = factories.EngagementFactory(
        date=dt.date(2021, 4, 9), kind="call", countries=["USA", "MYS", "PHL"], topics=["maritime security"]
    )
    minister = factories.ParticipationFactory(engagement=engagement, person__country_id="MYS").person
    counted = stored()
    assert counted[(dt.date(2021, 4, 1), "MYS", "USA", "call", "person", str(minister.pk))] == 1
    assert counted[(dt.date(2021, 4, 1), "MYS", "PHL", "call", "person", str(minister.pk))] == 1
    assert (dt.date(2021, 4, 1), "PHL", "USA", "call", "person", str(minister.pk)) not in counted
    assert counted[(dt.date(2021, 4, 1), "PHL", "USA", "call", "topic", "maritime security")] == 1
    assert counted[(dt.date(2021, 4, 1), "PHL", "USA", "call", "publisher", "USA")] == 1


def test_a_source_joining_or_leaving_moves_the_publishers_count(sample):
    engagement = factories.EngagementFactory(date=dt.date(2022, 8, 8), countries=["USA", "JPN"])
    upkeep.settle()
    key = (dt.date(2022, 8, 1), "JPN", "USA", "meeting", "publisher", "JPN")
    assert key not in stored()
    japanese = factories.ReadoutFactory(publisher_id="JPN")
    source = EngagementSource.objects.create(engagement=engagement, readout=japanese, decided_by="matcher")
    assert stored()[key] == 1
    source.delete()
    assert key not in stored()
    assert stored() == from_base_tables()
    assert_settled_state_equals_a_rebuild()


def test_a_source_s_new_publisher_moves_its_count():
    engagement = factories.EngagementFactory(date=dt.date(2020, 2, 2), countries=["USA", "AUS"])
    other = factories.ReadoutFactory(publisher_id="GBR")
    EngagementSource.objects.create(engagement=engagement, readout=other, decided_by="matcher")
    assert stored()[(dt.date(2020, 2, 1), "AUS", "USA", "meeting", "publisher", "GBR")] == 1
    other.publisher_id = "AUS"
    other.save()
    counted = stored()
    assert (dt.date(2020, 2, 1), "AUS", "USA", "meeting", "publisher", "GBR") not in counted
    assert counted[(dt.date(2020, 2, 1), "AUS", "USA", "meeting", "publisher", "AUS")] == 1
    assert counted == from_base_tables()


def test_a_new_date_or_kind_moves_the_facts(sample):
    engagement = Engagement.objects.filter(topic_links__isnull=False, date__isnull=False).first()
    engagement.date = dt.date(2003, 2, 2)
    engagement.kind = "signing"
    engagement.save()
    assert stored() == from_base_tables()
    assert_settled_state_equals_a_rebuild()


RANGES = pytest.mark.parametrize(
    ("date_from", "date_to", "kinds"),
    [
        (None, None, None),
        (dt.date(2021, 3, 12), dt.date(2022, 7, 3), None),  # partial months at both ends
        (dt.date(2022, 6, 9), dt.date(2022, 6, 20), None),  # inside one month
        (None, dt.date(2022, 6, 30), ["meeting", "call"]),
        (dt.date(2021, 3, 12), dt.date(2022, 7, 3), ["call"]),
    ],
)


def kept(date_from, date_to, kinds):
    """Whether an engagement is within the dates and kinds (undated ones only without dates)."""

    def keep(engagement):
        if (date_from or date_to) and engagement.date is None:
            return False
        if (date_from and engagement.date < date_from) or (date_to and engagement.date > date_to):
            return False
        return kinds is None or engagement.kind in kinds

    return keep


@RANGES
def test_a_pair_s_counts_over_any_dates_and_kinds_are_the_base_tables(sample, date_from, date_to, kinds):
    keep = kept(date_from, date_to, kinds)
    upkeep.settle()
    expected = from_base_tables(keep)
    pairs = {(a, b) for (_m, a, b, *_rest) in from_base_tables()}
    assert pairs
    for a, b in pairs:
        facts = PairFacts((b, a), date_from, date_to, kinds)  # any order: the rollup's is sorted
        for dimension in ("topic", "exercise", "person", "publisher"):
            want: Counter = Counter()
            for (month, pa, pb, _kind, dim, value), n in expected.items():
                if (pa, pb) == (a, b) and dim == dimension:
                    want[(value, month.year if month else None)] += n
            got = facts.counts(dimension, by="year" if date_from or date_to else "")
            if date_from or date_to:
                assert got == dict(want), (a, b, dimension)
            else:
                totals: Counter = Counter()
                for (value, _year), n in want.items():
                    totals[(value,)] += n
                assert got == dict(totals), (a, b, dimension)


def on_topics(topics, keep) -> Counter:
    """(a, b) -> engagements kept on any of the topics, counted one by one."""
    found: Counter = Counter()
    for engagement in Engagement.objects.prefetch_related("country_links", "topic_links__topic"):
        if keep(engagement) and {link.topic.name for link in engagement.topic_links.all()} & set(topics):
            for pair in combinations(sorted(link.country_id for link in engagement.country_links.all()), 2):
                found[pair] += 1
    return found


@RANGES
def test_the_pairs_on_some_topics_over_any_dates_and_kinds_are_the_base_tables(sample, date_from, date_to, kinds):
    """The network of one topic or several: every pair's engagements on any of them, each once."""
    # Some in each range's partial months and of each kind, beside the sample's; some on two
    # of the topics, some undated.
    for day, kind, topics in [
        (dt.date(2021, 3, 20), "call", ["maritime security"]),
        (dt.date(2021, 3, 25), "meeting", ["maritime security", "cybersecurity"]),
        (dt.date(2022, 6, 12), "meeting", ["maritime security", "cybersecurity", "space"]),
        (dt.date(2022, 7, 2), "call", ["cybersecurity", "maritime security"]),
        (None, "call", ["maritime security", "space"]),
    ]:
        factories.EngagementFactory(date=day, kind=kind, countries=["USA", "JPN", "PHL"], topics=topics)
    upkeep.settle()
    keep = kept(date_from, date_to, kinds)
    rollup = PairRollup(date_from, date_to, kinds)
    for topics in (
        ["maritime security"],
        ["maritime security", "cybersecurity"],
        ["cybersecurity", "space", "maritime security"],
    ):
        want = on_topics(topics, keep)
        assert want, topics
        assert rollup.topic_totals(topics) == dict(want), topics
