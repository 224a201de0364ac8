"""An engagement is found by the words of every readout reporting it, once; each readout by
its own words; whichever way the sources are joined, moved, split off or removed."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict

from engagements.admin_lists import newest_matches
from engagements.dashboard import selectors
from engagements.dashboard.filters import ParticipationFilter
from engagements.derived import upkeep
from engagements.ingest.merging import engagement_source_split, engagement_sources_release, engagements_merge
from engagements.models import Engagement, EngagementSource, Readout, SearchEntry
from tests.factories import EngagementFactory, ReadoutFactory
from tests.ingest.same_event import MALAYSIA_SIDE, MAY_1, US_CALL, US_MEETING, ingest

pytestmark = pytest.mark.django_db

# Only the Malaysian account says "industry"; only the U.S. call says "counterterrorism".
PARTNER_WORD = "industry"


def engagements_found(word: str) -> list[int]:
    return newest_matches(word, "engagement_id")


def readouts_found(word: str) -> set[int]:
    return set(newest_matches(word, "readout_id"))


@pytest.fixture
def two_sides():
    us = ingest(US_MEETING, "USA", title="U.S. readout").readout
    theirs = ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1), title="Malaysian readout").readout
    engagement = Engagement.objects.get()
    assert engagement.sources.count() == 2 and engagement.readout_id == us.pk
    return engagement, us, theirs


def test_a_word_only_the_partner_readout_has_finds_the_engagement_once(two_sides):
    engagement, _us, _theirs = two_sides
    assert engagements_found(PARTNER_WORD) == [engagement.pk]
    # The lead's own words too, and a word both readouts have: still once.
    assert engagements_found("Memorandum") == [engagement.pk]
    assert engagements_found("maritime") == [engagement.pk]


def test_the_people_of_an_engagement_are_found_by_a_word_only_the_partner_readout_has(two_sides):
    engagement, _us, _theirs = two_sides
    assert engagement.participations.exists()
    filters = ParticipationFilter(QueryDict(f"q={PARTNER_WORD}"))
    found = selectors.participation_list(filters=filters)
    assert set(found.values_list("engagement_id", flat=True)) == {engagement.pk}
    assert found.count() == engagement.participations.count()  # each participation once


def test_the_admin_readout_search_finds_each_readout_by_its_own_words(two_sides):
    _engagement, us, theirs = two_sides
    assert readouts_found("Memorandum") == {us.pk}  # the U.S. readout's words only
    assert theirs.pk in readouts_found(PARTNER_WORD)
    assert {us.pk, theirs.pk} <= readouts_found("maritime")


def words(vector: str) -> str:
    """A search entry's words, without its facets ('=c=MYS', search_v3.sql)."""
    return " ".join(lexeme for lexeme in vector.split(" ") if not lexeme.startswith("'="))


def test_a_split_off_source_takes_its_words_with_it(two_sides):
    engagement, _us, theirs = two_sides
    made = engagement_source_split(source=EngagementSource.objects.get(readout=theirs))
    assert engagements_found(PARTNER_WORD) == [made.pk]
    assert engagements_found("Memorandum") == [engagement.pk]


def test_splitting_off_the_lead_leaves_the_rest_found_by_their_words(two_sides):
    engagement, us, _theirs = two_sides
    made = engagement_source_split(source=EngagementSource.objects.get(readout=us))
    assert engagements_found(PARTNER_WORD) == [engagement.pk]
    assert engagements_found("Memorandum") == [made.pk]
    # Its words alone (and, as the new engagement's lead, that engagement's facets).
    assert words(SearchEntry.objects.get(readout=us).search) == Readout.objects.get(pk=us.pk).search


def test_a_merge_makes_the_surviving_engagement_found_by_both_readouts():
    ingest(US_MEETING, "USA")
    ingest(US_CALL, "USA")  # another event for the matcher
    assert len(engagements_found("counterterrorism")) == 1
    kept = engagements_merge(engagement_ids=Engagement.objects.values_list("pk", flat=True))
    assert engagements_found("counterterrorism") == [kept.pk]
    assert engagements_found("Memorandum") == [kept.pk]


def test_a_removed_source_no_longer_finds_the_engagement(two_sides):
    engagement, _us, theirs = two_sides
    engagement_sources_release(readout_ids=[theirs.pk])
    Readout.objects.filter(pk=theirs.pk).delete()
    assert engagements_found(PARTNER_WORD) == []
    assert engagements_found("Memorandum") == [engagement.pk]


def test_a_partner_readout_reworded_rewords_its_engagement(two_sides):
    engagement, _us, theirs = two_sides
    Readout.objects.filter(pk=theirs.pk).update(title="Submarine talks")
    assert engagements_found("submarine") == [engagement.pk]
    assert readouts_found("submarine") == {theirs.pk, engagement.readout_id}


def test_a_new_lead_carries_the_words_and_the_old_one_keeps_its_own(two_sides):
    engagement, us, theirs = two_sides
    Engagement.objects.filter(pk=engagement.pk).update(readout=theirs)
    assert engagements_found("Memorandum") == [engagement.pk]
    assert SearchEntry.objects.get(readout=us).search == Readout.objects.get(pk=us.pk).search


def test_sources_moved_by_hand_move_their_words():
    first = EngagementFactory(readout=ReadoutFactory(title="Harbour visit"))
    second = EngagementFactory(readout=ReadoutFactory(title="Runway repairs"))
    extra = ReadoutFactory(title="Lighthouse inspection")
    EngagementSource.objects.create(engagement=first, readout=extra)
    assert engagements_found("lighthouse") == [first.pk]
    EngagementSource.objects.filter(readout=extra).update(engagement=second)
    assert engagements_found("lighthouse") == [second.pk]
    EngagementSource.objects.filter(readout=extra).delete()
    assert engagements_found("lighthouse") == []
    assert readouts_found("lighthouse") == {extra.pk}


def test_sources_joined_in_bulk_mode_are_found_after_the_rebuild():
    engagement = EngagementFactory(readout=ReadoutFactory(title="Harbour visit"))
    other = EngagementFactory(readout=ReadoutFactory(title="Runway repairs"))
    with connection.cursor() as cursor:
        upkeep.bulk_load(cursor)
        extra = ReadoutFactory(title="Lighthouse inspection")
        EngagementSource.objects.create(engagement=engagement, readout=extra)
        # A source that left in bulk mode: its words leave with the rebuild too.
        moved = ReadoutFactory(title="Quarry survey")
        upkeep.bulk_load(cursor, on=False)
    EngagementSource.objects.create(engagement=other, readout=moved)
    with connection.cursor() as cursor:
        upkeep.bulk_load(cursor)
        EngagementSource.objects.filter(readout=moved).delete()
        upkeep.bulk_load(cursor, on=False)
    assert engagements_found("quarry") == [other.pk]  # not yet: bulk mode defers
    upkeep.rebuild()
    assert engagements_found("lighthouse") == [engagement.pk]
    assert engagements_found("quarry") == []
    assert readouts_found("lighthouse") == {extra.pk, engagement.readout_id}
