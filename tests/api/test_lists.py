"""The API's lists and details: what a row holds, pages by cursor, bounded queries."""

import datetime as dt

import pytest

from engagements import models
from engagements.api import serializers
from engagements.derived import upkeep
from engagements.derived.rollup import data_version
from tests import factories
from tests.api.conftest import pull

pytestmark = pytest.mark.django_db


def _fields(serializer) -> set[str]:
    return set(serializer().fields)


def test_an_engagement_comes_with_its_countries_people_agreements_exercises_topics_and_sources(api, malaysia_meeting):
    engagement = malaysia_meeting
    factories.EngagementFactory(countries=["USA", "PHL"])
    upkeep.settle()
    [row] = pull(api, "/api/v1/engagements", {"country": "MYS"})
    assert row["id"] == engagement.pk
    assert row["date"] == "2024-05-01" and row["kind"] == "meeting"
    assert row["countries"] == [
        {"code": "MYS", "name": "Malaysia", "partner": True},
        {"code": "USA", "name": "United States", "partner": False},
    ]
    assert [(p["name"], p["title"], p["country"]) for p in row["participants"]] == [
        ("Adnan Rahman", "Minister of Defence", "MYS")
    ]
    assert [(a["kind"], a["action"]) for a in row["agreements"]] == [("ACSA", "signed")]
    assert row["topics"] == ["maritime security"]
    assert row["sources"][0]["url"] == "https://example.gov/r/1"
    assert row["page"] == f"http://testserver/engagements/{engagement.pk}/"
    assert api.get(f"/api/v1/engagements/{engagement.pk}").json() == row


def test_an_engagement_reported_by_both_sides_lists_both_sources_the_lead_first(api, malaysia_meeting):
    other = factories.ReadoutFactory(
        url="https://mod.example.my/r/9", publisher_id="MYS", published_on=dt.date(2024, 5, 3)
    )
    models.EngagementSource.objects.create(engagement=malaysia_meeting, readout=other, decided_by="matcher")
    [row] = pull(api, "/api/v1/engagements", {"country": "MYS"})
    assert [(s["url"], s["publisher"]) for s in row["sources"]] == [
        ("https://example.gov/r/1", malaysia_meeting.readout.publisher_id),
        ("https://mod.example.my/r/9", "MYS"),
    ]


@pytest.mark.parametrize(
    ("path", "serializer", "nested"),
    [
        ("/api/v1/engagements", serializers.EngagementRow, {"countries": serializers.CountryLink}),
        ("/api/v1/agreements", serializers.AgreementEventRow, {"agreement": serializers.AgreementInEvent}),
        ("/api/v1/exercises", serializers.ExerciseMentionRow, {"exercise": serializers.ExerciseInMention}),
        ("/api/v1/people", serializers.PersonRow, {}),
        ("/api/v1/readouts", serializers.ReadoutRow, {"engagement": serializers.ReadoutEngagement}),
        ("/api/v1/relationships", serializers.RelationshipRow, {}),
    ],
)
def test_every_row_holds_exactly_the_fields_the_schema_describes(api, sample, path, serializer, nested):
    rows = pull(api, path, page_size=50)
    assert rows
    for row in rows:
        assert set(row) == _fields(serializer)
        for name, inner in nested.items():
            value = row[name]
            for item in value if isinstance(value, list) else [value]:
                assert set(item) == _fields(inner)


@pytest.mark.parametrize("name", ["engagements", "agreements", "exercises", "people", "readouts", "relationships"])
def test_every_detail_answers_and_a_missing_row_is_a_404(api, sample, name):
    first = api.get(f"/api/v1/{name}", {"page_size": 1}).json()["results"][0]
    key, missing = ("slug", "AAA-ZZZ") if name == "relationships" else ("id", "999999999")
    pk = {"agreements": first.get("agreement", {}).get("id"), "exercises": first.get("exercise", {}).get("id")}.get(
        name, first[key]
    )
    response = api.get(f"/api/v1/{name}/{pk}")
    assert response.status_code == 200 and response.json()[key] == pk
    assert api.get(f"/api/v1/{name}/{missing}").status_code == 404
    if name != "relationships":  # an id past PostgreSQL's bigint: no such row, not a 500
        assert api.get(f"/api/v1/{name}/{10**19}").status_code == 404


