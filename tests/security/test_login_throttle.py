"""Login throttling behind a reverse proxy, and against one address trying many usernames."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6


@pytest.fixture
def proxied(settings, throttled):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


def log_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_behind_a_proxy_one_client_cannot_lock_a_username_out_for_everyone(client, analyst, proxied):
    for _ in range(3):
        log_in(client, "ana", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert log_in(client, "ana", "pw-ana", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # The real analyst, elsewhere, behind the same proxy:
    assert log_in(client, "ana", "pw-ana", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 302


def test_an_address_the_client_writes_into_x_forwarded_for_is_not_trusted(client, analyst, proxied):
    # The proxy appends the address it saw; what the client sent stays on the left.
    for n in range(3):
        log_in(client, "ana", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")
    response = log_in(client, "ana", "pw-ana", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.9")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("behind", "count", "forwarded", "expected"),
    [
        (False, 1, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own words
        (True, 1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (True, 2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (True, 2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them all
        (True, 1, "not-an-address", "10.0.0.2"),
        (True, 1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_from_the_right(rf, settings, behind, count, forwarded, expected):
    from engagements.login_throttle import client_address

    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = behind, count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_password_spraying_across_usernames_from_one_address_is_capped(client, analyst, throttled):
    for n in range(6):  # one try each for six usernames: under the per-username limit
        log_in(client, f"user{n}", "Winter2026!", REMOTE_ADDR="203.0.113.50")
    response = log_in(client, "ana", "pw-ana", REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    assert log_in(client, "ana", "pw-ana", REMOTE_ADDR="203.0.113.51").status_code == 302


def test_a_sprayers_own_successful_login_does_not_reset_the_address_count(
    client, analyst, throttled, django_user_model
):
    django_user_model.objects.create_user(username="mallory", password="pw-mallory")
    for n in range(5):
        log_in(client, f"user{n}", "Winter2026!", REMOTE_ADDR="203.0.113.50")
    assert log_in(client, "mallory", "pw-mallory", REMOTE_ADDR="203.0.113.50").status_code == 302
    client.logout()
    log_in(client, "user9", "Winter2026!", REMOTE_ADDR="203.0.113.50")
    assert log_in(client, "ana", "pw-ana", REMOTE_ADDR="203.0.113.50").status_code == 429


def test_a_few_mistakes_from_a_shared_office_address_lock_nobody_else_out(client, analyst, throttled):
    for n in range(2):
        log_in(client, f"colleague{n}", "typo", REMOTE_ADDR="203.0.113.60")
    assert log_in(client, "ana", "pw-ana", REMOTE_ADDR="203.0.113.60").status_code == 302
