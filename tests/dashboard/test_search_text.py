"""What a readout or a search holds comes back as it is: snippets highlight the matches and
nothing else, and chart links keep a search's words as typed."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_private_use_characters_in_a_readout_make_no_highlight_of_their_own(analyst_client):
    factories.EngagementFactory(
        readout=factories.ReadoutFactory(
            text="Opening \ue001 remarks \ue000 then talks on cybersecurity and \ue000 the \ue001 region."
        )
    )
    response = analyst_client.get(reverse("engagements:readouts"), {"q": "cybersecurity"})
    html = response.content.decode()
    snippets = re.findall(r'<p class="snippet[^"]*">(.*?)</p>', html, re.DOTALL) or [html]
    marks = re.findall(r"</?mark>", " ".join(snippets))
    assert marks == ["<mark>", "</mark>"]
    assert "<mark>cybersecurity</mark>" in html
    assert "\ue000" not in html and "\ue001" not in html


def test_chart_links_keep_a_search_for_the_placeholder_words_as_typed():
    import datetime as dt
    from urllib.parse import parse_qs, urlsplit

    from django.http import QueryDict

    from engagements.dashboard.links import Drill

    params = QueryDict(mutable=True)
    params.update({"q": "-FROMDATE TODATE", "country": "MYS", "date_from": "2019-01-10"})
    url = Drill(params).dated_urls("engagements:engagements", kind=["call"])(dt.date(2019, 1, 1), dt.date(2019, 1, 31))
    query = parse_qs(urlsplit(url).query)
    assert query["q"] == ["-FROMDATE TODATE"]
    assert query["date_from"] == ["2019-01-10"] and query["date_to"] == ["2019-01-31"]
    assert query["country"] == ["MYS"] and query["kind"] == ["call"]
    assert urlsplit(url).path == reverse("engagements:engagements")
