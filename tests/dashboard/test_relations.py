"""Relationship pages, the relationships index and the network of defence ties."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from engagements.dashboard.relations import parse_slug
from engagements.derived import upkeep
from engagements.models import Country, Engagement, EngagementSource
from tests import factories
from tests.dashboard.test_charts import figures

pytestmark = pytest.mark.django_db


def relationship(slug: str) -> str:
    return reverse("engagements:relationship", args=[slug])


@pytest.fixture
def ties(db):
    """Malaysia and the United States: three engagements over two years, an agreement planned
    then signed, a minister and a secretary, one readout published by Malaysia; and one
    engagement of the US with the Philippines."""
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    secretary = factories.PersonFactory(name="Lee Avery", country_id="USA")
    agreement = factories.AgreementFactory(name="Malaysia ACSA")
    agreement.countries.add("USA", "MYS")
    exercise = factories.ExerciseFactory(name="Keris Strike")
    first = factories.EngagementFactory(date=dt.date(2021, 3, 4), kind="meeting", countries=["USA", "MYS"])
    second = factories.EngagementFactory(date=dt.date(2022, 6, 9), kind="call", countries=["USA", "MYS"])
    third = factories.EngagementFactory(
        date=dt.date(2022, 11, 20),
        kind="meeting",
        countries=["USA", "MYS"],
        readout=factories.ReadoutFactory(publisher_id="MYS", title="Kenyataan media: mesyuarat"),
    )
    factories.ParticipationFactory(engagement=first, person=minister, title="Defence Minister")
    factories.ParticipationFactory(engagement=third, person=minister, title="Senior Minister of Defence")
    factories.ParticipationFactory(engagement=third, person=secretary, title="Secretary of Defense")
    factories.AgreementEventFactory(engagement=first, agreement=agreement, action="planned")
    factories.AgreementEventFactory(engagement=third, agreement=agreement, action="signed")
    factories.ExerciseMentionFactory(engagement=second, exercise=exercise)
    other = factories.EngagementFactory(date=dt.date(2022, 1, 1), countries=["USA", "PHL"])
    upkeep.settle()
    return {"engagements": [first, second, third], "other": other, "agreement": agreement}


@pytest.mark.parametrize(
    ("slug", "pair"),
    [("JPN-PHL", ("JPN", "PHL")), ("phl-Jpn", ("PHL", "JPN")), ("JPN-JPN", None), ("JPNPHL", None), ("J-PHL", None)],
)
def test_slugs(slug, pair):
    assert parse_slug(slug) == pair


@pytest.mark.parametrize("slug", ["USA-MYS", "usa-mys", "mys-usa"])
def test_any_order_or_case_redirects_for_good_to_the_sorted_codes_keeping_the_filters(analyst_client, slug):
    response = analyst_client.get(relationship(slug), {"kind": "call"})
    assert response.status_code == 301
    assert response["Location"] == relationship("MYS-USA") + "?kind=call"


def test_the_csv_redirects_too(analyst_client):
    response = analyst_client.get(reverse("engagements:relationship_csv", args=["USA-MYS"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("engagements:relationship_csv", args=["MYS-USA"])


@pytest.mark.parametrize("slug", ["USA-USA", "MYS-XXX", "usa", "USA-MYS-PHL"])
def test_unknown_codes_or_the_same_code_twice_are_not_found(analyst_client, slug):
    assert analyst_client.get(relationship(slug)).status_code == 404


def test_the_page_needs_a_login(client):
    response = client.get(relationship("MYS-USA"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_shows_the_relationship(analyst_client, ties):
    response = analyst_client.get(relationship("MYS-USA"))
    assert response.status_code == 200
    context = response.context
    assert context["total"].value == 3
    assert context["page"].rows == [e.pk for e in reversed(ties["engagements"])]  # newest first
    # The agreement's current state is its latest action, with its date and its history.
    (agreement,) = context["agreements"]
    assert (agreement.state, agreement.state_on) == ("signed", dt.date(2022, 11, 20))
    assert [event.action for event in agreement.history] == ["planned", "signed"]
    # Who met, on each side: the latest title there, and the years.
    people = {side.code: rows for side, rows in context["people"]}
    (minister,) = people["MYS"]
    assert (minister["person__name"], minister["title"], minister["n"]) == (
        "Adnan Rahman",
        "Senior Minister of Defence",
        2,
    )
    assert (minister["first"].year, minister["last"].year) == (2021, 2022)
    assert [p["person__name"] for p in people["USA"]] == ["Lee Avery"]
    # Who publishes: each side's readouts.
    assert {p["code"]: p["n"] for p in context["publishers"]} == {"USA": 2, "MYS": 1}
    assert [x["exercise__name"] for x in context["exercises"]] == ["Keris Strike"]
    html = response.content.decode()
    assert "Malaysia ACSA" in html and "Kenyataan media" in html
    assert "pair-kinds" in figures(html)


def test_a_meeting_both_sides_reported_counts_once_and_each_side_s_readout_is_counted(analyst_client, ties):
    first = ties["engagements"][0]
    malaysian = factories.ReadoutFactory(publisher_id="MYS", title="Malaysia's account of the meeting")
    EngagementSource.objects.create(engagement=first, readout=malaysian, decided_by="matcher")
    context = analyst_client.get(relationship("MYS-USA")).context
    assert context["total"].value == 3
    assert {p["code"]: p["n"] for p in context["publishers"]} == {"USA": 2, "MYS": 2}


def test_the_page_follows_dates_and_kinds(analyst_client, ties):
    _first, second, third = ties["engagements"]
    response = analyst_client.get(relationship("MYS-USA"), {"date_from": "2022-01-01", "kind": "meeting"})
    assert response.context["page"].rows == [third.pk]
    assert response.context["total"].value == 1
    response = analyst_client.get(relationship("MYS-USA"), {"date_from": "2022-06-09", "date_to": "2022-06-09"})
    assert response.context["page"].rows == [second.pk]
    # Filters the page does not offer change nothing.
    response = analyst_client.get(relationship("MYS-USA"), {"topic": "space"})
    assert response.context["total"].value == 3


def test_bad_dates_are_a_bad_request_listing_nothing(analyst_client, ties):
    response = analyst_client.get(relationship("MYS-USA"), {"date_from": "2023-01-01", "date_to": "2022-01-01"})
    assert response.status_code == 400
    assert response.context["page"].rows == []


def test_empty_states(analyst_client, ties):
    never = analyst_client.get(relationship("JPN-KOR"))
    assert never.status_code == 200
    assert "No engagements between Japan and South Korea yet" in never.content.decode()
    not_then = analyst_client.get(relationship("MYS-USA"), {"date_to": "2000-01-01"})
    assert "match these filters" in not_then.content.decode()


def test_the_pages_list_twenty_five_at_a_time(analyst_client, ties):
    for day in range(55):
        factories.EngagementFactory(date=dt.date(2015, 1, 1) + dt.timedelta(days=day), countries=["USA", "MYS"])
    upkeep.settle()
    first = analyst_client.get(relationship("MYS-USA")).context["page"]
    second = analyst_client.get(relationship("MYS-USA"), {"page": 2}).context["page"]
    assert (len(first.rows), len(second.rows), first.total.value) == (25, 25, 58)
    assert not set(first.rows) & set(second.rows)


@pytest.mark.parametrize(
    "query",
    [{}, {"sort": "oldest"}, {"kind": "call"}, {"date_from": "2015-01-03", "date_to": "2015-01-10", "sort": "oldest"}],
)
def test_a_busy_pair_s_pages_walk_its_first_country_s_rows_in_the_list_s_order(
    analyst_client, ties, monkeypatch, query
):
    from engagements.dashboard.views import relations as views

    # Every pair counts as busy, and pages are short: pages cross dates shared by several
    # engagements and the end of the dated ones, where the undated follow.
    monkeypatch.setattr(views, "FEW", 0)
    monkeypatch.setattr(views, "ENGAGEMENTS_PER_PAGE", 4)
    for n in range(24):
        day = None if n % 6 == 5 else dt.date(2015, 1, 1) + dt.timedelta(days=n // 3)
        factories.EngagementFactory(date=day, kind=["meeting", "call"][n % 2], countries=["USA", "MYS"])
        factories.EngagementFactory(date=day, countries=["MYS", "PHL"])  # Malaysia's, not the pair's
    upkeep.settle()
    pair = Engagement.objects.filter(country_links__country="MYS").filter(country_links__country="USA")
    if "kind" in query:
        pair = pair.filter(kind=query["kind"])
    if "date_from" in query:
        pair = pair.filter(date__range=(query["date_from"], query["date_to"]))
    oldest = query.get("sort") == "oldest"
    dated = sorted((e for e in pair if e.date), key=lambda e: (e.date, e.pk), reverse=not oldest)
    undated = sorted((e.pk for e in pair if not e.date), reverse=not oldest)
    expected = [e.pk for e in dated] + undated
    shown, number = [], 1
    while True:
        page = analyst_client.get(relationship("MYS-USA"), {**query, "page": number}).context["page"]
        shown += page.rows
        if not page.has_next:
            break
        number += 1
    assert shown == expected
    assert number == -(-len(expected) // 4)


def test_the_csv_holds_the_pairs_engagements_as_filtered(analyst_client, ties):
    url = reverse("engagements:relationship_csv", args=["MYS-USA"])
    response = analyst_client.get(url, {"date_from": "2022-01-01"})
    assert response.status_code == 200
    # The file's name says the pair and the filters, then the time of export.
    assert 'filename="engagements_MYS-USA_from-2022-01-01_' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert len(lines) == 3  # the header and the two engagements of 2022
    assert "Kenyataan media" in text
    assert analyst_client.get(url, {"date_from": "bad"}).status_code == 400


def test_the_csv_needs_the_export_permission(client, viewer, ties):
    client.force_login(viewer)
    assert client.get(relationship("MYS-USA")).status_code == 200
    assert client.get(reverse("engagements:relationship_csv", args=["MYS-USA"])).status_code == 403


def test_the_index_lists_the_busiest_pairs_first(analyst_client, ties):
    response = analyst_client.get(reverse("engagements:relations"))
    rows = response.context["page"].rows
    assert [(r["a"], r["b"], r["n"]) for r in rows] == [("MYS", "USA", 3), ("PHL", "USA", 1)]
    assert rows[0]["url"] == relationship("MYS-USA")
    response = analyst_client.get(reverse("engagements:relations"), {"kind": "call"})
    assert [(r["a"], r["b"], r["n"]) for r in response.context["page"].rows] == [("MYS", "USA", 1)]
    assert response.context["page"].rows[0]["url"] == relationship("MYS-USA") + "?kind=call"


def test_country_and_engagement_pages_link_to_their_relationships(analyst_client, ties):
    country = analyst_client.get(reverse("engagements:country", args=["MYS"])).content.decode()
    assert f'href="{relationship("MYS-USA")}"' in country
    engagement = ties["engagements"][0]
    page = analyst_client.get(engagement.get_absolute_url()).content.decode()
    assert f'href="{relationship("MYS-USA")}"' in page
    overview = analyst_client.get(reverse("engagements:overview")).content.decode()
    assert f'href="{reverse("engagements:network")}"' in overview


# -- the network ---------------------------------------------------------------------------------


def edges(figure):
    """(count, url) of each edge: the markers at the middle of the lines hold both."""
    (ties,) = [t for t in figure["data"] if t.get("name") == "ties"]
    return [
        (int(hover.rsplit(": ", 1)[1].split()[0].replace(",", "")), url)
        for hover, url in zip(ties["hovertext"], ties["customdata"], strict=True)
    ]


def listed(client, url) -> int:
    """How many engagements the page an edge links to lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].total.value


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"date_from": "2020-03-12", "date_to": "2024-07-03"},  # partial months at both ends
        {"kind": "meeting"},
        {"country": "PHL"},
        # One topic: the pair facts; with partial months and a kind, their edges counted too.
        {"topic": "maritime security"},
        {"topic": "maritime security", "date_from": "2020-03-12", "date_to": "2024-07-03"},
        {"topic": "maritime security", "kind": ["meeting", "call"]},
        # Beyond the rollups: counted from the engagements.
        {"topic": ["maritime security", "cybersecurity"]},
        {"topic": "maritime security", "country": "ISR"},
    ],
)
def test_every_edge_links_to_exactly_the_engagements_it_counts(analyst_client, sample, query):
    response = analyst_client.get(reverse("engagements:network"), query)
    assert response.status_code == 200
    figure = figures(response.content.decode())["network"]
    checked = edges(figure)
    assert checked
    for count, url in checked:
        assert listed(analyst_client, url) == count, url
        path = urlsplit(url).path
        if "topic" not in query:
            assert path.startswith("/relations/"), url
        if "country" in query:
            assert query["country"] in url, url
    # The table lists the same edges with the same links.
    table = response.context["network"].table
    assert [(int(row[1][0].replace(",", "")), row[1][1]) for row in table.rows] == checked


