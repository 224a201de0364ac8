"""One plausibility window for dates, whoever writes them: the parser, an editor in the admin,
an import, or a query that bypasses them all (the database's own bound)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse

from engagements.ingest.pipeline import readout_ingest
from engagements.models import Engagement, EngagementCountry, Participation, Readout
from tests import factories
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def admin_form(model, obj, editor, data):
    request = RequestFactory().post("/")
    request.user = editor
    model_admin = admin.site._registry[model]
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    return form_class(data=data, instance=obj)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1900-05-01"])
def test_the_admin_refuses_an_implausible_engagement_date(editor, date):
    engagement = factories.EngagementFactory(date=dt.date(2024, 5, 1))
    form = admin_form(Engagement, engagement, editor, {"date": date, "kind": "meeting", "location": "", "forum": ""})
    assert not form.is_valid()
    assert "is not a plausible date" in str(form.errors["date"])


def test_an_engagement_date_may_not_follow_its_readouts_publication(editor):
    readout = factories.ReadoutFactory(published_on=dt.date(2020, 3, 1))
    engagement = factories.EngagementFactory(readout=readout, date=dt.date(2020, 2, 27))
    late = {"date": "2020-06-01", "kind": "meeting", "location": "", "forum": ""}
    form = admin_form(Engagement, engagement, editor, late)
    assert not form.is_valid()
    assert "a day after its readout was published (2020-03-02)" in str(form.errors["date"])
    assert admin_form(Engagement, engagement, editor, {**late, "date": "2020-03-02"}).is_valid()


def test_a_change_through_the_admin_page_keeps_the_old_date(editor_client):
    engagement = factories.EngagementFactory(date=dt.date(2024, 5, 1))
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: (value if value is not None else "") for name, value in form.initial.items() if name in form.fields}
    data.update({"date": "9999-12-31", "forum": ""})
    for formset in editor_client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with its error
    assert "is not a plausible date" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.date == dt.date(2024, 5, 1)


@pytest.mark.parametrize("model", [EngagementCountry, Participation])
def test_a_fact_rows_date_is_not_typed_in_the_admin_but_copied_from_its_engagement(editor, model):
    # The engagement's own date is checked (above); its fact rows carry a copy the database
    # keeps, so no admin form can give them a date of their own, plausible or not.
    fact = (
        factories.ParticipationFactory()
        if model is Participation
        else EngagementCountry.objects.filter(engagement=factories.EngagementFactory()).first()
    )
    assert "date" not in admin_form(model, fact, editor, None).fields


def test_the_admin_refuses_an_implausible_publication_date(editor):
    readout = factories.ReadoutFactory(published_on=dt.date(2024, 5, 1))
    data = {"title": readout.title, "published_on": "9999-12-31", "url": "", "publisher": "USA", "text": readout.text}
    assert "published_on" in admin_form(Readout, readout, editor, data).errors
    assert "published_on" in admin_form(Readout, None, editor, {**data, "published_on": "1000-01-01"}).errors


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1900, 1, 1)])
def test_an_import_refuses_an_implausible_publication_date(published):
    result = readout_ingest(text=readouts.MALAYSIA_MEETING, published_on=published, source=Readout.Source.IMPORT)
    assert result.outcome == "refused"
    assert "is not a plausible date" in result.message
    assert not Readout.objects.exists()


def test_the_database_refuses_a_date_past_its_bound_whoever_writes_it():
    engagement = factories.EngagementFactory(date=dt.date(2024, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(date=dt.date(9999, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Readout.objects.filter(pk=engagement.readout_id).update(published_on=dt.date(1, 1, 1))
