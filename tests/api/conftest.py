import pytest
from django.core.cache import cache

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
