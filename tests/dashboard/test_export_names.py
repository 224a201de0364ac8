"""Reproducible exports: the file name says what the file holds and when, the response which
data version it was read from."""

import datetime as dt
import re

import pytest
import time_machine
from django.http import QueryDict

from engagements.dashboard.exports import export_filename
from engagements.derived.rollup import data_version

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 12, 4, 19, 30, 12, tzinfo=dt.UTC)


def test_the_name_holds_the_list_its_filters_the_date_range_and_the_time_in_utc():
    canonical = QueryDict("country=MYS&date_from=2020-01-01&date_to=2024-12-31")
    assert (
        export_filename("engagements", canonical, at=AT)
        == "engagements_country-MYS_2020-01-01_2024-12-31_2026-12-04T1930Z.csv"
    )
    assert export_filename("engagements", QueryDict(), at=AT) == "engagements_2026-12-04T1930Z.csv"
    named = QueryDict("country=MYS&country=PHL&q=maritime%20security%20%22ACSA%22&date_to=2024-12-31")
    assert export_filename("readouts", named, sort="oldest", at=AT) == (
        "readouts_country-MYS+PHL_q-maritime-security-ACSA_sort-oldest_to-2024-12-31_2026-12-04T1930Z.csv"
    )


def test_a_name_too_long_is_cut_and_keeps_two_exports_apart():
    first = export_filename("people", QueryDict("participant=" + "a" * 300), at=AT)
    second = export_filename("people", QueryDict("participant=" + "a" * 299 + "b"), at=AT)
    assert len(first) < 180 and first != second
    assert re.fullmatch(r"[A-Za-z0-9._+-]+", first)


@time_machine.travel(AT, tick=False)
def test_the_download_is_named_for_its_filters_and_says_its_data_version(analyst_client, malaysia_meeting):
    response = analyst_client.get(
        "/engagements.csv?date_to=2024-12-31&country=MYS&date_from=2020-01-01&page=3&sort=newest"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="engagements_country-MYS_2020-01-01_2024-12-31_2026-12-04T1930Z.csv"'
    )
    assert response["X-Data-Version"] == str(data_version())
    b"".join(response.streaming_content)
    people = analyst_client.get("/people.csv?nationality=MYS&sort=most")
    assert (
        people["Content-Disposition"] == 'attachment; filename="people_nationality-MYS_sort-most_2026-12-04T1930Z.csv"'
    )
