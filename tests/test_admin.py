"""Each admin changelist and add page works for an editor and is refused to an analyst."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    AgreementEventFactory,
    ExerciseMentionFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [model._meta.model_name for model in admin.site._registry if model._meta.app_label == "engagements"]
READ_ONLY = {"country", "topic"}  # reference data: editors view it, a migration loads it
NOT_ADDED = {*READ_ONLY, "feeditem"}  # a source's items are recorded by polling, never added by hand


@pytest.fixture
def some_rows():
    ParticipationFactory()
    AgreementEventFactory()
    ExerciseMentionFactory()


def test_every_engagements_model_is_registered():
    assert set(MODELS) == {
        "country",
        "topic",
        "forum",
        "person",
        "readout",
        "engagement",
        "engagementcountry",
        "engagementtopic",
        "participation",
        "agreement",
        "agreementevent",
        "exercise",
        "exercisemention",
        "feed",
        "feeditem",
    }


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders_for_an_editor(editor_client, some_rows, model):
    response = editor_client.get(reverse(f"admin:engagements_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", sorted(set(MODELS) - NOT_ADDED))
def test_add_page_renders_for_an_editor(editor_client, model):
    assert editor_client.get(reverse(f"admin:engagements_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", sorted(NOT_ADDED))
def test_reference_data_and_feed_items_cannot_be_added_by_an_editor(editor_client, model):
    assert editor_client.get(reverse(f"admin:engagements_{model}_add")).status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_admin_refuses_an_analyst(analyst_client, model):
    response = analyst_client.get(reverse(f"admin:engagements_{model}_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_refuses_a_staff_account_outside_the_editors(client, django_user_model):
    user = django_user_model.objects.create_user("staffer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:engagements_readout_changelist")).status_code == 403


def test_change_pages_render_for_an_editor(editor_client, some_rows):
    from engagements.models import Agreement, Engagement, Exercise, Readout

    for model in (Readout, Engagement, Agreement, Exercise):
        obj = model.objects.first()
        url = reverse(f"admin:engagements_{model._meta.model_name}_change", args=[obj.pk])
        assert editor_client.get(url).status_code == 200, model


def test_the_admin_index_names_each_table_once(editor_client):
    # The link tables (an engagement's countries and topics) once shared the reference
    # tables' names, so the index listed "Countries" and "Topics" twice.
    response = editor_client.get(reverse("admin:index"))
    names = [model["name"] for app in response.context["app_list"] for model in app["models"]]
    assert len(names) == len(set(names)), names
    assert {"Countries", "Topics", "Engagement countries", "Engagement topics"} <= set(names)


def test_the_engagement_page_still_calls_its_rows_countries_and_topics(editor_client, some_rows):
    from engagements.models import Engagement

    url = reverse("admin:engagements_engagement_change", args=[Engagement.objects.first().pk])
    headings = [inline.opts.verbose_name_plural for inline in editor_client.get(url).context["inline_admin_formsets"]]
    assert "countries" in headings and "topics" in headings
