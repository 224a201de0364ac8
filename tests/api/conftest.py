import datetime as dt

import pytest
from django.core.cache import cache

from engagements import models
from engagements.api.tokens import api_token_create
from tests.dashboard.conftest import malaysia_meeting  # noqa: F401 (a fixture of these tests too)
from tests.dashboard.test_relations import ties  # noqa: F401 (a fixture of these tests too)


@pytest.fixture
def sample(db):
    """Sixty engagements with every kind of fact (tests/dashboard/sample.py)."""
    from tests.dashboard.sample import build

    return build(60)


@pytest.fixture
def api_key(analyst):
    return api_token_create(user=analyst, name="notebook")[1]


@pytest.fixture
def api(client, api_key, settings):
    """A test client sending the analyst's token, with no rate limit in the way."""
    settings.API_RATE = ""
    cache.clear()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_key}"
    return client


def pull(client, path, params=None, page_size=None):
    """Every row of an API list, following ``next`` to the end."""
    params = dict(params or {})
    if page_size:
        params["page_size"] = page_size
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    rows = []
    while True:
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])
        assert response.status_code == 200, response.content


def reference_row(engagement: models.Engagement) -> dict:
    """An engagement's row read through the ORM, field by field, in the serializer's order:
    what the API promised before PostgreSQL wrote the rows, and must keep sending."""
    lead = engagement.readout
    others = sorted(
        (s.readout for s in engagement.sources.select_related("readout") if s.readout_id != lead.pk),
        key=lambda r: (r.published_on is None, r.published_on or dt.date.min, r.pk),
    )
    return {
        "id": engagement.pk,
        "page": f"http://testserver/engagements/{engagement.pk}/",
        "date": engagement.date,
        "kind": engagement.kind,
        "title": lead.title,
        "location": engagement.location,
        "forum": engagement.forum.short_name if engagement.forum else None,
        "countries": [
            {"code": c.country_id, "name": c.country.name, "partner": c.is_partner}
            for c in engagement.country_links.select_related("country").order_by("country_id")
        ],
        "participants": [
            {"person": p.person_id, "name": p.person.name, "country": p.person.country_id, "title": p.title}
            for p in engagement.participations.select_related("person").order_by("id")
        ],
        "agreements": [
            {"agreement": a.agreement_id, "name": a.agreement.name, "kind": a.agreement.kind, "action": a.action}
            for a in models.AgreementEvent.objects.filter(engagement=engagement)
            .select_related("agreement")
            .order_by("id")
        ],
        "exercises": [
            {"exercise": x.exercise_id, "name": x.exercise.name, "named": x.exercise.named}
            for x in models.ExerciseMention.objects.filter(engagement=engagement)
            .select_related("exercise")
            .order_by("id")
        ],
        "topics": sorted(engagement.topics.values_list("name", flat=True)),
        "sources": [
            {"url": r.url, "title": r.title, "published_on": r.published_on, "publisher": r.publisher_id}
            for r in [lead, *others]
        ],
    }
