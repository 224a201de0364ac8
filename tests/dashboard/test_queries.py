"""Queries per page stay fixed whatever the number of rows: no N+1 anywhere.

Each page is loaded with 3 and with 30 engagements that all share one partner, one minister,
one agreement and one exercise (so every list, chart and detail page grows with n), under the
same bound. The bound is the count measured, with the expected queries listed.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from engagements.derived import upkeep
from tests import factories

# What each page's render costs: a page kept whole (page_cache.py) is measured at the end.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_pages")]

# Every page as an analyst: session, user, user permissions, group permissions.
AUTH = 4
# The filter panel: country, topic and forum options, and the regions.
FILTER_FORM = 4


@pytest.fixture(params=[3, 30], ids=["3-rows", "30-rows"])
def world(request, db):
    n = request.param
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    agreement = factories.AgreementFactory()
    agreement.countries.add("USA", "MYS")
    exercise = factories.ExerciseFactory(name="Keris Strike")
    forum = factories.ForumFactory()
    engagements = []
    for i in range(n):
        engagement = factories.EngagementFactory(
            date=dt.date(2020, 1, 1) + dt.timedelta(days=40 * i),
            forum=forum,
            countries=["USA", "MYS", "PHL"],
            topics=["maritime security", "space"],
        )
        factories.ParticipationFactory(engagement=engagement, person=minister)
        factories.ParticipationFactory(engagement=engagement)  # a different counterpart each time
        factories.AgreementEventFactory(
            engagement=engagement, agreement=agreement, action=["planned", "signed", "renewed"][i % 3]
        )
        factories.ExerciseMentionFactory(engagement=engagement, exercise=exercise)
        engagements.append(engagement)
    upkeep.settle()  # committed: the overview's charts read the rollup
    return {
        "n": n,
        "engagement": engagements[-1],
        "minister": minister,
        "agreement": agreement,
        "exercise": exercise,
    }


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        response.body = b"".join(response.streaming_content)
        assert response.body.count(b"\r\n") >= 2, url  # header and rows were written
    return response


def test_overview(analyst_client, world, django_assert_max_num_queries):
    # AUTH + FILTER_FORM, then from the monthly rollup: partner counts and their country
    # names, engagements (by kind), agreements signed, exercises, partners per year, top
    # topics and their labels, agreement actions, top forums and their names, kinds; and the
    # timeline points (few engagements: read from the engagements themselves); the data
    # version that keys the figures' cache = 22.
    with django_assert_max_num_queries(AUTH + FILTER_FORM + 14):
        response = get(analyst_client, reverse("engagements:overview"))
    assert response.context["headline"].engagements.value == world["n"]


def test_engagement_list(analyst_client, world, django_assert_max_num_queries):
    # AUTH + FILTER_FORM, then: the page's rows, its partners, participants and topics
    # (3 prefetches), the partner counts and their names (rollup), the timeline, and the data
    # version that keys its cache = 16 (the count is free: one page).
    with django_assert_max_num_queries(AUTH + FILTER_FORM + 8):
        response = get(analyst_client, reverse("engagements:engagements"))
    assert len(response.context["page"].rows) == world["n"]


@pytest.mark.parametrize(
    ("name", "page_queries"),
    [
        ("agreements", 3),  # rows, agreement parties, engagement partners
        ("exercises", 2),  # rows, engagement partners
        ("people", 3),  # rows (their figures as one subquery), their latest titles, the nationality options
        # the data version that keys the search's pool, the pool of matches, rows (with
        # snippets), engagement partners
        ("readouts", 4),
    ],
)
def test_other_lists(analyst_client, world, django_assert_max_num_queries, name, page_queries):
    url = reverse(f"engagements:{name}") + ("?q=readout" if name == "readouts" else "")
    with django_assert_max_num_queries(AUTH + FILTER_FORM + page_queries):
        get(analyst_client, url)
    if name == "readouts":  # the next request of the same search reuses its pool
        with django_assert_max_num_queries(AUTH + FILTER_FORM + page_queries - 1):
            get(analyst_client, url + "&page=1")


def test_lists_with_a_filter_that_needs_a_count(analyst_client, world, django_assert_max_num_queries, settings):
    # A second page: its ids (the country's rows walked by date), rows, the count (rollup),
    # 3 prefetches, partner counts and names, the data version, timeline = 9.
    from engagements.dashboard import pagination

    original = pagination.PER_PAGE
    pagination.PER_PAGE = 2
    try:
        with django_assert_max_num_queries(AUTH + FILTER_FORM + 9):
            response = analyst_client.get(reverse("engagements:engagements"), {"country": "MYS", "page": 2})
    finally:
        pagination.PER_PAGE = original
    assert response.status_code == 200


def test_engagement_detail(analyst_client, world, django_assert_max_num_queries):
    # AUTH, the engagement with its readout and forum, countries, participants, agreement
    # events, exercise mentions, topics, and the History section's revisions of the
    # engagement and of its five fact tables = 16.
    with django_assert_max_num_queries(AUTH + 12):
        get(analyst_client, world["engagement"].get_absolute_url())


def test_country_profile(analyst_client, world, django_assert_max_num_queries):
    # AUTH, country, count and first/last months (rollup), partner counts and their names (rollup),
    # timeline, topics per year and their labels (rollup), leaders (rollup), their names,
    # the top ones with their latest titles, agreements and their milestones (prefetch),
    # exercises (rollup) and their names, its relationships (pair rollup) and their names,
    # the data version that keys their cache = 21.
    with django_assert_max_num_queries(AUTH + 17):
        get(analyst_client, reverse("engagements:country", args=["MYS"]))


def test_countries_index(analyst_client, world, django_assert_max_num_queries):
    # AUTH, partner counts (rollup), the countries with their latest dates = 6.
    with django_assert_max_num_queries(AUTH + 2):
        get(analyst_client, reverse("engagements:countries"))


def test_person_agreement_and_exercise_pages(analyst_client, world, django_assert_max_num_queries):
    # Person: the person, recent participations, their partners (prefetch), the data version
    # that keys the cached counts, titles, counterparts, colleagues, partner countries,
    # summary = 9; then the counts come from the cache = 4.
    with django_assert_max_num_queries(AUTH + 9):
        get(analyst_client, world["minister"].get_absolute_url())
    with django_assert_max_num_queries(AUTH + 4):
        get(analyst_client, world["minister"].get_absolute_url())
    # Agreement: the agreement, each action's first date and count (which give the total),
    # a page of its events with their sentences, its parties = 4.
    with django_assert_max_num_queries(AUTH + 4):
        get(analyst_client, world["agreement"].get_absolute_url())
    # Exercise: the exercise, a page of its mentions, their partners (prefetch), the count
    # (when there is more than a page), its countries = 5.
    with django_assert_max_num_queries(AUTH + 5):
        get(analyst_client, world["exercise"].get_absolute_url())


@pytest.mark.parametrize(
    ("name", "row_queries"),
    [
        # one COPY of the report's query (on the request's connection, beside Django's log)
        ("engagements_csv", 0),
        ("agreements_csv", 3),  # rows, then per chunk: agreement parties, engagement partners
        ("exercises_csv", 3),  # rows, then per chunk: exercise countries, engagement partners
        ("people_csv", 2),  # the people with their counts and country, then per chunk: latest titles
        ("participations_csv", 1),  # one query: the rows with their people and engagements' summaries
        ("readouts_csv", 3),  # rows, then per chunk: engagement partners, topics
    ],
)
def test_exports(analyst_client, world, django_assert_max_num_queries, name, row_queries):
    # + the data version the response names (X-Data-Version).
    with django_assert_max_num_queries(AUTH + 1 + row_queries):
        get(analyst_client, reverse(f"engagements:{name}"))


def test_a_large_export_reads_in_chunks_with_flat_queries(
    analyst_client, world, django_assert_max_num_queries, monkeypatch
):
    # With chunks of 2 rows, 30 rows take 15 chunks: the prefetches run per chunk, never per row.
    from engagements.dashboard import exports

    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    chunks = -(-world["n"] // 2)
    with django_assert_max_num_queries(AUTH + 1 + 1 + 2 * chunks):  # + the data version
        response = get(analyst_client, reverse("engagements:participations_csv"))
    assert response.body.count(b"\r\n") == 1 + 2 * world["n"]  # the header, then two people per engagement


def test_the_engagements_export_relays_one_copy_in_small_pieces_in_the_lists_order(
    analyst_client, world, django_assert_max_num_queries, monkeypatch
):
    from django.http import QueryDict

    from engagements.dashboard import exports, selectors
    from engagements.dashboard.filters import EngagementFilter

    monkeypatch.setattr(exports, "COPY_PIECE", 64)  # bytes: a piece or two per row
    monkeypatch.setattr(exports, "COPY_QUEUE", 1)
    with django_assert_max_num_queries(AUTH + 1):  # + the data version the response names
        response = get(analyst_client, reverse("engagements:engagements_csv") + "?sort=oldest")
    lines = response.body.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == "" and len(lines) == 2 + world["n"]  # the header, the rows, the final CRLF
    exported = [int(line.split(",", 1)[0]) for line in lines[1:-1]]
    listed = selectors.engagement_list(filters=EngagementFilter(QueryDict("sort=oldest")))
    assert exported == list(listed.values_list("pk", flat=True))


def test_the_overview_figures_come_from_the_cache_until_the_data_changes(
    analyst_client, world, django_assert_max_num_queries
):
    get(analyst_client, reverse("engagements:overview"))
    # AUTH + FILTER_FORM, the data version, and the "no data" check: the figures are cached.
    with django_assert_max_num_queries(AUTH + FILTER_FORM + 1):
        response = get(analyst_client, reverse("engagements:overview"))
    assert response.context["headline"].engagements.value == world["n"]
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()  # committed: the rollup recounted, a new data version
    response = get(analyst_client, reverse("engagements:overview"))
    assert response.context["headline"].engagements.value == world["n"] + 1


def test_relationship_page(analyst_client, world, django_assert_max_num_queries):
    # AUTH, then: the two countries, the pair's counts by year and kind (rollup), its ids (a
    # pair this small), the page's rows and their 3 prefetches (partners, participants,
    # topics), the data version that keys the figures' cache; the figures, from the pair
    # facts rollup: topics per year and the topics' labels, the agreements both are parties
    # to, their figures and milestones (2), exercises and their names, the people's counts,
    # names and titles, the publishers and their names = 21.
    with django_assert_max_num_queries(AUTH + 21):
        response = get(analyst_client, reverse("engagements:relationship", args=["MYS-USA"]))
    assert response.context["total"].value == world["n"]


def test_relationship_csv(analyst_client, world, django_assert_max_num_queries):
    # AUTH, the two countries, the data version its header names = 2; the report's COPY
    # streams after the response is made.
    with django_assert_max_num_queries(AUTH + 2):
        response = get(analyst_client, reverse("engagements:relationship_csv", args=["MYS-USA"]))
    assert response.body.count(b"\r\n") == world["n"] + 1


def test_relations_index_and_network(analyst_client, world, django_assert_max_num_queries):
    # AUTH, the data version, every pair's totals (rollup) and the countries' names = 3.
    with django_assert_max_num_queries(AUTH + 3):
        get(analyst_client, reverse("engagements:relations"))
    # AUTH + FILTER_FORM, the data version, the pairs' totals, their names and regions = 4.
    with django_assert_max_num_queries(AUTH + FILTER_FORM + 4):
        get(analyst_client, reverse("engagements:network"))


@pytest.mark.parametrize(
    "route",
    ["overview", "engagements", "agreements", "exercises", "people", "countries", "relations", "network"],
)
def test_a_page_seen_since_the_last_change_costs_the_reader_and_the_data_version(
    analyst_client, world, django_assert_max_num_queries, settings, route
):
    settings.PAGE_CACHE = True
    first = get(analyst_client, reverse(f"engagements:{route}"))
    # AUTH, then the data version that keys the kept page: none of the page's own queries.
    with django_assert_max_num_queries(AUTH + 1):
        again = get(analyst_client, reverse(f"engagements:{route}"))
    # The same page, but for the CSRF token's mask, which is new on every response.
    assert unmasked(again.content) == unmasked(first.content)


def unmasked(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
