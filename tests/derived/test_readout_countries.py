"""Each readout's countries (ReadoutCountry) are those of the engagement it is a source of,
with its publication date, after every kind of write that changes them."""

import datetime as dt

import pytest

from engagements.derived import upkeep
from engagements.models import EngagementCountry, EngagementSource, Readout, ReadoutCountry
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db


def from_base_tables() -> set:
    codes: dict[int, list[str]] = {}
    for engagement_id, code in EngagementCountry.objects.values_list("engagement_id", "country_id"):
        codes.setdefault(engagement_id, []).append(code)
    return {
        (readout, engagement, code, published)
        for readout, engagement, published in EngagementSource.objects.values_list(
            "readout_id", "engagement_id", "readout__published_on"
        )
        for code in codes.get(engagement, [])
    }


def stored() -> set:
    upkeep.settle()  # as the writer's commit would
    return set(ReadoutCountry.objects.values_list("readout_id", "engagement_id", "country_id", "published_on"))


def test_the_sample_s_readouts_have_their_engagements_countries(sample):
    counted = stored()
    assert counted == from_base_tables()


def test_writes_that_change_a_readout_s_countries_rewrite_them():
    engagement = factories.EngagementFactory(date=dt.date(2022, 3, 1), countries=["USA", "JPN"])
    other = factories.EngagementFactory(date=dt.date(2022, 3, 5), countries=["USA", "PHL"])
    assert {(code, day) for _r, _e, code, day in stored()} == {
        ("USA", dt.date(2024, 5, 2)),
        ("JPN", dt.date(2024, 5, 2)),
        ("PHL", dt.date(2024, 5, 2)),
    }
    # Japan's account of the meeting joins it as a second source.
    japanese = factories.ReadoutFactory(publisher_id="JPN", published_on=dt.date(2022, 3, 2))
    source = EngagementSource.objects.create(engagement=engagement, readout=japanese, decided_by="matcher")
    assert (japanese.pk, engagement.pk, "JPN", dt.date(2022, 3, 2)) in stored()
    # A country added to the engagement, its readouts' date changed, the source moved.
    EngagementCountry.objects.create(engagement=engagement, country_id="AUS", date=engagement.date)
    Readout.objects.filter(pk=japanese.pk).update(published_on=dt.date(2022, 3, 3))
    assert (japanese.pk, engagement.pk, "AUS", dt.date(2022, 3, 3)) in stored()
    source.engagement = other
    source.save()
    assert {code for r, _e, code, _d in stored() if r == japanese.pk} == {"USA", "PHL"}
    # The engagement deleted with its readout: its rows go.
    engagement.readout.delete()
    assert stored() == from_base_tables()
    assert all(e != engagement.pk for _r, e, _c, _d in stored())
    assert_settled_state_equals_a_rebuild()


def test_the_readouts_list_by_country_keeps_the_readouts_of_that_country_s_engagements(analyst_client, fresh_pages):
    japanese = factories.EngagementFactory(countries=["USA", "JPN"], readout__published_on=dt.date(2023, 1, 10))
    factories.EngagementFactory(countries=["USA", "PHL"], readout__published_on=dt.date(2023, 1, 11))
    late = factories.EngagementFactory(countries=["JPN", "AUS"], readout__published_on=dt.date(2024, 6, 1))
    response = analyst_client.get("/readouts/", {"country": ["JPN", "AUS"], "date_to": "2023-12-31"})
    assert [r.pk for r in response.context["page"].rows] == [japanese.readout_id]
    response = analyst_client.get("/readouts/", {"country": ["JPN", "AUS"]})
    assert [r.pk for r in response.context["page"].rows] == [late.readout_id, japanese.readout_id]  # once each
    assert str(response.context["page"].total) == "2"


@pytest.mark.parametrize("query", [{"country": "JPN"}, {"country": "JPN", "date_from": "2023-01-20", "sort": "oldest"}])
def test_one_country_s_readouts_are_counted_from_its_rows_as_the_list_counts_them(
    analyst_client, fresh_pages, monkeypatch, query
):
    from django.core.cache import cache

    from engagements.dashboard import selectors

    day = dt.date(2023, 1, 1)
    for n in range(60):
        countries = ["USA", "JPN", "AUS"] if n % 4 == 0 else ["USA", "JPN"]
        factories.EngagementFactory(countries=countries, readout__published_on=day + dt.timedelta(days=n))
        factories.EngagementFactory(countries=["USA", "PHL"], readout__published_on=day + dt.timedelta(days=n))
    factories.ReadoutFactory(published_on=day)  # no engagement: no country

    def total():
        cache.clear()
        page = analyst_client.get("/readouts/", {**query, "page": 2}).context["page"]
        return page.total.value, len(page.rows)

    counted = total()
    monkeypatch.setattr(selectors, "readouts_counted", lambda filters: None)  # the list's own count
    assert counted == total()
    assert counted[0] == (60 if "date_from" not in query else 41)
