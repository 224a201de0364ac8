"""The search table follows the readouts and engagements, whichever way they are written."""

import datetime as dt

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from engagements.derived import upkeep
from engagements.models import Engagement, Readout, SearchEntry
from tests.factories import EngagementFactory, ReadoutFactory

pytestmark = pytest.mark.django_db


def entry(readout) -> SearchEntry:
    return SearchEntry.objects.get(readout_id=readout.pk)


def matches(word: str) -> set[int]:
    query = SearchQuery(word, config="english", search_type="websearch")
    return set(SearchEntry.objects.filter(search=query).values_list("readout_id", flat=True))


def test_a_stored_readout_has_its_words_and_no_engagement_yet():
    readout = ReadoutFactory(title="Cyber dialogue", status=Readout.Status.PENDING)
    stored = entry(readout)
    assert (stored.engagement_id, stored.date) == (None, None)
    assert matches("cyber") == {readout.pk}


def test_an_engagement_gives_its_readout_entry_its_id_and_date():
    engagement = EngagementFactory(date=dt.date(2023, 3, 4))
    stored = entry(engagement.readout)
    assert (stored.engagement_id, stored.date) == (engagement.pk, dt.date(2023, 3, 4))


def test_a_new_date_moves_the_entry():
    engagement = EngagementFactory(date=dt.date(2023, 3, 4))
    Engagement.objects.filter(pk=engagement.pk).update(date=dt.date(2021, 1, 2))
    assert entry(engagement.readout).date == dt.date(2021, 1, 2)


def test_a_new_title_changes_the_words():
    readout = EngagementFactory().readout
    assert readout.pk not in matches("submarine")
    Readout.objects.filter(pk=readout.pk).update(title="Submarine cooperation talks")
    assert readout.pk in matches("submarine")


def test_a_deleted_engagement_leaves_its_readout_searchable_without_it():
    engagement = EngagementFactory()
    readout = engagement.readout
    engagement.delete()
    stored = entry(readout)
    assert (stored.engagement_id, stored.date) == (None, None)


def test_a_deleted_readout_takes_its_entry_along():
    readout = EngagementFactory().readout
    Readout.objects.filter(pk=readout.pk).delete()  # the engagement goes too (cascade)
    assert not SearchEntry.objects.filter(readout_id=readout.pk).exists()


def test_rows_written_in_bulk_mode_get_their_entries_from_the_rebuild():
    with connection.cursor() as cursor:
        upkeep.bulk_load(cursor)
        engagement = EngagementFactory(date=dt.date(2022, 6, 7))
        upkeep.bulk_load(cursor, on=False)
    assert not SearchEntry.objects.filter(readout_id=engagement.readout_id).exists()
    upkeep.rebuild()
    stored = entry(engagement.readout)
    assert (stored.engagement_id, stored.date) == (engagement.pk, dt.date(2022, 6, 7))


def test_the_rebuild_corrects_an_entry_gone_wrong():
    engagement = EngagementFactory(date=dt.date(2022, 6, 7))
    SearchEntry.objects.filter(readout_id=engagement.readout_id).update(date=dt.date(1999, 1, 1), engagement=None)
    upkeep.rebuild()
    stored = entry(engagement.readout)
    assert (stored.engagement_id, stored.date) == (engagement.pk, dt.date(2022, 6, 7))
