"""Every dashboard page: works for analysts, asks anonymous visitors to log in, refuses outsiders."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["overview", "engagements", "agreements", "exercises", "people", "readouts", "countries"]
EXPORTS = ["engagements_csv", "agreements_csv", "exercises_csv", "people_csv", "participations_csv", "readouts_csv"]


def detail_urls(engagement):
    participation = engagement.participations.first()
    event = engagement.agreement_events.first()
    return [
        engagement.get_absolute_url(),
        reverse("engagements:country", args=["MYS"]),
        participation.person.get_absolute_url(),
        event.agreement.get_absolute_url(),
    ]


def all_urls(engagement, exercise):
    return (
        [reverse(f"engagements:{name}") for name in LISTS + EXPORTS]
        + detail_urls(engagement)
        + [exercise.get_absolute_url()]
    )


@pytest.fixture
def urls(malaysia_meeting):
    from tests.factories import ExerciseMentionFactory

    mention = ExerciseMentionFactory(engagement=malaysia_meeting)
    return all_urls(malaysia_meeting, mention.exercise)


def test_every_page_opens_for_an_analyst(analyst_client, urls):
    for url in urls:
        response = analyst_client.get(url)
        assert response.status_code == 200, url


def test_every_page_sends_anonymous_visitors_to_log_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_every_page_refuses_an_account_in_neither_group(client, outsider, urls):
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_exports_need_the_export_permission(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("engagements:engagements")).status_code == 200
    for name in EXPORTS:
        assert client.get(reverse(f"engagements:{name}")).status_code == 403


def test_the_export_link_shows_only_to_those_who_may_export(client, viewer, analyst, malaysia_meeting):
    client.force_login(viewer)
    assert b"Export CSV" not in client.get(reverse("engagements:engagements")).content
    client.force_login(analyst)
    assert b"Export CSV" in client.get(reverse("engagements:engagements")).content


def test_unknown_objects_are_404(analyst_client):
    for url in [
        "/engagements/999999/",
        "/countries/XXX/",
        "/people/999999/",
        "/agreements/999999/",
        "/exercises/999999/",
    ]:
        assert analyst_client.get(url).status_code == 404, url


def test_a_lower_case_country_code_redirects_to_the_profile(analyst_client):
    response = analyst_client.get("/countries/mys/")
    assert response.status_code == 302
    assert response["Location"] == "/countries/MYS/"
