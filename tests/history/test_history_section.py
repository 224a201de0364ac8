"""The engagement page's History section and the admin's copy of it: what changed, by whom,
when, newest first; an empty state; a fixed number of queries however long the history."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from engagements import history
from engagements.ingest.pipeline import readout_ingest
from engagements.models import Engagement, EngagementCountry
from tests import factories
from tests.history.admin_forms import engagement_change_data, post_engagement_change
from tests.ingest import readouts

pytestmark = pytest.mark.django_db

# The page's queries without the History section (tests/dashboard/test_queries.py): session,
# user, user and group permissions; the engagement with its readout and forum; its countries,
# participants, agreement events, exercise mentions and topics.
PAGE = 10
# The History section: the revisions of the engagement and of its five fact tables, and the
# live rows an update that is its row's newest revision was changed to (the engagement's is
# already loaded; a participant's title here).
HISTORY = 6 + 1


def parsed_engagement():
    result = readout_ingest(text=readouts.MALAYSIA_MEETING, title="Readout of a meeting", publisher="USA")
    return result.readout.engagement


def test_an_analyst_sees_an_editors_change_and_the_parse_newest_first(analyst_client, editor_client):
    engagement = parsed_engagement()
    post_engagement_change(
        editor_client, engagement, engagement_change_data(editor_client, engagement, location="Kuala Lumpur")
    )

    response = analyst_client.get(engagement.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="history-title"') :]
    assert "By editor edith" in section and "By the parser" in section
    assert section.index("By editor edith") < section.index("By the parser")  # newest first
    arrow = '<span aria-hidden="true">→</span><span class="visually-hidden">changed to</span>'
    assert f"location</span>: <del>The Pentagon</del> {arrow} <ins>Kuala Lumpur</ins>" in section
    assert f'country</span>: <span class="muted">empty</span> {arrow} <ins>Malaysia</ins>' in section
    today = dt.date.today()
    assert f"{today.day} {today:%b %Y}" in section


def test_an_engagement_with_no_recorded_change_says_so(analyst_client):
    with connection.cursor() as cursor, history.recording_paused(cursor):
        engagement = factories.EngagementFactory()
    html = analyst_client.get(engagement.get_absolute_url()).content.decode()
    assert "No changes have been recorded for this engagement." in html


@pytest.mark.parametrize("saves", [1, 12])
def test_the_history_costs_the_same_queries_however_long_it_is(
    analyst_client, django_assert_num_queries, saves, fresh_pages
):
    engagement = parsed_engagement()
    minister = engagement.participations.get(person__country="MYS")
    for n in range(saves):
        with history.as_merge():  # each a save of its own context
            Engagement.objects.filter(pk=engagement.pk).update(location=f"Place {n}")
            minister.title = f"Title {n}"
            minister.save(update_fields=["title"])
            EngagementCountry.objects.create(engagement=engagement, country_id=f"{['PHL', 'JPN', 'KOR'][n % 3]}")
            EngagementCountry.objects.filter(engagement=engagement, country_id=["PHL", "JPN", "KOR"][n % 3]).delete()
    with django_assert_num_queries(PAGE + HISTORY):
        response = analyst_client.get(engagement.get_absolute_url())
    assert response.content.decode().count("By a merge") == saves


def test_outsiders_do_not_see_the_history(client, outsider):
    engagement = parsed_engagement()
    assert client.get(engagement.get_absolute_url()).status_code == 302  # to the login page
    client.force_login(outsider)
    response = client.get(engagement.get_absolute_url())
    assert response.status_code == 403 and b"By the parser" not in response.content


def test_the_admins_engagement_page_shows_the_same_history(editor_client):
    engagement = parsed_engagement()
    post_engagement_change(
        editor_client, engagement, engagement_change_data(editor_client, engagement, location="Kuala Lumpur")
    )
    html = editor_client.get(reverse("admin:engagements_engagement_change", args=[engagement.pk])).content.decode()
    assert "By editor edith" in html and "<ins>Kuala Lumpur</ins>" in html and "By the parser" in html
