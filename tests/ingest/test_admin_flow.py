"""The editors' path: paste a readout, see what was found, correct it, re-parse safely, and
see who changed what."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from engagements.models import Origin, Participation, Readout
from tests.admin_forms import change_form_data
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def add_readout(client, text=readouts.MALAYSIA_MEETING):
    return client.post(
        reverse("admin:engagements_readout_add"),
        {"title": "Readout of a meeting", "published_on": "2024-05-02", "url": "", "publisher": "", "text": text},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_saving_a_new_readout_parses_it_and_shows_what_was_found(editor_client):
    response = add_readout(editor_client)
    readout = Readout.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:engagements_readout_change", args=[readout.pk])
    message = messages_of(response)[0]
    assert message.startswith("Readout new:") and "participants" in message and "agreements" in message
    html = response.content.decode()
    assert "Lloyd J. Austin III" in html and "Memorandum of Understanding" in html  # the rows, inline
    assert readout.status == Readout.Status.PARSED


def test_pasting_the_same_readout_again_says_it_is_unchanged(editor_client):
    add_readout(editor_client)
    response = add_readout(editor_client)
    assert messages_of(response)[0].startswith("Readout unchanged: already stored")
    assert Readout.objects.count() == 1


def test_an_empty_paste_is_refused_with_a_reason(editor_client):
    response = add_readout(editor_client, text="   ")
    assert Readout.objects.count() == 0
    assert "This field is required." in response.content.decode() or "empty" in response.content.decode()


def test_a_parse_failure_keeps_the_readout_and_shows_the_error(editor_client, monkeypatch):
    def explode(text, **kwargs):
        raise ValueError("cannot read this")

    monkeypatch.setattr("engagements.ingest.parse.parser.parse_strict", explode)
    response = add_readout(editor_client)
    readout = Readout.objects.get()
    assert readout.status == Readout.Status.FAILED
    assert "ValueError: cannot read this" in messages_of(response)[0]
    assert "ValueError: cannot read this" in response.content.decode()  # on the readout's page


def test_a_correction_marks_the_readout_reviewed_and_survives_a_reparse(editor_client, editor):
    add_readout(editor_client)
    readout = Readout.objects.get()
    engagement = readout.engagement
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    data = change_form_data(editor_client, url)
    data.update({"date": "2024-05-02", "kind": "meeting", "location": "The Pentagon", "forum": ""})
    page = editor_client.get(url).content.decode()
    # Re-post every inline as shown, changing one participant's title.
    minister = Participation.objects.get(person__country="MYS")
    prefix = next(
        k for k, v in data.items() if k.startswith("participations-") and k.endswith("-id") and v == minister.pk
    ).rsplit("-", 1)[0]
    data[f"{prefix}-title"] = "Defence Minister (corrected)"
    assert "Defence Minister (corrected)" not in page
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200

    assert any("marked reviewed" in m for m in messages_of(response)), messages_of(response)
    readout.refresh_from_db()
    minister.refresh_from_db()
    assert readout.reviewed and minister.title == "Defence Minister (corrected)" and minister.origin == Origin.EDITOR

    # The re-parse button (which posts the readout page's form to its own URL) keeps the correction.
    reparse = reverse("admin:engagements_readout_reparse", args=[readout.pk])
    assert reparse in editor_client.get(reverse("admin:engagements_readout_change", args=[readout.pk])).content.decode()
    response = editor_client.post(reparse, follow=True)
    assert any("reviewed by an editor" in m for m in messages_of(response)), messages_of(response)
    minister.refresh_from_db()
    assert minister.title == "Defence Minister (corrected)"

    # Who changed what, when: the engagement's history page names the editor and the field.
    history = editor_client.get(reverse("admin:engagements_engagement_history", args=[engagement.pk]))
    assert history.status_code == 200
    entry = LogEntry.objects.filter(object_id=str(engagement.pk)).latest("action_time")
    assert entry.user == editor
    assert "Title at the time" in entry.get_change_message()
    assert editor.username in history.content.decode()


def test_the_reparse_action_reparses_the_selection(editor_client):
    add_readout(editor_client)
    readout = Readout.objects.get()
    response = editor_client.post(
        reverse("admin:engagements_readout_changelist"),
        {"action": "reparse", "_selected_action": [readout.pk]},
        follow=True,
    )
    assert any(m.startswith("Re-parsed") for m in messages_of(response)), messages_of(response)
    assert LogEntry.objects.filter(object_id=str(readout.pk), change_message__contains="parse").exists()
