"""No query outlives its request: the web server's statements stop at a time limit, and a
request that hits it gets a page saying so (a 503), not a 500."""

import gc

import pytest
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.urls import path

from config import statement_timeout

pytestmark = pytest.mark.django_db


def slow(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("done")


urlpatterns = [path("slow/", slow)]


@pytest.fixture
def web_connections():
    import config.wsgi  # noqa: F401 - what gunicorn loads
    from config import statement_timeout

    yield
    statement_timeout.uninstall()
    gc.unfreeze()  # what loading the server froze (config/heap.py)


def test_the_web_servers_connections_have_the_statement_timeout(web_connections, settings):
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT_MS // 1000}s"
    finally:
        fresh.close()


def test_a_management_commands_connections_have_none():
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
    finally:
        fresh.close()


@pytest.mark.urls(__name__)
def test_a_request_past_the_statement_timeout_gets_a_503_saying_so(client, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 200
    with connection.cursor() as cursor:  # as the web server's connections are
        cursor.execute("SET statement_timeout = 200")
    response = client.get("/slow/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "took too long" in html and "after 0.2 seconds" in html
    assert "Narrow the filters" in html


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_STATEMENT_TIMEOUT_MS": "30000", "GUNICORN_TIMEOUT": "30"}, "must be above 0 and below"),
        ({"DATABASE_STATEMENT_TIMEOUT_MS": "0"}, "must be above 0 and below"),
        ({"DATABASE_STATEMENT_TIMEOUT_MS": "-5"}, "below its minimum"),
        ({"FILTER_MAX_VALUES": "many"}, "is not an integer"),
    ],
)
def test_timeouts_and_bounds_that_cannot_work_stop_the_app_from_starting(monkeypatch, env, message):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        importlib.reload(config.settings)
    monkeypatch.undo()
    importlib.reload(config.settings)


def test_a_streamed_export_runs_under_the_export_limit_then_the_web_limit_is_back(editor_client, settings, monkeypatch):
    from django.urls import reverse

    settings.DATABASE_STATEMENT_TIMEOUT_MS, settings.EXPORT_STATEMENT_TIMEOUT_MS = 2000, 25000
    monkeypatch.setattr(statement_timeout, "_installed", True)  # as on the web server
    seen = []

    def show():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    from engagements.dashboard import exports

    real = exports.csv_lines

    def spying(header, rows):
        seen.append(show())
        yield from real(header, rows)

    monkeypatch.setattr(exports, "csv_lines", spying)
    for name in ("engagements_csv", "people_csv"):
        response = editor_client.get(reverse(f"engagements:{name}"))
        b"".join(response.streaming_content)
        assert show() == "2s"
    assert seen == ["25s", "25s"]
