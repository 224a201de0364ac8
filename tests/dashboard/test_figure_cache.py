"""Cached figures are keyed by the validated filters in a normal form: parameters the form
does not know, and the order of parameters or values, neither bypass the cache nor fill it."""

import re

import pytest
from django.urls import reverse

from engagements.dashboard import charts
from engagements.dashboard.views import overview
from tests import factories
from tests.support import counting

pytestmark = pytest.mark.django_db

SAME_AS_NOTHING = ["", "?x=1", "?x=2", "?utm_source=mail&page=3"]
SAME_AS_EACH_OTHER = [
    "?country=MYS&country=PHL&kind=call",
    "?kind=call&country=PHL&country=MYS",
    "?country=PHL&kind=call&country=MYS&junk=%00",
]


@pytest.fixture
def data(db):
    factories.EngagementFactory(countries=["USA", "MYS"], kind="call")
    factories.EngagementFactory(countries=["USA", "PHL"], kind="meeting")


def test_the_overview_builds_its_figures_once_per_set_of_valid_filters(analyst_client, data, monkeypatch):
    builds = counting(monkeypatch, overview, "_figures")
    for query in SAME_AS_NOTHING:
        assert analyst_client.get(reverse("engagements:overview") + query).status_code == 200
    assert len(builds) == 1
    for query in SAME_AS_EACH_OTHER:
        assert analyst_client.get(reverse("engagements:overview") + query).status_code == 200
    assert len(builds) == 2


def test_the_list_timeline_is_built_once_per_set_of_valid_filters(analyst_client, data, monkeypatch):
    builds = counting(monkeypatch, charts, "timeline")
    for query in SAME_AS_NOTHING[:3] + SAME_AS_EACH_OTHER:
        assert analyst_client.get(reverse("engagements:engagements") + query).status_code == 200
    assert len(builds) == 2


def test_chart_links_carry_no_parameter_the_form_does_not_know(analyst_client, sample):
    html = analyst_client.get(reverse("engagements:overview") + "?country=MYS&tracking=abc").content.decode()
    figures = re.findall(r'<script id="[^"]*-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    links = [link for figure in figures for link in re.findall(r'"(/[a-z]+/\?[^"]*)"', figure)]
    assert links and all("country=MYS" in link or "with_country" in link for link in links)
    assert not any("tracking" in link for link in links)


def test_a_filtered_list_s_total_is_counted_once_per_data_version(analyst_client, monkeypatch, fresh_pages):
    from engagements.dashboard.views import lists

    for _ in range(55):  # more than a page, so the total has to be counted
        factories.EngagementFactory(countries=["USA", "MYS"])
    counts = counting(monkeypatch, lists, "count_rows")
    # (A parse status besides the country: no rollup counts readouts by status.)
    url = reverse("engagements:readouts") + "?country=MYS&status=parsed"
    assert analyst_client.get(url).context["page"].total.value == 55
    assert analyst_client.get(url).context["page"].total.value == 55
    assert len(counts) == 1
    # A new readout moves the data version: the total is counted again, and right.
    factories.EngagementFactory(countries=["USA", "MYS"])
    assert analyst_client.get(url).context["page"].total.value == 56
    assert len(counts) == 2
