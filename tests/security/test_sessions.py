"""A session ends after a while without a request, and in any case some time after its login."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def overview(client):
    return client.get(reverse("engagements:overview"))


def test_a_session_idle_longer_than_the_timeout_asks_for_a_login_again(client, analyst, settings):
    assert settings.SESSION_IDLE_TIMEOUT == 8 * 3600  # the default
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(analyst)
        assert overview(client).status_code == 200
        clock.shift(dt.timedelta(hours=7, minutes=59))
        assert overview(client).status_code == 200  # activity keeps it alive...
        clock.shift(dt.timedelta(hours=7, minutes=59))
        assert overview(client).status_code == 200
        clock.shift(dt.timedelta(hours=8, minutes=1))  # ...idleness ends it
        response = overview(client)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_at_its_absolute_lifetime(client, analyst, settings):
    settings.SESSION_COOKIE_AGE = 24 * 3600
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(analyst)
        for _ in range(3):  # a request every seven hours: never idle
            clock.shift(dt.timedelta(hours=7))
            assert overview(client).status_code == 200
        clock.shift(dt.timedelta(hours=4))  # 25 hours after the login
        assert overview(client).status_code == 302


def test_requests_within_a_minute_do_not_write_the_session(client, analyst):
    client.force_login(analyst)
    overview(client)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            overview(client)
    assert not [q for q in captured if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
