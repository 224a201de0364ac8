"""One set of filters, one set of rows: the list page, its CSV and the API agree, in order."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import pull

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_sample(db):
    from tests.dashboard.sample import build

    return build(30, seed=11)


# list: (page route, CSV route, API path, its sorts)
LISTS = {
    "engagements": (
        "engagements:engagements",
        "engagements:engagements_csv",
        "/api/v1/engagements",
        ["newest", "oldest", "relevance"],
    ),
    "agreements": (
        "engagements:agreements",
        "engagements:agreements_csv",
        "/api/v1/agreements",
        ["newest", "oldest", "agreement", "relevance"],
    ),
    "exercises": (
        "engagements:exercises",
        "engagements:exercises_csv",
        "/api/v1/exercises",
        ["newest", "oldest", "exercise", "relevance"],
    ),
    "people": ("engagements:people", "engagements:people_csv", "/api/v1/people", ["name", "most", "recent"]),
    "readouts": (
        "engagements:readouts",
        "engagements:readouts_csv",
        "/api/v1/readouts",
        ["newest", "oldest", "relevance"],
    ),
}

FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "country": st.lists(
            st.sampled_from(["MYS", "PHL", "JPN", "USA", "GBR", "AUS"]), min_size=1, max_size=2, unique=True
        ),
        "kind": st.lists(
            st.sampled_from(["meeting", "call", "visit", "dialogue", "multilateral"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "topic": st.lists(
            st.sampled_from(["maritime security", "cybersecurity", "space", "interoperability"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "date_from": st.sampled_from(["2019-06-01", "2021-01-01", "2023-03-15"]),
        "date_to": st.sampled_from(["2020-12-31", "2024-06-30", "2025-12-31"]),
        "q": st.sampled_from(["security", "maritime", "defense industry", "Rahman -Avery"]),
        "participant": st.sampled_from(["Avery", "Morgan", "Tanaka"]),
        "agreement_kind": st.lists(st.sampled_from(["ACSA", "MOU", "GSOMIA"]), min_size=1, max_size=2, unique=True),
        "exercise": st.sampled_from(["Balikatan", "Pacific"]),
    },
)


def page_ids(client, route, params):
    ids, number = [], 1
    while True:
        response = client.get(reverse(route), {**params, "page": number})
        if response.status_code != 200:
            return response.status_code
        page = response.context["page"]
        ids += [row.pk for row in page.rows]
        if not page.has_next:
            return ids
        number += 1


def csv_ids(client, route, params):
    response = client.get(reverse(route), params)
    if response.status_code != 200:
        return response.status_code
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return [int(row[0]) for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]


def api_ids(client, path, params):
    response = client.get(path, params)
    if response.status_code != 200:
        return response.status_code
    return [row["id"] for row in pull(client, path, params, page_size=9)]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(LISTS)), filters=FILTERS, data=st.data())
def test_the_page_the_csv_and_the_api_list_the_same_rows_in_the_same_order(
    api, analyst, small_sample, name, filters, data
):
    api.force_login(analyst)  # the page and the CSV by the session, the API by the token
    page_route, csv_route, path, sorts = LISTS[name]
    params = {**filters, "sort": data.draw(st.sampled_from(sorts), label="sort")}
    on_page = page_ids(api, page_route, params)
    assert csv_ids(api, csv_route, params) == on_page
    assert api_ids(api, path, params) == on_page
