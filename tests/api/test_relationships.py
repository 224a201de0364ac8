"""The API's relationships: the busiest pairs as the relationships page lists them, and one
pair as its page shows it, read through the same selectors and cache entries."""

import pytest
from django.core.cache import cache

from engagements.api.pagination import encode
from engagements.dashboard import charts
from engagements.dashboard.relations import busiest_pairs
from engagements.derived.pairs import PairRollup
from tests import factories
from tests.api.conftest import pull

pytestmark = pytest.mark.django_db


def test_the_list_holds_the_busiest_pairs_as_the_relationships_page(api, analyst_client, sample):
    rows = pull(api, "/api/v1/relationships", page_size=7)
    expected = busiest_pairs(PairRollup())
    assert [(r["a"], r["b"], r["engagements"]) for r in rows] == [(p["a"], p["b"], p["n"]) for p in expected]
    first = rows[0]
    assert first["slug"] == f"{first['a']}-{first['b']}"
    assert first["page"] == f"http://testserver/relations/{first['slug']}/"
    page = analyst_client.get("/relations/").content.decode()
    assert f'href="/relations/{first["slug"]}/"' in page


def test_the_list_costs_a_few_queries_at_any_page_size(api, sample, django_assert_max_num_queries):
    # The token and its user's permissions, the data version; cold, every pair's totals
    # (rollup) and the countries' names; the data version of the response.
    for size in (1, 1000):
        cache.clear()
        with django_assert_max_num_queries(10):
            assert api.get("/api/v1/relationships", {"page_size": size}).json()["results"]


def test_the_list_follows_dates_kinds_and_countries(api, ties):
    rows = pull(api, "/api/v1/relationships")
    assert [(r["slug"], r["engagements"]) for r in rows] == [("MYS-USA", 3), ("PHL-USA", 1)]
    rows = pull(api, "/api/v1/relationships", {"date_from": "2022-01-01", "kind": "meeting"})
    assert [(r["slug"], r["engagements"]) for r in rows] == [("MYS-USA", 1), ("PHL-USA", 1)]
    assert rows[0]["detail"] == "http://testserver/api/v1/relationships/MYS-USA?date_from=2022-01-01&kind=meeting"
    assert rows[0]["page"] == "http://testserver/relations/MYS-USA/?date_from=2022-01-01&kind=meeting"
    assert [r["slug"] for r in pull(api, "/api/v1/relationships", {"country": "PHL"})] == ["PHL-USA"]
    assert "country" in api.get("/api/v1/relationships", {"country": "XXX"}).json()
    assert "date_from" in api.get("/api/v1/relationships", {"date_from": "soon"}).json()


def test_the_list_pages_by_cursor_each_pair_once_and_refuses_a_forged_cursor(api, ties):
    one = api.get("/api/v1/relationships", {"page_size": 1}).json()
    assert [r["slug"] for r in one["results"]] == ["MYS-USA"]
    two = api.get(one["next"]).json()
    assert [r["slug"] for r in two["results"]] == ["PHL-USA"] and two["next"] is None
    forged = encode("busiest", ["three", "A", "B", "C", "D"])
    assert "cursor" in api.get("/api/v1/relationships", {"cursor": forged}).json()
    assert "cursor" in api.get("/api/v1/relationships", {"cursor": encode("newest", [None, 1])}).json()


def test_a_relationship_holds_what_its_page_shows(api, ties):
    body = api.get("/api/v1/relationships/usa-mys").json()
    assert body["slug"] == "MYS-USA" and body["name"] == "Malaysia and United States"
    assert body["total"] == 3
    assert body["counts"] == [
        {"year": 2021, "kind": "meeting", "engagements": 1},
        {"year": 2022, "kind": "call", "engagements": 1},
        {"year": 2022, "kind": "meeting", "engagements": 1},
    ]
    [agreement] = body["agreements"]
    assert agreement["name"] == "Malaysia ACSA" and agreement["state"] == "signed"
    assert [step["action"] for step in agreement["history"]] == ["planned", "signed"]
    people = {
        side["country"]: [(p["name"], p["title"], p["engagements"]) for p in side["people"]] for side in body["people"]
    }
    assert people == {
        "MYS": [("Adnan Rahman", "Senior Minister of Defence", 2)],
        "USA": [("Lee Avery", "Secretary of Defense", 1)],
    }
    assert [(p["code"], p["readouts"]) for p in body["publishers"] if p["code"] == "MYS"] == [("MYS", 1)]
    assert [(x["name"], x["mentions"]) for x in body["exercises"]] == [("Keris Strike", 1)]
    assert body["page"] == "http://testserver/relations/MYS-USA/"
    assert body["feed"] == "http://testserver/relations/MYS-USA.atom"
    # The pair's engagements in the API: the engagements list "also with" both.
    listed = pull(api, body["engagements_list"])
    assert sorted(r["id"] for r in listed) == sorted(e.pk for e in ties["engagements"])


def test_a_relationship_follows_dates_and_kinds_and_refuses_bad_ones(api, ties):
    body = api.get("/api/v1/relationships/MYS-USA", {"kind": "call"}).json()
    assert body["total"] == 1 and [c["kind"] for c in body["counts"]] == ["call"]
    assert body["exercises"] and body["engagements_list"].endswith("?with_country=MYS&with_country=USA&kind=call")
    assert body["page"] == "http://testserver/relations/MYS-USA/?kind=call"
    nothing = api.get("/api/v1/relationships/MYS-USA", {"date_from": "2030-01-01"}).json()
    assert nothing["total"] == 0 and nothing["people"][0]["people"] == [] and nothing["agreements"] == []
    assert "date_from" in api.get("/api/v1/relationships/MYS-USA", {"date_from": "soon"}).json()
    assert api.get("/api/v1/relationships/MYS-MYS").status_code == 404
    assert api.get("/api/v1/relationships/MYS-XXX").status_code == 404


def test_a_relationship_reads_the_pages_cached_figures_in_bounded_queries(
    api, analyst_client, ties, monkeypatch, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(30):
        cold = api.get("/api/v1/relationships/MYS-USA").json()
    # The page's visit fills the entry the API reads: then no section is counted again.
    cache.clear()
    assert analyst_client.get("/relations/MYS-USA/").status_code == 200
    built = []
    real = charts.cached
    monkeypatch.setattr(
        charts, "cached", lambda page, query, build: real(page, query, lambda: built.append(page) or build())
    )
    assert api.get("/api/v1/relationships/MYS-USA").json() == cold
    assert built == []


def test_a_relationship_needs_a_token_or_a_session(client, ties):
    assert client.get("/api/v1/relationships").status_code == 401
    assert client.get("/api/v1/relationships/MYS-USA").status_code == 401


def test_a_new_engagement_shows_in_the_next_answer(api, ties):
    assert api.get("/api/v1/relationships/MYS-USA").json()["total"] == 3
    factories.EngagementFactory(countries=["USA", "MYS"])
    from engagements.derived import upkeep

    upkeep.settle()
    assert api.get("/api/v1/relationships/MYS-USA").json()["total"] == 4
