"""The people list of a country, of one region or topic, of forums, or of kinds and dates alone,
summed from a rollup, shows what the list read from the participations shows."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse

from engagements.dashboard import selectors
from engagements.dashboard.filters import ParticipationFilter
from tests import factories
from tests.dashboard.people_pages import people_shown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rolled_from_one(monkeypatch):
    # The rollup answers however few participations the filters keep.
    monkeypatch.setattr(selectors, "ROLLED_FROM", 1)


ROLLED = [
    "country=MYS",
    "country=USA&kind=call",
    "country=MYS&date_from=2021-03-12&date_to=2022-07-03&sort=most",
    "kind=meeting&kind=call&sort=most",
    "date_from=2021-03-12",
    "topic=maritime+security",
    "region=Asia",
    "region=Europe&sort=most",
    "forum=ADMM-Plus&forum=Shangri-La+Dialogue",
    "topic=cybersecurity&kind=meeting",
    "region=Asia&kind=call&kind=meeting&sort=most",
    "region=Europe&date_from=2021-03-12&date_to=2022-07-03",  # partial months at both ends
    "topic=maritime+security&date_from=2020-02-15&sort=most",
    "region=Asia&date_from=2019-09-02&date_to=2019-09-29",  # inside one month
]


def shown(client, query: str, *, rolled: bool, monkeypatch) -> tuple[str, list[tuple]]:
    monkeypatch.setattr(selectors, "ROLLED_SORTS", ("name", "most") if rolled else ())
    return people_shown(client, query)


@pytest.mark.parametrize("query", ROLLED)
def test_the_rolled_people_list_equals_the_list_read_from_participations(
    analyst_client, sample, fresh_pages, monkeypatch, query
):
    assert selectors.rolled_people(ParticipationFilter(QueryDict(query))) is not None
    rolled = shown(analyst_client, query, rolled=True, monkeypatch=monkeypatch)
    read = shown(analyst_client, query, rolled=False, monkeypatch=monkeypatch)
    assert rolled == read
    assert rolled[1], "the query keeps someone"


@pytest.mark.parametrize(
    "query",
    [
        "country=MYS&country=PHL",  # two countries: an engagement may have both
        "topic=maritime+security&topic=cybersecurity",
        "topic=maritime+security&sort=recent",  # each one's last date needed to sort
        "topic=maritime+security&nationality=MYS",
        "country=MYS&participant=Rahman",
        "",  # every person: the list of all people reads them in order
    ],
)
def test_filters_the_rollup_does_not_answer_read_the_participations(query):
    assert selectors.rolled_people(ParticipationFilter(QueryDict(query))) is None


def test_a_filter_that_keeps_few_participations_reads_them(sample, monkeypatch):
    query = ParticipationFilter(QueryDict("topic=maritime+security"))
    kept = sum(n for n, _last, _title in selectors.kept_people(query).values())
    monkeypatch.setattr(selectors, "ROLLED_FROM", kept)
    assert selectors.rolled_people(query) is not None
    cache.clear()
    monkeypatch.setattr(selectors, "ROLLED_FROM", kept + 1)
    assert selectors.rolled_people(query) is None


def test_a_topics_people_are_paged_by_name_and_by_engagements(analyst_client, fresh_pages, monkeypatch):
    people = [factories.PersonFactory(name=f"Minister {n:02d}", country_id="MYS") for n in range(60)]
    for n, person in enumerate(people):
        for month in range(1 + n % 3):  # 1, 2 or 3 engagements each
            engagement = factories.EngagementFactory(
                date=dt.date(2022, 1 + month, 1 + n % 28), topics=["maritime security"]
            )
            factories.ParticipationFactory(engagement=engagement, person=person, title=f"Title {n}.{month}")
    factories.ParticipationFactory(person=factories.PersonFactory(name="Off Topic", country_id="USA"))
    for sort in ("name", "most"):
        total, rows = shown(
            analyst_client, f"topic=maritime+security&sort={sort}", rolled=True, monkeypatch=monkeypatch
        )
        assert total == "60"
        assert len(rows) == 60 and len({name for name, *_ in rows}) == 60
        assert (total, rows) == shown(
            analyst_client, f"topic=maritime+security&sort={sort}", rolled=False, monkeypatch=monkeypatch
        )
    # Most engagements first: the twenty with three (n % 3 == 2), by name.
    assert rows[0][:3] == ("Minister 02", "Malaysia", 3)
    assert rows[0][3:] == (dt.date(2022, 3, 3), "Title 2.2")
    assert rows[-1][:3] == ("Minister 57", "Malaysia", 1)


@pytest.mark.parametrize("query", ["country=MYS&sort=most", "region=Asia", "topic=maritime+security&kind=meeting"])
def test_the_people_csv_of_a_rolled_list_is_the_csv_read_from_participations(
    analyst_client, sample, monkeypatch, query
):
    def csv(rolled: bool) -> str:
        monkeypatch.setattr(selectors, "ROLLED_SORTS", ("name", "most") if rolled else ())
        cache.clear()
        response = analyst_client.get(reverse("engagements:people_csv"), QueryDict(query))
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    rolled = csv(True)
    assert rolled == csv(False)
    assert rolled.count("\n") > 2, "a header and people"


def test_a_rolled_export_reads_its_people_a_chunk_at_a_time_in_the_lists_order(sample):
    filters = ParticipationFilter(QueryDict("region=Asia&sort=most"))
    rolled = selectors.rolled_people(filters)
    exported = list(selectors.people_for_export(filters=filters, chunk_size=7))
    assert [person.pk for person in exported] == rolled.ids and len(rolled.ids) > 7
    assert [person.engagement_count for person in exported] == [rolled.counts[pk] for pk in rolled.ids]


def test_a_person_whose_last_row_has_no_title_shows_that_date_and_their_latest_title(
    analyst_client, fresh_pages, monkeypatch
):
    person = factories.PersonFactory(name="Mara Lindqvist", country_id="MYS")
    other = factories.PersonFactory(name="Noor Aziz", country_id="MYS")
    for day, title in ((dt.date(2021, 2, 3), "Deputy Minister"), (dt.date(2023, 6, 7), "")):
        engagement = factories.EngagementFactory(date=day, countries=["USA", "MYS"])
        factories.ParticipationFactory(engagement=engagement, person=person, title=title)
        factories.ParticipationFactory(engagement=engagement, person=other, title=f"Envoy {day.year}")
    total, rows = shown(analyst_client, "country=MYS", rolled=True, monkeypatch=monkeypatch)
    people = {name: (n, last, title) for name, _country, n, last, title in rows}
    assert people["Mara Lindqvist"] == (2, dt.date(2023, 6, 7), "Deputy Minister")
    assert people["Noor Aziz"] == (2, dt.date(2023, 6, 7), "Envoy 2023")
    assert (total, rows) == shown(analyst_client, "country=MYS", rolled=False, monkeypatch=monkeypatch)
