"""CSV reports: the filtered rows, readable by Excel and LibreOffice, and safe to open."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from engagements.dashboard.exports import INVISIBLE_LEAD, csv_lines, looks_like_formula, neutralise
from tests import factories

pytestmark = pytest.mark.django_db


def download(client, name, query=None):
    response = client.get(reverse(f"engagements:{name}"), query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return b"".join(response.streaming_content).decode("utf-8")


def parse(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_engagements_csv_holds_the_filtered_rows_with_names_codes_and_links(analyst_client, malaysia_meeting):
    factories.EngagementFactory(countries=["USA", "PHL"])
    text = download(analyst_client, "engagements_csv", {"country": "MYS"})
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # CRLF line ends only
    header, *rows = parse(text)
    assert header[:4] == ["Engagement ID", "Date", "Kind", "Title"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Date"] == "2024-05-01"
    assert row["Partner countries"] == "Malaysia" and row["Partner ISO codes"] == "MYS"
    assert row["All country ISO codes"] == "MYS; USA"
    assert row["Participants"] == "Adnan Rahman (Minister of Defence, MYS)"
    assert row["Topics"] == "Maritime security"
    assert row["Agreements"] == "Acquisition and Cross-Servicing Agreement (signed)"
    assert row["Source URL"] == "https://example.gov/r/1"
    assert row["Engagement page"] == f"http://testserver/engagements/{malaysia_meeting.pk}/"


def test_every_list_exports_its_own_rows(analyst_client, malaysia_meeting):
    factories.ExerciseMentionFactory(
        engagement=malaysia_meeting, exercise=factories.ExerciseFactory(name="Keris Strike")
    )
    expected = {
        "agreements_csv": ("Acquisition and Cross-Servicing Agreement", "Signed"),
        "exercises_csv": ("Keris Strike",),
        "people_csv": ("Adnan Rahman", "Minister of Defence", "Malaysia", "1"),
        "participations_csv": ("Adnan Rahman", "Minister of Defence", "Malaysia"),
        "readouts_csv": ("Readout of a meeting with Malaysia", "Parsed", "Maritime security"),
    }
    for name, cells in expected.items():
        header, *rows = parse(download(analyst_client, name, {"country": "MYS"}))
        assert len(rows) == 1, name
        assert len(rows[0]) == len(header), name
        for cell in cells:
            assert cell in rows[0], (name, cell)
        assert parse(download(analyst_client, name, {"country": "PHL"}))[1:] == [], name


def listed_people(client, query):
    """Every person the people list shows for these filters, page after page, in its order."""
    people, number = [], 1
    while True:
        response = client.get(reverse("engagements:people"), {**query, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        people += [(str(p.pk), p.name, str(p.engagement_count)) for p in page.rows]
        if not page.has_next:
            return people
        number += 1


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "most"},
        {"sort": "recent", "region": "Asia"},
        {"nationality": ["MYS", "PHL"], "sort": "most"},
        {"date_from": "2023-01-01", "kind": "call"},
    ],
)
def test_the_people_csv_has_one_row_per_person_the_list_shows_in_its_order(analyst_client, sample, query):
    listed = listed_people(analyst_client, query)
    assert listed, "the filters should keep some people"
    header, *rows = parse(download(analyst_client, "people_csv", query))
    assert header[:2] == ["Person ID", "Name"] and header[5] == "Engagements"
    assert [(row[0], row[1], row[5]) for row in rows] == listed
    assert len({row[0] for row in rows}) == len(rows)  # one row per person


def test_the_people_csv_follows_the_list_past_its_first_page(analyst_client, db):
    engagement = factories.EngagementFactory()
    for n in range(55):
        person = factories.PersonFactory(name=f"Person {n:02d}")
        factories.ParticipationFactory(engagement=engagement, person=person)
        if n % 3 == 0:  # some people twice, so participations outnumber people
            factories.ParticipationFactory(engagement=factories.EngagementFactory(), person=person)
    listed = listed_people(analyst_client, {"sort": "most"})
    assert len(listed) == 55
    _header, *rows = parse(download(analyst_client, "people_csv", {"sort": "most"}))
    assert [(row[0], row[1], row[5]) for row in rows] == listed


def test_the_people_list_links_both_of_its_exports_with_its_filters(analyst_client, malaysia_meeting):
    response = analyst_client.get(reverse("engagements:people"), {"country": "MYS", "sort": "most", "page": "1"})
    assert response.context["export_url"] == "/people.csv?country=MYS&sort=most"
    html = response.content.decode()
    assert 'href="/people.csv?country=MYS&amp;sort=most"' in html
    assert 'href="/participations.csv?country=MYS&amp;sort=most"' in html
    assert "Export participations CSV" in html


def test_the_participations_csv_has_one_row_per_person_and_engagement(analyst_client, sample):
    from engagements.models import Participation

    header, *rows = parse(download(analyst_client, "participations_csv"))
    assert header[0] == "Participation ID"
    assert len(rows) == Participation.objects.count()
    people = parse(download(analyst_client, "people_csv"))[1:]
    assert len(rows) > len(people)


def test_the_export_link_carries_the_filters_and_sort(analyst_client, malaysia_meeting):
    response = analyst_client.get(reverse("engagements:engagements"), {"country": "MYS", "sort": "oldest", "page": "1"})
    assert response.context["export_url"] == "/engagements.csv?country=MYS&sort=oldest"


def test_cells_that_would_run_as_formulas_are_neutralised(analyst_client, db):
    factories.EngagementFactory(
        readout=factories.ReadoutFactory(title='=HYPERLINK("http://evil.example","x")', text="A readout."),
        location="+1 Main Street, @home",
    )
    header, row = parse(download(analyst_client, "engagements_csv"))
    row = dict(zip(header, row, strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["Location"] == "'+1 Main Street, @home"


def test_invalid_filters_are_refused_rather_than_ignored(analyst_client, malaysia_meeting):
    response = analyst_client.get(reverse("engagements:engagements_csv"), {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert "From: Enter a valid date." in response.content.decode()


def test_an_empty_export_is_a_header_row(analyst_client, db):
    header, *rows = parse(download(analyst_client, "exercises_csv"))
    assert header[0] == "Mention ID" and rows == []


def test_neutralise_leaves_ordinary_values_alone():
    assert neutralise("Malaysia") == "Malaysia"
    assert neutralise(None) == ""
    assert neutralise(12) == "12"
    assert neutralise("-5") == "'-5"
    assert neutralise("\tx") == "'\tx"


# Text that starts like a formula more often than arbitrary text does.
TRICKY = st.text(
    alphabet=st.sampled_from(
        [
            *INVISIBLE_LEAD,
            "=",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "\n",
            "\uff1d",
            "\uff0b",
            "\uff0d",
            "\uff20",
            "a",
            " ",
            "'",
            '"',
        ]
    )
)


@given(st.lists(st.text() | TRICKY, min_size=1, max_size=4))
def test_no_cell_reads_back_as_a_formula_and_each_round_trips(cells):
    text = "".join(csv_lines(["h"] * len(cells), [cells]))
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    _header, row = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(row) == len(cells)
    for original, cell in zip(cells, row, strict=True):
        assert not looks_like_formula(cell)
        assert (cell[1:] if looks_like_formula(original) else cell) == original


@pytest.mark.django_db(transaction=True)  # autocommit, as in a served request
def test_a_download_abandoned_half_way_cancels_its_copy_and_frees_the_connection(
    analyst_client, malaysia_meeting, monkeypatch
):
    import threading

    from engagements.dashboard import exports
    from engagements.models import Engagement

    for _ in range(40):
        factories.EngagementFactory(countries=["PHL"])
    monkeypatch.setattr(exports, "COPY_PIECE", 64)
    monkeypatch.setattr(exports, "COPY_QUEUE", 1)
    response = analyst_client.get(reverse("engagements:engagements_csv"))
    pieces = iter(response.streaming_content)
    next(pieces), next(pieces)  # the header and a first piece of rows
    response.close()  # what the server does when the client goes away
    assert not [t for t in threading.enumerate() if t.name == "csv-copy"]
    assert Engagement.objects.count() == 41  # the connection answers again


@given((st.text() | TRICKY).filter(lambda value: "\x00" not in value))
def test_the_databases_neutralising_agrees_with_pythons(value):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT engagements_csv_cell(%s)", [value])
        assert cursor.fetchone()[0] == neutralise(value)
