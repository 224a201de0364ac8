"""Personal tokens: made once and shown once, stored hashed, accepted until revoked, rate-limited."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from engagements.api.tokens import api_token_create, api_token_revoke
from engagements.models import ApiToken, TokenPurpose

pytestmark = pytest.mark.django_db
ENGAGEMENTS = "/api/v1/engagements"


def test_a_token_is_stored_as_its_hash_only(analyst):
    token, key = api_token_create(user=analyst, name="laptop")
    assert key.startswith("eng_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()}
    assert key.startswith(stored.prefix) and len(stored.prefix) < 12


def test_the_api_takes_a_bearer_or_token_header_and_refuses_anything_else(client, analyst):
    key = api_token_create(user=analyst, name="laptop")[1]
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get(ENGAGEMENTS).status_code == 401
    refused = client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}x")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_opens_nothing(client, analyst):
    token, key = api_token_create(user=analyst, name="laptop")
    api_token_revoke(token=token)
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_feed_token_is_not_an_api_token(client, analyst):
    key = api_token_create(user=analyst, name="reader", purpose=TokenPurpose.FEED)[1]
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_the_api_keeps_the_dashboards_access_rule(client, outsider, settings):
    key = api_token_create(user=outsider, name="laptop")[1]
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403
    settings.DASHBOARD_PUBLIC = True
    assert client.get(ENGAGEMENTS).status_code == 200


def test_the_session_opens_the_api_too(analyst_client):
    assert analyst_client.get(ENGAGEMENTS).status_code == 200


def test_the_api_only_reads(api):
    assert api.post(ENGAGEMENTS, {}).status_code in (403, 405)
    assert api.delete(ENGAGEMENTS).status_code in (403, 405)


def test_each_token_has_its_own_rate_limit_and_a_429_says_when_to_retry(client, analyst, settings):
    settings.API_RATE = "3/min"
    cache.clear()
    first, second = (api_token_create(user=analyst, name=n)[1] for n in ("a", "b"))
    for _ in range(3):
        assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    refused = client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {first}")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


def test_the_account_page_shows_a_new_token_once_and_revokes_it(analyst_client, analyst):
    page = reverse("account_tokens")
    made = analyst_client.post(page, {"name": "notebook", "purpose": "api"})
    assert made.status_code == 200
    key = re.search(r"eng_[A-Za-z0-9_-]{40,}", made.content.decode()).group(0)
    assert made["Cache-Control"].startswith("max-age=0") or "no-cache" in made["Cache-Control"]
    listed = analyst_client.get(page).content.decode()
    assert "notebook" in listed and key not in listed
    assert analyst_client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token = ApiToken.objects.get(user=analyst)
    assert analyst_client.post(reverse("account_token_revoke", args=[token.pk])).status_code == 302
    assert analyst_client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_the_account_page_needs_a_login_and_a_csrf_token(client, analyst, editor):
    page = reverse("account_tokens")
    assert client.get(page).status_code == 302
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(analyst)
    assert strict.post(page, {"name": "x", "purpose": "api"}).status_code == 403
    # Nobody revokes another's token.
    token, _ = api_token_create(user=editor, name="theirs")
    client.force_login(analyst)
    assert client.post(reverse("account_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_create_api_token_prints_the_token_alone_on_its_last_line(client, analyst):
    out = StringIO()
    call_command("create_api_token", "ana", "--name", "cron job", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"eng_[A-Za-z0-9_-]{43}", key)
    assert ApiToken.objects.get().name == "cron job"
    assert client.get(ENGAGEMENTS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
