"""An editor's correction, wherever in the admin it is made, survives a re-parse: the edit
marks the readout reviewed, so the parser no longer replaces its rows or fields."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.models import (
    AgreementEvent,
    Engagement,
    EngagementTopic,
    ExerciseMention,
    Origin,
    Participation,
    Readout,
)
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


@pytest.fixture
def parsed():
    """The Malaysia meeting as the parser reads it: not reviewed, every row the parser's."""
    result = readout_ingest(text=readouts.MALAYSIA_MEETING, title="Meeting", published_on=dt.date(2024, 5, 2))
    readout = result.readout
    assert not readout.reviewed
    engagement = readout.engagement
    assert engagement.topic_links.exists() and engagement.exercise_mentions.exists()
    return engagement


def _post_value(value):
    if value is None:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def change_form_data(client, url) -> dict:
    """What the change page would post back untouched: its form and every inline row."""
    context = client.get(url).context
    data = {}
    form = context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is not False:  # an unticked box is left out of a POST
            data[name] = _post_value(value)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = _post_value(formset.management_form[name].value())
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if name != "DELETE" and value is not False:
                    data[row.add_prefix(name)] = _post_value(value)
    return data


def inline_prefix(data, model_prefix, pk) -> str:
    """The form prefix ("topic_links-0") of the inline row showing the row with this pk."""
    return next(
        key.rsplit("-", 1)[0]
        for key, value in data.items()
        if key.startswith(model_prefix + "-") and key.endswith("-id") and value == str(pk)
    )


def reviewed(engagement) -> bool:
    return Readout.objects.get(pk=engagement.readout_id).reviewed


def test_a_location_typed_on_the_engagement_survives_a_reparse(editor_client, parsed):
    url = reverse("admin:engagements_engagement_change", args=[parsed.pk])
    data = change_form_data(editor_client, url)
    data["location"] = "Kuala Lumpur (typed by an editor)"
    assert editor_client.post(url, data).status_code == 302

    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    parsed.refresh_from_db()
    assert parsed.location == "Kuala Lumpur (typed by an editor)"