def test_the_network_counts_each_engagement_once_per_pair(analyst_client):
    factories.EngagementFactory(date=dt.date(2023, 1, 1), countries=["USA", "AUS", "JPN"])
    factories.EngagementFactory(date=dt.date(2023, 2, 1), countries=["USA", "JPN"])
    upkeep.settle()
    figure = figures(analyst_client.get(reverse("engagements:network")).content.decode())["network"]
    found = {urlsplit(url).path: n for n, url in edges(figure)}
    assert found == {relationship("JPN-USA"): 2, relationship("AUS-USA"): 1, relationship("AUS-JPN"): 1}


def test_the_network_is_bounded(analyst_client):
    from engagements.dashboard.charts.relations import NETWORK_EDGES

    codes = list(Country.objects.order_by("code").values_list("code", flat=True)[:14])
    engagement = factories.EngagementFactory(countries=codes)  # 91 pairs
    upkeep.settle()
    figure = figures(analyst_client.get(reverse("engagements:network")).content.decode())["network"]
    assert len(edges(figure)) == NETWORK_EDGES
    assert Engagement.objects.filter(pk=engagement.pk).exists()


def test_an_empty_network_says_so(analyst_client):
    response = analyst_client.get(reverse("engagements:network"))
    assert response.status_code == 200
    assert "No engagement between two countries" in response.content.decode()
    assert analyst_client.get(reverse("engagements:network"), {"date_from": "x"}).status_code == 400
