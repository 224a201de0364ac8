"""import_url and poll_feeds from the command line: a line per URL or source, the reasons of
failures and skips, a closing summary; poll_feeds --every stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from engagements.management.commands.poll_feeds import duration
from engagements.models import Feed, FeedItem, Readout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fetch_settings")]


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_url_imports_a_release_page_and_prints_a_summary(site):
    out, err = run("import_url", f"{site.base}/releases/japan-meeting.html", f"{site.base}/error500")
    readout = Readout.objects.get()
    assert f"new: {site.base}/releases/japan-meeting.html (readout {readout.pk}): " in out
    assert f"refused: {site.base}/error500: could not fetch the page: the server answered HTTP 500" in err
    assert out.splitlines()[-1] == "Imported: 1 new, 0 unchanged, 0 failed, 1 refused."
    assert readout.source == Readout.Source.WEB


def test_import_url_refuses_a_loopback_address_without_fetch_allow_private(site, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    out, err = run("import_url", "http://127.0.0.1/releases/japan-meeting.html")
    assert "refused: 127.0.0.1 is a loopback address; fetching from such addresses is off" in err
    assert "(set FETCH_ALLOW_PRIVATE=1 to allow it" in err
    assert out.strip() == "Imported: 0 new, 0 unchanged, 0 failed, 1 refused."


def test_poll_feeds_url_polls_one_feed_ad_hoc_and_twice_imports_nothing_new(site):
    feed_url = f"{site.base}/feed.xml"
    out, err = run("poll_feeds", "--url", feed_url, "--publisher", "usa")
    assert out.splitlines() == [
        f"{feed_url}: 4 items: 2 new, 0 unchanged, 2 skipped, 0 failed",
        "Polled 1 source. Items: 2 new, 0 unchanged, 2 skipped, 0 failed.",
    ]
    assert f"skipped: {site.base}/releases/budget.html: about a budget (its headline)" in err
    feed = Feed.objects.get(url=feed_url)
    assert feed.publisher_id == "USA" and not feed.active
    out, _err = run("poll_feeds", "--url", feed_url, "--publisher", "USA")
    assert out.splitlines()[-1] == "Polled 1 source (1 not modified). Items: 0 new, 0 unchanged, 0 skipped, 0 failed."
    assert Readout.objects.count() == 2 and FeedItem.objects.count() == 4


def test_poll_feeds_polls_the_active_sources_and_reports_a_failed_one(site):
    Feed.objects.create(name="Ministry feed", url=f"{site.base}/atom.xml", active=True, publisher_id="USA")
    Feed.objects.create(name="Broken", url=f"{site.base}/error500", active=True)
    out, err = run("poll_feeds")
    assert "Broken: failed" in out and "Ministry feed: 2 items: 1 new, 0 unchanged, 1 skipped, 0 failed" in out
    assert f"source failed: {site.base}/error500: the server answered HTTP 500" in err
    assert out.splitlines()[-1] == "Polled 2 sources (1 failed). Items: 1 new, 0 unchanged, 1 skipped, 0 failed."


def test_poll_feeds_refuses_an_unknown_publisher_and_a_bad_interval():
    with pytest.raises(CommandError, match="Unknown publisher country code 'XXX'"):
        run("poll_feeds", "--url", "http://127.0.0.1/feed.xml", "--publisher", "XXX")
    with pytest.raises(CommandError, match="give a duration such as 15m"):
        run("poll_feeds", "--every", "soon")


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h", 3600), ("90s", 90), ("900", 900), ("0.5m", 30)])
def test_every_takes_a_duration(text, seconds):
    assert duration(text) == seconds


@pytest.mark.slow
def test_poll_feeds_every_runs_until_sigterm_and_then_prints_its_summary(settings):
    # The real command in its own process, on the test database (its tables exist; no source
    # is active there, so each round polls nothing).
    env = {**os.environ, "DATABASE_URL": _database_url(settings), "FETCH_HOST_DELAY": "0"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "poll_feeds", "--every", "1h"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert "round 1: Polled 0 sources." in first
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        rest, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert (
        rest.strip()
        == "Stopped after 1 round. In all: Polled 0 sources. Items: 0 new, 0 unchanged, 0 skipped, 0 failed."
    )


def _database_url(settings) -> str:
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict  # the test database's
    auth = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