def test_a_list_page_costs_the_same_queries_at_ten_rows_and_at_a_hundred(api, sample, django_assert_max_num_queries):
    # The token (with its user), the user's permissions (2), a touch of last_used at most;
    # savepoint, no parallel plans, the page's ids, their stored rows, release; the data version.
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/engagements", {"page_size": 10}).json()["results"]) == 10
    with django_assert_max_num_queries(10):
        assert len(api.get("/api/v1/engagements", {"page_size": 100}).json()["results"]) == 60


def test_a_bad_filter_cursor_or_page_size_is_a_400_naming_it(api, sample):
    assert "country" in api.get("/api/v1/engagements", {"country": "XXX"}).json()
    assert "cursor" in api.get("/api/v1/engagements", {"cursor": "bm90IGEgY3Vyc29y"}).json()
    assert "page_size" in api.get("/api/v1/engagements", {"page_size": "100000"}).json()
    # A cursor edited to hold a value its sort's fields cannot: refused, not a 500.
    from engagements.api.pagination import encode

    assert api.get("/api/v1/engagements", {"cursor": encode("newest", ["not a date", 5])}).status_code == 400
    assert api.get("/api/v1/engagements", {"cursor": encode("oldest", ["2020-01-01", 5])}).status_code == 400


def test_the_response_says_which_data_version_it_read(api, sample):
    assert api.get("/api/v1/engagements").headers["X-Data-Version"] == str(data_version())


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/engagements", {}),
        ("/api/v1/engagements", {"sort": "oldest"}),
        ("/api/v1/engagements", {"q": "security"}),
        ("/api/v1/agreements", {"sort": "agreement"}),
        ("/api/v1/people", {"sort": "most"}),
        ("/api/v1/people", {"sort": "recent"}),
        ("/api/v1/readouts", {"sort": "oldest"}),
    ],
)
def test_small_pages_give_the_same_rows_in_the_same_order_as_one_big_page(api, sample, path, params):
    factories.EngagementFactory(date=None, countries=["USA", "MYS"])
    factories.EngagementFactory(date=None, countries=["USA", "PHL"])
    upkeep.settle()
    whole = [row["id"] for row in pull(api, path, params, page_size=100)]
    assert len(whole) == len(set(whole)) > 2
    assert [row["id"] for row in pull(api, path, params, page_size=3)] == whole


def test_undated_engagements_come_last_either_way(api, sample):
    undated = factories.EngagementFactory(date=None, countries=["USA", "MYS"])
    upkeep.settle()
    for sort in ("newest", "oldest"):
        rows = pull(api, "/api/v1/engagements", {"sort": sort}, page_size=7)
        assert rows[-1]["id"] == undated.pk and rows[-1]["date"] is None


def test_paging_returns_every_row_exactly_once_while_rows_are_inserted(api, sample):
    """Rows arriving between pages (newer, older, undated, on the very date of the cursor)
    never make a row come twice or go missing."""
    before = {row["id"] for row in pull(api, "/api/v1/engagements", page_size=1000)}
    seen, inserted = [], set()
    response = api.get("/api/v1/engagements", {"page_size": 7})
    dates = [dt.date(2030, 1, 1), dt.date(2018, 1, 1), None]
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if body["results"] and body["results"][-1]["date"]:
            dates.append(dt.date.fromisoformat(body["results"][-1]["date"]))  # the cursor's own date
        for date in dates[-2:]:
            inserted.add(factories.EngagementFactory(date=date, countries=["USA", "JPN"]).pk)
        upkeep.settle()
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert len(seen) == len(set(seen))
    assert before <= set(seen) <= before | inserted
