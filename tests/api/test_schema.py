"""The OpenAPI schema: valid OpenAPI 3, and true of the API (schemathesis against the app)."""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_needs_no_login(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    listed = {path for path in schema["paths"]}
    for name in ("engagements", "agreements", "exercises", "people", "readouts"):
        assert {f"/api/v1/{name}", f"/api/v1/{name}/{{id}}"} <= listed
    assert {"/api/v1/relationships", "/api/v1/relationships/{slug}"} <= listed
    for path, names in [
        ("/api/v1/relationships", {"country", "date_from", "date_to", "kind", "cursor", "page_size"}),
        ("/api/v1/relationships/{slug}", {"slug", "date_from", "date_to", "kind"}),
    ]:
        assert {p["name"] for p in schema["paths"][path]["get"]["parameters"]} == names
    parameters = {p["name"] for p in schema["paths"]["/api/v1/engagements"]["get"]["parameters"]}
    assert {"country", "date_from", "date_to", "q", "sort", "cursor", "page_size"} <= parameters


def test_the_docs_page_serves_its_assets_from_this_site(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "//cdn" not in page and "unpkg" not in page and "<script>" not in page


@pytest.fixture
def in_process_app():
    """The real WSGI app on the test's own connection: it must not close the connection
    between requests, as Django's test client arranges for itself."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_error_no_schema_violation_and_no_slow_response(
    in_process_app, api_key, malaysia_meeting, settings
):
    settings.API_RATE = ""
    settings.ALLOWED_HOSTS = ["*"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_process_app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    headers = {"Authorization": f"Bearer {api_key}"}
    slowest = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @examples(
            max_examples=12,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case):
            started = time.perf_counter()
            response = case.call(headers=headers)
            elapsed = time.perf_counter() - started
            slowest.append((elapsed, case.path, case.query))
            assert elapsed < 1.0, (case.path, case.query, elapsed)
            case.validate_response(response, checks=checks)

        run()
    assert len(slowest) > 50
