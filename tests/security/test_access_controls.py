"""Login throttling, CSRF and the security headers on every response."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_repeated_failed_logins_lock_the_account_out(client, analyst, throttled, url_name):
    url = reverse(url_name)
    for _ in range(3):
        client.post(url, {"username": "ana", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    # Even the right password is refused once locked out, with a page that says so.
    response = client.post(url, {"username": "ana", "password": "pw-ana"}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content


def test_a_lockout_is_per_account_and_address(client, analyst, throttled):
    for _ in range(3):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    response = client.post(reverse("login"), {"username": "ana", "password": "pw-ana"}, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302


def test_forms_refuse_posts_without_a_csrf_token(analyst):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("login"), {"username": "ana", "password": "pw-ana"})
    assert response.status_code == 403
    editor_client = Client(enforce_csrf_checks=True)
    editor_client.force_login(analyst)
    assert editor_client.post(reverse("logout")).status_code == 403


def test_security_headers_are_sent(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_settings_turn_on_secure_cookies_and_hsts(client, settings, analyst):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get(reverse("login")).status_code == 301  # plain HTTP is redirected
    response = client.post(reverse("login"), {"username": "ana", "password": "pw-ana"}, secure=True)
    assert response.cookies["sessionid"]["secure"]
