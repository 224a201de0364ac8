"""Each engagement's stored API row follows every write to what it shows, whoever makes it.

After each write (settled, as its commit would), the engagement's row through the API must
be the ORM's reading of it, byte for byte; the writes here are those a summary does not
show, which the stored row needs queued on its own account.
"""

import datetime as dt

import pytest
from rest_framework.renderers import JSONRenderer

from engagements import models
from tests import factories
from tests.api.conftest import reference_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(malaysia_meeting):
    """The Malaysia meeting with a forum, an exercise and a second source."""
    malaysia_meeting.forum = factories.ForumFactory()
    malaysia_meeting.save()
    factories.ExerciseMentionFactory(engagement=malaysia_meeting, exercise=factories.ExerciseFactory(named=True))
    models.EngagementSource.objects.get_or_create(engagement=malaysia_meeting, readout=malaysia_meeting.readout)
    other = factories.ReadoutFactory(url="https://mod.example.my/r/9", published_on=dt.date(2024, 5, 3))
    models.EngagementSource.objects.create(engagement=malaysia_meeting, readout=other, decided_by="matcher")
    return malaysia_meeting


def assert_current(api, *engagements):
    for engagement in engagements:
        engagement = models.Engagement.objects.get(pk=engagement.pk)
        response = api.get(f"/api/v1/engagements/{engagement.pk}")
        assert response.content == JSONRenderer().render(reference_row(engagement)), engagement.pk


def _other_source(engagement):
    return engagement.sources.exclude(readout=engagement.readout).get()


def move_location(engagement, elsewhere):
    models.Engagement.objects.filter(pk=engagement.pk).update(location="Putrajaya")


def rename_forum(engagement, elsewhere):
    models.Forum.objects.filter(pk=engagement.forum_id).update(short_name="ADMM+")


def change_agreement_kind(engagement, elsewhere):
    models.Agreement.objects.filter(events__engagement=engagement).update(kind="MOU")


def unname_exercise(engagement, elsewhere):
    models.Exercise.objects.filter(mentions__engagement=engagement).update(named=False)


def retitle_other_source(engagement, elsewhere):
    models.Readout.objects.filter(pk=_other_source(engagement).readout_id).update(title="Retitled", published_on=None)


def add_source(engagement, elsewhere):
    readout = factories.ReadoutFactory(url="https://b/new", published_on=dt.date(2024, 4, 30))
    models.EngagementSource.objects.create(engagement=engagement, readout=readout, decided_by="matcher")


def move_source(engagement, elsewhere):
    models.EngagementSource.objects.filter(pk=_other_source(engagement).pk).update(engagement=elsewhere)


def split_off_source(engagement, elsewhere):
    _other_source(engagement).delete()


@pytest.mark.parametrize(
    "write",
    [
        move_location,
        rename_forum,
        change_agreement_kind,
        unname_exercise,
        retitle_other_source,
        add_source,
        move_source,
        split_off_source,
    ],
)
def test_a_write_to_what_the_row_shows_rewrites_it(api, meeting, write):
    elsewhere = factories.EngagementFactory(countries=["USA", "PHL"])
    assert_current(api, meeting, elsewhere)
    before = api.get(f"/api/v1/engagements/{meeting.pk}").content
    write(meeting, elsewhere)
    assert_current(api, meeting, elsewhere)
    assert api.get(f"/api/v1/engagements/{meeting.pk}").content != before


def test_a_deleted_engagement_leaves_no_row_behind(api, meeting):
    meeting.delete()
    api.get("/api/v1/engagements")  # settles, as the delete's commit would
    assert not models.EngagementApiRow.objects.exists()
