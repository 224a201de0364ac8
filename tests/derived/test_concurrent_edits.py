"""An editor's save and a re-parse of the same readout at the same time, on two connections.

Both take the readout's row lock first, so one waits for the other: the re-parse that
waits keeps the editor's correction (the readout is reviewed by then); the editor's save
that waits is refused with a message, the rows it was made on being gone. Never a deadlock,
never a 500, never a correction lost without a word.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse

from engagements.admin import EngagementAdmin
from engagements.forms import EngagementCorrectionForm
from engagements.ingest import save as ingest_save
from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.ingest.results import Outcome
from engagements.models import Origin, Participation, Readout
from tests.admin_forms import change_form_data
from tests.ingest import readouts

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Pause:
    """Holds a thread at the start of a function until released; says when one got there."""

    def __init__(self):
        self.reached = threading.Event()
        self.go = threading.Event()

    def wrap(self, function):
        def paused(*args, **kwargs):
            self.reached.set()
            assert self.go.wait(60)
            return function(*args, **kwargs)

        return paused


def in_thread(target) -> tuple[threading.Thread, dict]:
    """Run ``target`` on a thread of its own (so on a database connection of its own)."""
    result: dict = {}

    def run():
        try:
            result["value"] = target()
        except BaseException as exc:  # handed to the test, which reports it
            result["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def wait_for_a_lock_wait() -> None:
    """Until another connection waits for a lock held by the one that is paused."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second writer never waited for the first")


@pytest.fixture
def correction(editor_client):
    """A parsed readout and an editor's form correcting its Malaysian minister's title."""
    result = readout_ingest(text=readouts.MALAYSIA_MEETING, published_on=None, source=Readout.Source.IMPORT)
    engagement = result.readout.engagement
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    data = change_form_data(editor_client, url)
    minister = Participation.objects.get(engagement=engagement, person__country="MYS")
    prefix = next(
        k for k, v in data.items() if k.startswith("participations-") and k.endswith("-id") and v == minister.pk
    )
    data[prefix.rsplit("-", 1)[0] + "-title"] = "Minister of Defence (corrected)"
    return result.readout, url, data


def test_a_reparse_that_waits_for_an_editors_save_keeps_the_correction(editor_client, correction, monkeypatch):
    readout, url, data = correction
    pause = Pause()
    monkeypatch.setattr(EngagementAdmin, "save_related", pause.wrap(EngagementAdmin.save_related))
    editing, edited = in_thread(lambda: editor_client.post(url, data))
    assert pause.reached.wait(30)
    parsing, parsed = in_thread(lambda: readout_parse(Readout.objects.get(pk=readout.pk)))
    wait_for_a_lock_wait()
    pause.go.set()
    editing.join(60)
    parsing.join(60)

    assert "error" not in edited and "error" not in parsed, (edited.get("error"), parsed.get("error"))
    assert edited["value"].status_code == 302
    assert parsed["value"].outcome == Outcome.KEPT
    minister = Participation.objects.get(engagement__readout=readout, person__country="MYS")
    assert (minister.title, minister.origin) == ("Minister of Defence (corrected)", Origin.EDITOR)


def test_an_editors_save_that_waits_for_a_reparse_is_refused_with_a_message(editor_client, correction, monkeypatch):
    readout, url, data = correction
    pause = Pause()
    monkeypatch.setattr(ingest_save, "_write_parse_results", pause.wrap(ingest_save._write_parse_results))
    parsing, parsed = in_thread(lambda: readout_parse(Readout.objects.get(pk=readout.pk)))
    assert pause.reached.wait(30)
    editing, edited = in_thread(lambda: editor_client.post(url, data))
    wait_for_a_lock_wait()
    pause.go.set()
    parsing.join(60)
    editing.join(60)

    assert "error" not in edited and "error" not in parsed, (edited.get("error"), parsed.get("error"))
    assert parsed["value"].outcome == Outcome.UPDATED
    response = edited["value"]
    assert response.status_code == 200  # the form again, with the reason
    assert EngagementCorrectionForm.REPARSED in response.content.decode()
    minister = Participation.objects.get(engagement__readout=readout, person__country="MYS")
    assert minister.title != "Minister of Defence (corrected)" and minister.origin == Origin.PARSER
    assert not Readout.objects.get(pk=readout.pk).reviewed
