"""What an editor's correction means, through the service any screen calls (the admin's own
flow is in test_admin_flow.py): the rows become the editor's and survive a re-parse."""

import datetime as dt

import pytest

from engagements.ingest.corrections import facts_correct, readout_mark_reviewed
from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.ingest.results import Outcome
from engagements.models import Engagement, Origin, Participation, Readout
from tests.factories import PersonFactory
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def test_a_corrected_row_is_the_editors_carries_the_engagements_date_and_survives_a_reparse():
    readout_ingest(text=readouts.MALAYSIA_MEETING, published_on=dt.date(2024, 5, 2))
    engagement = Engagement.objects.get()
    parsed_row = engagement.participations.first()
    added = Participation(engagement=engagement, person=PersonFactory(country_id="USA"), title="Ambassador")
    facts_correct(saved=[added], deleted=[parsed_row])

    added.refresh_from_db()
    assert (added.origin, added.date) == (Origin.EDITOR, engagement.date)
    assert not Participation.objects.filter(pk=parsed_row.pk).exists()
    readout_parse(Readout.objects.get())
    assert Participation.objects.filter(pk=added.pk, origin=Origin.EDITOR).exists()


def test_marking_a_corrected_readout_reviewed_keeps_all_its_rows_on_a_reparse():
    readout_ingest(text=readouts.MALAYSIA_MEETING, published_on=dt.date(2024, 5, 2))
    readout = Readout.objects.get()
    rows = Participation.objects.count()
    assert readout_mark_reviewed(readout=readout) is True
    assert readout_mark_reviewed(readout=readout) is False  # already reviewed: nothing to say
    result = readout_parse(Readout.objects.get())
    assert result.outcome == Outcome.KEPT
    assert Participation.objects.count() == rows
