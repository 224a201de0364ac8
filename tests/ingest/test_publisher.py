"""A stored readout's publisher: given, or found from its site or its text, kept with how it was
found and shown with its evidence on the engagement page; a title made for a readout with none."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from engagements.ingest.pipeline import readout_ingest
from engagements.models import Engagement, Readout

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 7, 5)
JAPANESE_CALL = (
    "On July 4, Defense Minister KIHARA held a telephone talk with Mr. Richard Marles, Deputy Prime Minister "
    "and Minister for Defence of Australia."
)
INDIAN_CALL = (
    "Raksha Mantri Shri Rajnath Singh spoke by telephone with the Deputy Prime Minister and Minister for "
    "Defence of Australia Mr Richard Marles on July 4, 2024."
)


def countries_of(readout):
    return sorted(Engagement.objects.get(readout=readout).country_links.values_list("country_id", flat=True))


def test_an_official_sites_readout_is_its_governments_and_no_us_party():
    result = readout_ingest(text=JAPANESE_CALL, published_on=DAY, url="https://www.mod.go.jp/en/article/x.html")
    readout = Readout.objects.get(pk=result.readout.pk)
    assert (readout.publisher_id, readout.publisher_found_by, readout.publisher_evidence) == (
        "JPN",
        "domain",
        "www.mod.go.jp",
    )
    assert countries_of(readout) == ["AUS", "JPN"]


def test_a_republished_readout_is_read_for_its_publisher_with_the_words_as_evidence():
    result = readout_ingest(text=INDIAN_CALL, published_on=DAY, url="https://www.einpresswire.com/article/1/x")
    readout = Readout.objects.get(pk=result.readout.pk)
    assert (readout.publisher_id, readout.publisher_found_by) == ("IND", "text")
    assert readout.text[readout.publisher_evidence_start : readout.publisher_evidence_end] == "Raksha Mantri"
    assert countries_of(readout) == ["AUS", "IND"]


def test_a_given_publisher_is_kept_on_a_reparse():
    from engagements.ingest.pipeline import readout_parse

    result = readout_ingest(text=INDIAN_CALL, published_on=DAY, publisher="AUS")
    readout = Readout.objects.get(pk=result.readout.pk)
    assert (readout.publisher_id, readout.publisher_found_by) == ("AUS", "flag")
    readout_parse(readout)
    readout.refresh_from_db()
    assert (readout.publisher_id, readout.publisher_found_by) == ("AUS", "flag")


def test_a_readout_without_a_title_gets_one_from_its_facts():
    result = readout_ingest(text=INDIAN_CALL, published_on=DAY)
    assert Readout.objects.get(pk=result.readout.pk).title == "Call: India - Australia, 4 Jul 2024"


def test_the_import_flag_goes_before_a_records_publisher(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "published": "2024-07-05", "text": INDIAN_CALL, "publisher": "IND"}))
    call_command("import_readouts", str(path), "--publisher", "GBR", "--no-progress", stdout=StringIO())
    readout = Readout.objects.get()
    assert (readout.publisher_id, readout.publisher_found_by) == ("GBR", "flag")


def test_a_records_publisher_field_is_used_without_the_flag(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "published": "2024-07-05", "text": INDIAN_CALL, "publisher": "AUS"}))
    call_command("import_readouts", str(path), "--no-progress", stdout=StringIO())
    readout = Readout.objects.get()
    assert (readout.publisher_id, readout.publisher_found_by) == ("AUS", "jsonl")


def test_extract_takes_a_publisher_flag(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "published": "2024-07-05", "text": INDIAN_CALL}))
    out = StringIO()
    call_command("extract", "--jsonl", str(path), "--publisher", "gbr", stdout=out)
    row = json.loads(out.getvalue())
    assert row["publisher"]["country"] == "GBR" and row["publisher"]["found_by"] == "flag"
    assert "GBR" in row["engagement"]["countries"]


def test_the_engagement_page_says_how_the_publisher_was_found(analyst_client, django_assert_max_num_queries):
    result = readout_ingest(text=INDIAN_CALL, published_on=DAY, url="https://www.einpresswire.com/article/1/x")
    engagement = Engagement.objects.get(readout_id=result.readout.pk)
    url = reverse("engagements:engagement", args=[engagement.pk])
    response = analyst_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    readout = Readout.objects.get(pk=result.readout.pk)
    anchor = f"ev-{readout.publisher_evidence_start}-{readout.publisher_evidence_end}"
    assert "India, from the text (Raksha Mantri)" in page
    assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page


def test_an_editors_publisher_is_kept_on_a_reparse(editor_client):
    result = readout_ingest(text=INDIAN_CALL, published_on=DAY, url="https://www.einpresswire.com/article/1/x")
    readout = Readout.objects.get(pk=result.readout.pk)
    engagement = Engagement.objects.get(readout=readout)
    assert readout.publisher_found_by == "text"
    change = reverse("admin:engagements_readout_change", args=[readout.pk])
    form_data = {
        "title": readout.title,
        "published_on": DAY.isoformat(),
        "url": readout.url,
        "publisher": "AUS",
        "_reparse": "Re-parse this readout",
        "engagement-TOTAL_FORMS": "1",
        "engagement-INITIAL_FORMS": "1",
        "engagement-MIN_NUM_FORMS": "0",
        "engagement-MAX_NUM_FORMS": "0",
        "engagement-0-id": str(engagement.pk),
        "engagement-0-readout": str(readout.pk),
    }
    assert editor_client.post(change, form_data, follow=True).status_code == 200
    readout.refresh_from_db()
    assert (readout.publisher_id, readout.publisher_found_by) == ("AUS", "flag")
