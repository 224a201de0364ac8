"""Editors decide: merge engagements and split a source off in the admin; the decision stays
through re-parses and re-imports."""

import datetime as dt

import pytest
from django.urls import reverse

from engagements.ingest.pipeline import readout_parse
from engagements.models import DecidedBy, Engagement, EngagementSource, Readout
from tests.ingest.same_event import MALAYSIA_SIDE, MAY_1, US_CALL, US_MEETING, ingest

pytestmark = pytest.mark.django_db


def reparse_all():
    for readout in Readout.objects.all():
        readout_parse(readout)


def test_the_change_page_shows_each_source_with_its_score_and_reasons(editor_client):
    ingest(US_MEETING, "USA")
    ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1))
    engagement = Engagement.objects.get()
    page = editor_client.get(reverse("admin:engagements_engagement_change", args=[engagement.pk])).content.decode()
    assert "same pair MYS-USA" in page and "shared participant" in page
    assert "(lead)" in page and "Split off into its own engagement" in page


def test_merge_in_the_admin_joins_two_engagements_and_survives_reparse_and_reimport(editor_client):
    meeting = ingest(US_MEETING, "USA")
    call = ingest(US_CALL, "USA")  # kept apart by the matcher; the editor knows better
    assert Engagement.objects.count() == 2
    response = editor_client.post(
        reverse("admin:engagements_engagement_changelist"),
        {"action": "merge", "_selected_action": list(Engagement.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert "Merged 2 engagements" in response.content.decode()
    engagement = Engagement.objects.get()
    assert engagement.sources.count() == 2
    assert EngagementSource.objects.get(readout=call.readout).decided_by == DecidedBy.EDITOR
    topics = set(engagement.topics.values_list("name", flat=True))
    assert {"counterterrorism", "maritime security"} <= topics  # the union of both
    reparse_all()
    assert ingest(US_CALL, "USA").outcome == "unchanged"
    assert Engagement.objects.count() == 1
    assert set(Engagement.objects.get().topics.values_list("name", flat=True)) == topics
    assert Engagement.objects.get().readout_id in {meeting.readout.pk, call.readout.pk}


def test_split_in_the_admin_makes_its_own_engagement_and_survives_reparse(editor_client):
    us = ingest(US_MEETING, "USA")
    theirs = ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1))
    engagement = Engagement.objects.get()
    source = EngagementSource.objects.get(readout=theirs.readout)
    response = editor_client.post(
        reverse("admin:engagements_engagement_split", args=[engagement.pk, source.pk]), follow=True
    )
    assert "off into its own engagement" in response.content.decode()
    assert Engagement.objects.count() == 2
    split = Engagement.objects.get(readout=theirs.readout)
    assert "defense industry" in set(split.topics.values_list("name", flat=True))
    assert "defense industry" not in set(
        Engagement.objects.get(readout=us.readout).topics.values_list("name", flat=True)
    )
    reparse_all()
    assert Engagement.objects.count() == 2
    assert EngagementSource.objects.get(readout=theirs.readout).decided_by == DecidedBy.EDITOR


def test_splitting_the_lead_makes_the_other_source_lead():
    from engagements.ingest.merging import engagement_source_split

    us = ingest(US_MEETING, "USA")
    theirs = ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1))
    engagement = Engagement.objects.get()
    engagement_source_split(source=EngagementSource.objects.get(readout=us.readout))
    engagement.refresh_from_db()
    assert engagement.readout_id == theirs.readout.pk
    assert Engagement.objects.get(readout=us.readout).sources.count() == 1


def test_deleting_the_lead_readout_keeps_the_engagement_led_by_the_other(editor_client):
    us = ingest(US_MEETING, "USA")
    theirs = ingest(MALAYSIA_SIDE, "MYS", published=MAY_1 + dt.timedelta(days=1))
    engagement = Engagement.objects.get()
    response = editor_client.post(
        reverse("admin:engagements_readout_delete", args=[us.readout.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not Readout.objects.filter(pk=us.readout.pk).exists()
    kept = Engagement.objects.get()
    assert kept.pk == engagement.pk and kept.readout_id == theirs.readout.pk
    # Its rows are the remaining source's: the U.S. readout's agreement is gone.
    assert not kept.agreement_events.exists()
    assert "defense industry" in set(kept.topics.values_list("name", flat=True))
