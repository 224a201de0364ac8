"""Read replicas: analysts read a replica, writes and an editor's reads just after a write go to
the primary, migrations run on the primary only. The replica is Django's test mirror of the
primary, so the tests see which connection each query went through."""

import dj_database_url
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.routers import PIN_COOKIE, ReplicaRouter, reading_from, replica_settings
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.REPLICA_PIN_SECONDS = 30


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_replica_urls_become_mirrored_aliases_with_the_primary_options():
    primary = {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True, "OPTIONS": {"options": "-c jit=off"}}
    found = replica_settings(
        ["postgres://u@replica-a:5432/db", "postgres://u@replica-b:5432/db"], primary, dj_database_url.parse
    )
    assert list(found) == ["replica1", "replica2"]
    assert found["replica2"]["HOST"] == "replica-b"
    assert found["replica1"]["TEST"] == {"MIRROR": "default"}
    assert found["replica1"]["OPTIONS"]["options"] == "-c jit=off"


def test_writes_and_migrations_stay_on_the_primary(replicas):
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "engagements")
    assert not router.allow_migrate("replica1", "engagements")
    # Outside a request (an import, a shell, the warm-up) reads go to the primary too.
    assert router.db_for_read(None) == "default"
    with reading_from("replica1"):
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"


def test_an_analysts_page_reads_from_the_replica(analyst_client, replicas):
    factories.EngagementFactory(countries=["USA", "MYS"])
    with queries_on("default") as primary, queries_on("replica1") as replica:
        response = analyst_client.get(reverse("engagements:engagements"))
    assert response.status_code == 200
    assert "Malaysia" in response.content.decode()
    assert len(replica) > 3
    assert [q["sql"] for q in primary] == []
    assert PIN_COOKIE not in response.cookies


def test_an_editor_reads_the_primary_for_a_while_after_a_write(editor_client, replicas, settings):
    engagement = factories.EngagementFactory(countries=["USA", "MYS"], location="Before")
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    # Any writing request pins, whatever its outcome (a refused save may have written a part).
    response = editor_client.post(reverse("engagements:overview"))
    assert PIN_COOKIE in response.cookies
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    with queries_on("default") as primary, queries_on("replica1") as replica:
        assert editor_client.get(url).status_code == 200
    assert len(primary) > 3
    assert len(replica) == 0


def test_the_pin_ends_with_its_time(analyst_client, replicas):
    factories.EngagementFactory(countries=["USA", "MYS"])
    analyst_client.cookies[PIN_COOKIE] = "1000"  # long past
    with queries_on("default") as primary, queries_on("replica1") as replica:
        assert analyst_client.get(reverse("engagements:overview")).status_code == 200
    assert len(replica) > 0
    assert len(primary) == 0
