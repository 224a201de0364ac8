"""Who reaches the dashboard and the admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_dashboard_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("engagements:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_opens_for_analysts_and_editors(client, analyst, editor):
    for user in (analyst, editor):
        client.force_login(user)
        assert client.get(reverse("engagements:overview")).status_code == 200


def test_dashboard_refuses_an_account_in_neither_group(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("engagements:overview"))
    assert response.status_code == 403
    assert b"analysts" in response.content  # the page says how to get access


def test_public_dashboard_needs_no_login(client, settings):
    settings.DASHBOARD_PUBLIC = True
    assert client.get(reverse("engagements:overview")).status_code == 200


def test_login_page_logs_an_analyst_in(client, analyst):
    response = client.post(reverse("login"), {"username": "ana", "password": "pw-ana"})
    assert response.status_code == 302
    assert client.get(reverse("engagements:overview")).status_code == 200


def test_wrong_password_gets_a_clear_message(client, analyst):
    response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert b"do not match" in response.content


def test_unknown_page_gets_the_404_page(analyst_client):
    response = analyst_client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
