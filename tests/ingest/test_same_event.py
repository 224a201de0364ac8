"""One meeting, every source: a readout of an event on record joins its engagement."""

import datetime as dt

import pytest

from engagements.ingest.pipeline import readout_parse
from engagements.ingest.sameness import Account, same_event
from engagements.models import (
    AgreementEvent,
    DecidedBy,
    Engagement,
    EngagementSource,
    EngagementTopic,
    Participation,
    Readout,
)
from tests.ingest.same_event import (
    MALAYSIA_SIDE,
    MAY_1,
    SINGAPORE_SAME_DAY,
    US_CALL,
    US_FULLER,
    US_MEETING,
    ingest,
    malaysia_side,
)

pytestmark = pytest.mark.django_db


def test_the_other_sides_readout_joins_the_engagement_with_its_score_and_reasons():
    us = ingest(US_MEETING, "USA")
    theirs = ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1))
    assert theirs.outcome == "new"
    engagement = Engagement.objects.get()
    # The lead is the earliest published: the U.S. readout.
    assert engagement.readout_id == us.readout.pk
    source = EngagementSource.objects.get(readout=theirs.readout)
    assert source.engagement == engagement and source.decided_by == DecidedBy.MATCHER
    assert source.score >= 2
    assert "same pair MYS-USA" in source.reasons and "same day" in source.reasons
    assert any(r.startswith("shared participant: Lloyd") for r in source.reasons)
    # The facts are the union: Malaysia's topic joins the U.S. ones, each person once.
    topics = set(EngagementTopic.objects.values_list("topic__name", flat=True))
    assert {"defense industry", "maritime security", "south china sea"} <= topics
    assert Participation.objects.count() == 2
    # Only the lead's rows point into the lead's text; the other's keep theirs in its extraction.
    industry = EngagementTopic.objects.get(topic__name="defense industry")
    assert industry.evidence_start is None
    assert Readout.objects.get(pk=theirs.readout.pk).extraction["record"]["topics"]


def test_a_later_fuller_release_joins_and_adds_its_facts():
    ingest(US_MEETING, "USA")
    ingest(US_FULLER, "USA", published=MAY_1 + dt.timedelta(days=3), url="https://example.org/fuller")
    engagement = Engagement.objects.get()
    assert engagement.sources.count() == 2
    assert "cybersecurity" in set(engagement.topics.values_list("name", flat=True))
    assert engagement.exercise_mentions.count() == 1
    assert AgreementEvent.objects.count() == 1


def test_a_call_and_a_meeting_of_the_same_pair_on_the_same_day_stay_two():
    ingest(US_MEETING, "USA")
    call = ingest(US_CALL, "USA")
    assert Engagement.objects.count() == 2
    assert EngagementSource.objects.get(readout=call.readout).decided_by == DecidedBy.FIRST


def test_different_pairs_on_the_same_day_stay_apart():
    ingest(US_MEETING, "USA")
    ingest(SINGAPORE_SAME_DAY, "USA")
    assert Engagement.objects.count() == 2


def test_dates_a_day_apart_join_and_three_days_apart_do_not():
    ingest(US_MEETING, "USA")
    ingest(malaysia_side("May 2, 2024"), "MYS", published=dt.date(2024, 5, 3))
    assert Engagement.objects.count() == 1
    source = EngagementSource.objects.get(decided_by=DecidedBy.MATCHER)
    assert "dates 1 day apart" in source.reasons
    ingest(malaysia_side("May 4, 2024"), "MYS", published=dt.date(2024, 5, 5))
    assert Engagement.objects.count() == 2


def test_reparse_and_reimport_keep_the_union_and_change_nothing():
    ingest(US_MEETING, "USA")
    theirs = ingest(MALAYSIA_SIDE, "MYS")
    engagement = Engagement.objects.get()
    facts = sorted(engagement.topics.values_list("name", flat=True))
    again = ingest(MALAYSIA_SIDE, "MYS")
    assert again.outcome == "unchanged"
    readout_parse(Readout.objects.get(pk=theirs.readout.pk))
    readout_parse(Readout.objects.get(pk=engagement.readout_id))
    assert Engagement.objects.get() == engagement
    assert sorted(engagement.topics.values_list("name", flat=True)) == facts
    assert EngagementSource.objects.count() == 2


def test_scoring_is_symmetric_and_a_call_versus_a_meeting_counts_against():
    meeting = Account(MAY_1, "meeting", None, frozenset({"USA", "MYS"}), frozenset({"USA", "MYS"}), {1: "Austin"})
    other = Account(
        MAY_1 + dt.timedelta(days=1),
        "meeting",
        7,
        frozenset({"USA", "MYS", "SGP"}),
        frozenset({"MYS", "USA"}),
        {1: "Austin", 2: "Nordin"},
    )
    call = Account(MAY_1, "call", None, frozenset({"USA", "MYS"}), frozenset({"USA", "MYS"}), {1: "Austin"})
    assert same_event(meeting, other) == same_event(other, meeting)
    assert same_event(meeting, other).same
    assert same_event(meeting, call) == same_event(call, meeting)
    assert not same_event(meeting, call).same
    far = Account(MAY_1 + dt.timedelta(days=3), "meeting", None, frozenset({"USA", "MYS"}), frozenset({"USA", "MYS"}))
    assert same_event(meeting, far) is None
