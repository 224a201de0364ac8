"""A readout carrying script, markup and spreadsheet formulas reaches every page, chart and
export as inert text."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse

from engagements.ingest.pipeline import readout_ingest
from engagements.models import Readout

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
TITLE = f"{FORMULA} Readout {ATTRIBUTE}{SCRIPT}"
TEXT = (
    "Secretary of Defense Lloyd J. Austin III met with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin at the Pentagon today.\n"
    f"They discussed maritime security and the note {ATTRIBUTE} that read {SCRIPT}.\n"
    f"A spreadsheet cell {FORMULA} was quoted in the cybersecurity talks."
)


@pytest.fixture
def hostile(db):
    result = readout_ingest(text=TEXT, title=TITLE, published_on=dt.date(2024, 5, 2), url="https://example.org/r/evil")
    assert result.outcome == "new", result.message
    return Readout.objects.get()


def assert_inert(html: str, where: str) -> None:
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    assert "onerror=alert(1)>" not in html, where


def test_every_page_shows_the_readout_as_text(analyst_client, hostile):
    engagement = hostile.engagement
    for url in (
        reverse("engagements:overview"),
        reverse("engagements:engagements"),
        reverse("engagements:engagements") + "?q=spreadsheet",
        reverse("engagements:readouts") + "?q=note+read",
        reverse("engagements:readouts"),
        reverse("engagements:engagement", args=[engagement.pk]),
        reverse("engagements:country", args=["MYS"]),
        reverse("engagements:people"),
    ):
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_chart_payloads_hold_no_markup(analyst_client, hostile):
    html = analyst_client.get(reverse("engagements:engagements")).content.decode()
    payloads = re.findall(r'<script id="[^"]+" type="application/json">(.*?)</script>', html, re.S)
    assert payloads
    for payload in payloads:
        assert "<" not in payload and ">" not in payload  # json_script escapes them
        text = json.dumps(json.loads(payload))
        assert "<script>" not in text and "<img" not in text  # plotly labels are HTML-escaped too


def test_admin_pages_show_the_readout_as_text(editor_client, hostile):
    for url in (
        reverse("admin:engagements_readout_changelist"),
        reverse("admin:engagements_readout_change", args=[hostile.pk]),
        reverse("admin:engagements_engagement_change", args=[hostile.engagement.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


@pytest.mark.parametrize("route", ["engagements_csv", "readouts_csv", "people_csv"])
def test_exports_neutralise_formulas(analyst_client, hostile, route):
    response = analyst_client.get(reverse(f"engagements:{route}"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (route, cell)
    if route != "people_csv":
        assert any(cell.startswith("'=HYPERLINK") for row in rows[1:] for cell in row), route
