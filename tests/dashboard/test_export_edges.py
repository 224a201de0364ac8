"""Edges of the filters and the CSV reports: calendar-edge dates, a search with no match,
line feeds inside cells, and formula triggers behind invisible or full-width characters."""

import csv
import io

import pytest
from django.urls import reverse

from engagements.dashboard.exports import neutralise
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = ["overview", "engagements", "agreements", "exercises", "people", "readouts"]
EXPORTS = ["engagements_csv", "agreements_csv", "exercises_csv", "people_csv", "readouts_csv"]


@pytest.mark.parametrize("query", [{"date_from": "9999-12-31"}, {"date_to": "0001-01-01"}])
def test_calendar_edge_dates_are_a_400_with_the_forms_message(editor_client, sample, query):
    for route in PAGES + EXPORTS:
        response = editor_client.get(reverse(f"engagements:{route}"), query)
        assert response.status_code == 400, route
        assert "Choose a date from 1900-01-01 to 2100-12-31" in response.content.decode(), route


def test_dates_inside_the_window_still_filter(analyst_client, sample):
    response = analyst_client.get(reverse("engagements:overview"), {"date_from": "1900-01-01", "date_to": "2100-12-31"})
    assert response.status_code == 200


def test_a_best_match_export_with_no_match_ends_cleanly_with_the_header(editor_client, sample):
    response = editor_client.get(reverse("engagements:engagements_csv"), {"q": "zyzzyvaquux"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    [header] = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert header[0] == "Engagement ID"


def test_a_line_feed_inside_a_cell_is_kept_as_it_is(editor_client, db):
    factories.EngagementFactory(
        readout=factories.ReadoutFactory(title='First line\nsecond line, "quoted"\nthird', text="A readout."),
        location='Manila\n"Camp" Aguinaldo',
    )
    factories.EngagementFactory(location="Tokyo")
    text = b"".join(editor_client.get(reverse("engagements:engagements_csv")).streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    titles = {dict(zip(header, row, strict=True))["Title"] for row in rows}
    assert 'First line\nsecond line, "quoted"\nthird' in titles
    assert 'Manila\n"Camp" Aguinaldo' in {dict(zip(header, row, strict=True))["Location"] for row in rows}


def test_the_copy_export_ends_rows_with_crlf_in_pieces_cut_anywhere(editor_client, db, monkeypatch):
    from engagements.dashboard import exports

    for n in range(6):
        factories.EngagementFactory(location=f'Line {n}\nnext, "q"')
    monkeypatch.setattr(exports, "COPY_PIECE", 7)  # cut inside quoted cells
    text = b"".join(editor_client.get(reverse("engagements:engagements_csv")).streaming_content).decode()
    _header, *rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 6
    assert text.count("\r\n") == 7  # the header and six rows; the cells' own line feeds stay LF
    assert text.count("\n") == 13


@pytest.mark.parametrize(
    "value",
    [
        "\ufeff=1+1",
        "\u200b=cmd|' /C calc'!A0",
        "\u200c\u200d+1",
        "\u2060@SUM(A1)",
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20x",
        "\ufeff\uff1dx",
    ],
)
def test_triggers_behind_invisible_or_full_width_characters_are_neutralised(editor_client, db, value):
    assert neutralise(value) == "'" + value
    factories.EngagementFactory(location=value)
    text = b"".join(editor_client.get(reverse("engagements:engagements_csv")).streaming_content).decode()
    header, row = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert dict(zip(header, row, strict=True))["Location"] == "'" + value


def test_invisible_characters_before_ordinary_text_are_left_alone():
    assert neutralise("\ufeffMalaysia") == "\ufeffMalaysia"
    assert neutralise("\u200bTokyo") == "\u200bTokyo"
