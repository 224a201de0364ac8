"""The API's JSON as DRF would write it, from PostgreSQL's rows and orjson's encoder."""

import datetime as dt

import pytest
from rest_framework.renderers import JSONRenderer

from engagements import models
from engagements.api.renderers import FastJSONRenderer
from tests import factories
from tests.api.conftest import pull, reference_row

pytestmark = pytest.mark.django_db

AWKWARD = 'Talks on "ACSA" \\ Sí, 東京\nline\ttab \x01 end </script> \u2028'


def test_an_engagements_page_is_the_bytes_drf_would_write_for_it_even_with_awkward_texts(api):
    engagement = factories.EngagementFactory(
        countries=["MYS"], location=AWKWARD, readout=factories.ReadoutFactory(title=AWKWARD)
    )
    response = api.get("/api/v1/engagements")
    body = response.json()
    assert body["results"][0]["title"] == AWKWARD and body["results"][0]["location"] == AWKWARD
    assert response.content == JSONRenderer().render(body)
    detail = api.get(f"/api/v1/engagements/{engagement.pk}")
    assert detail.content == JSONRenderer().render(body["results"][0])


def test_an_engagements_other_sources_follow_the_lead_by_publication_the_undated_last(api, malaysia_meeting):
    for url, published_on in [("https://b/3", dt.date(2024, 5, 3)), ("https://b/x", None), ("https://b/2", None)]:
        readout = factories.ReadoutFactory(url=url, published_on=published_on)
        models.EngagementSource.objects.create(engagement=malaysia_meeting, readout=readout, decided_by="matcher")
    early = factories.ReadoutFactory(url="https://b/1", published_on=dt.date(2024, 4, 30))
    models.EngagementSource.objects.create(engagement=malaysia_meeting, readout=early, decided_by="matcher")
    [row] = pull(api, "/api/v1/engagements", {"country": "MYS"})
    # Undated ones in the order they were read (by readout).
    assert [s["url"] for s in row["sources"]] == [
        "https://example.gov/r/1",
        "https://b/1",
        "https://b/3",
        "https://b/x",
        "https://b/2",
    ]
    assert row["sources"][1]["published_on"] == "2024-04-30" and row["sources"][3]["published_on"] is None


def test_an_engagement_without_facts_has_empty_lists_not_nulls(api):
    factories.EngagementFactory(countries=[])
    [row] = pull(api, "/api/v1/engagements")
    assert [row[k] for k in ("countries", "participants", "agreements", "exercises", "topics")] == [[]] * 5
    assert row["forum"] is None and len(row["sources"]) == 1


def test_indented_json_when_asked_for_it(api, malaysia_meeting):
    response = api.get("/api/v1/engagements", HTTP_ACCEPT="application/json; indent=2")
    assert response.status_code == 200
    assert response.content.startswith(b'{\n  "next"')
    assert response.json()["results"][0]["id"] == malaysia_meeting.pk


def test_times_and_other_values_come_out_as_drfs_encoder_writes_them():
    data = {
        "at": dt.datetime(2026, 12, 5, 1, 2, 3, 456789, tzinfo=dt.UTC),
        "on": dt.date(2026, 12, 5),
        "n": 3,
        "names": ("a", "b"),
        7: None,
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_every_engagements_row_is_what_the_orm_reads_written_as_drf_would(api, sample):
    # Sources beyond the lead (dated and not, some before the lead), a forum, an awkward
    # title and a person without a country: the parts of a row the sample lacks.
    engagements = list(models.Engagement.objects.order_by("id")[:3])
    for engagement in engagements:  # the lead's own source row, as the ingest writes it
        models.EngagementSource.objects.get_or_create(engagement=engagement, readout=engagement.readout)
    others = [
        (0, dt.date(2030, 1, 1)),
        (0, None),
        (0, dt.date(2020, 1, 2)),
        (0, None),
        (1, None),
        (1, dt.date(2019, 5, 6)),
    ]
    for n, (which, published_on) in enumerate(others):
        readout = factories.ReadoutFactory(url=f"https://b/{n}", published_on=published_on, title=AWKWARD)
        models.EngagementSource.objects.create(engagement=engagements[which], readout=readout, decided_by="matcher")
    engagements[2].forum = factories.ForumFactory()
    engagements[2].save()
    factories.ParticipationFactory(engagement=engagements[2], person=factories.PersonFactory(country_id=None))
    body = {"next": None, "results": [reference_row(e) for e in models.Engagement.objects.order_by("id")]}
    pulled = api.get("/api/v1/engagements", {"sort": "oldest", "page_size": 1000})
    assert pulled.status_code == 200
    # "oldest" orders by date then id: the reference in the same order.
    order = {row["id"]: n for n, row in enumerate(pulled.json()["results"])}
    body["results"].sort(key=lambda row: order[row["id"]])
    assert pulled.content == JSONRenderer().render(body)


def test_rows_not_stored_yet_are_built_from_the_facts_alike(api, sample):
    # As after a bulk load, before the rebuild it owes: no stored row, the same bytes.
    first = models.Engagement.objects.order_by("id").first()
    stored = [api.get("/api/v1/engagements", {"page_size": 1000}), api.get(f"/api/v1/engagements/{first.pk}")]
    models.EngagementApiRow.objects.filter(engagement_id__in=[first.pk, first.pk + 1, first.pk + 5]).delete()
    built = [api.get("/api/v1/engagements", {"page_size": 1000}), api.get(f"/api/v1/engagements/{first.pk}")]
    assert [r.content for r in built] == [r.content for r in stored]
    assert not models.EngagementApiRow.objects.filter(engagement_id=first.pk).exists()