def test_a_topic_deleted_on_the_engagement_stays_deleted_after_a_reparse(editor_client, parsed):
    url = reverse("admin:engagements_engagement_change", args=[parsed.pk])
    data = change_form_data(editor_client, url)
    topic = parsed.topic_links.first()
    data[inline_prefix(data, "topic_links", topic.pk) + "-DELETE"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert not EngagementTopic.objects.filter(pk=topic.pk).exists()

    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert not parsed.topic_links.filter(topic=topic.topic_id).exists()


def test_saving_the_engagement_unchanged_does_not_mark_it_reviewed(editor_client, parsed):
    url = reverse("admin:engagements_engagement_change", args=[parsed.pk])
    assert editor_client.post(url, change_form_data(editor_client, url)).status_code == 302
    assert not reviewed(parsed)


def test_a_topic_link_deleted_from_its_own_list_stays_deleted_after_a_reparse(editor_client, parsed):
    topic = parsed.topic_links.first()
    url = reverse("admin:engagements_engagementtopic_delete", args=[topic.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302

    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert not parsed.topic_links.filter(topic=topic.topic_id).exists()


def test_rows_deleted_by_the_bulk_action_mark_their_readouts_reviewed(editor_client, parsed):
    topic = parsed.topic_links.first()
    response = editor_client.post(
        reverse("admin:engagements_engagementtopic_changelist"),
        {"action": "delete_selected", "_selected_action": [topic.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not EngagementTopic.objects.filter(pk=topic.pk).exists()
    assert reviewed(parsed)


def test_a_location_typed_on_an_exercise_mention_survives_a_reparse(editor_client, parsed):
    mention = parsed.exercise_mentions.first()
    url = reverse("admin:engagements_exercisemention_change", args=[mention.pk])
    data = change_form_data(editor_client, url)
    data["location"] = "Lumut (typed by an editor)"
    assert editor_client.post(url, data).status_code == 302

    mention.refresh_from_db()
    assert mention.origin == Origin.EDITOR
    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert parsed.exercise_mentions.get().location == "Lumut (typed by an editor)"


def test_a_title_corrected_on_a_participation_survives_a_reparse(editor_client, parsed):
    participation = Participation.objects.get(engagement=parsed, person__country="MYS")
    url = reverse("admin:engagements_participation_change", args=[participation.pk])
    data = change_form_data(editor_client, url)
    data["title"] = "Defence Minister (corrected)"
    assert editor_client.post(url, data).status_code == 302

    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert parsed.participations.get(person__country="MYS").title == "Defence Minister (corrected)"


def test_a_location_typed_in_the_exercises_history_survives_a_reparse(editor_client, parsed):
    mention = parsed.exercise_mentions.first()
    url = reverse("admin:engagements_exercise_change", args=[mention.exercise_id])
    data = change_form_data(editor_client, url)
    data[inline_prefix(data, "mentions", mention.pk) + "-location"] = "Lumut (typed by an editor)"
    assert editor_client.post(url, data).status_code == 302

    mention.refresh_from_db()
    assert mention.origin == Origin.EDITOR
    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert ExerciseMention.objects.get(engagement=parsed).location == "Lumut (typed by an editor)"


def test_an_action_corrected_in_the_agreements_history_marks_the_readout_reviewed(editor_client, parsed):
    event = parsed.agreement_events.first()
    url = reverse("admin:engagements_agreement_change", args=[event.agreement_id])
    data = change_form_data(editor_client, url)
    data[inline_prefix(data, "events", event.pk) + "-action"] = "renewed"
    assert editor_client.post(url, data).status_code == 302

    event.refresh_from_db()
    assert event.action == "renewed" and event.origin == Origin.EDITOR
    assert reviewed(parsed)
    readout_parse(Readout.objects.get(pk=parsed.readout_id))
    assert AgreementEvent.objects.get(engagement=parsed).action == "renewed"


def test_an_engagement_deleted_by_an_editor_is_not_brought_back_by_a_reparse(editor_client, parsed):
    url = reverse("admin:engagements_engagement_delete", args=[parsed.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302

    readout = Readout.objects.get(pk=parsed.readout_id)
    assert readout.reviewed
    readout_parse(readout)
    assert not Engagement.objects.filter(readout=readout).exists()


def reparse_button_target(html, change_url) -> str:
    """Where the readout page's re-parse button posts: its formaction, else the form's action."""
    button = re.search(r"<(?:input|button)[^>]*Re-parse this readout[^>]*>", html) or re.search(
        r"<(?:input|button)[^>]*value=\"Re-parse[^>]*>", html
    )
    assert button, "no re-parse button"
    target = re.search(r'formaction="([^"]+)"', button.group(0))
    return target.group(1) if target else change_url


def test_the_reparse_button_on_a_page_opened_before_the_correction_keeps_it(editor_client, parsed):
    # The editor opens the readout (not reviewed yet), corrects the engagement in another tab,
    # then presses "Re-parse" on the readout page they had open: the button must not save that
    # page's stale "reviewed" box over the correction.
    readout_url = reverse("admin:engagements_readout_change", args=[parsed.readout_id])
    stale_page = editor_client.get(readout_url)
    stale = change_form_data(editor_client, readout_url)
    assert "reviewed" not in stale

    engagement_url = reverse("admin:engagements_engagement_change", args=[parsed.pk])
    data = change_form_data(editor_client, engagement_url)
    data["location"] = "Kuala Lumpur (typed by an editor)"
    assert editor_client.post(engagement_url, data).status_code == 302
    assert reviewed(parsed)

    target = reparse_button_target(stale_page.content.decode(), readout_url)
    response = editor_client.post(target, {**stale, "_reparse": "Re-parse this readout"}, follow=True)
    assert response.status_code == 200
    assert any("Re-parsed" in str(m) for m in response.context["messages"])
    assert reviewed(parsed)
    parsed.refresh_from_db()
    assert parsed.location == "Kuala Lumpur (typed by an editor)"


def test_the_reparse_button_is_refused_to_an_analyst_and_to_a_get(client, analyst, editor_client, parsed):
    url = reverse("admin:engagements_readout_reparse", args=[parsed.readout_id])
    assert editor_client.get(url).status_code == 405
    client.force_login(analyst)
    response = client.post(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
