"""Charts: built from aggregates, following the filters, and each mark links to what it counts."""

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse

from engagements.dashboard import charts, pagination
from engagements.dashboard.links import Drill
from engagements.models import Engagement

pytestmark = pytest.mark.django_db


def figures(html):
    found = re.findall(r'<script id="([\w-]+)-data" type="application/json">(.*?)</script>', html, re.S)
    return {name: json.loads(data) for name, data in found}


def list_total(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].total.value


def marks(figure):
    """(count, url) of every mark of a figure."""
    for trace in figure["data"]:
        if trace["type"] == "heatmap":
            for z_row, url_row in zip(trace["z"], trace["customdata"], strict=True):
                yield from ((z, url) for z, url in zip(z_row, url_row, strict=True) if z)
        elif trace["type"] == "choropleth":
            yield from zip(trace["z"], trace["customdata"], strict=True)
        elif trace.get("orientation") == "h":
            yield from zip(trace["x"], trace["customdata"], strict=True)
        else:
            yield from zip(trace["y"], trace["customdata"], strict=True)


@pytest.mark.parametrize("query", [{}, {"country": "MYS"}, {"date_from": "2021-01-01", "topic": "space"}])
def test_every_overview_mark_links_to_a_list_of_exactly_what_it_counts(analyst_client, sample, query):
    html = analyst_client.get(reverse("engagements:overview"), query).content.decode()
    found = figures(html)
    assert {"world-map", "partners-by-year", "top-topics", "agreement-actions", "top-forums", "kinds"} <= set(found)
    checked = 0
    for name, figure in found.items():
        if name == "timeline":
            continue  # points link to engagements; see the monthly test below
        for count, url in marks(figure):
            assert list_total(analyst_client, url) == count, (name, url)
            params = parse_qs(urlsplit(url).query)
            for key, value in query.items():  # the page's filters are kept (dates may narrow)
                assert params.get(key) == [value] or key.startswith("date"), (name, url)
            checked += 1
    assert checked > 10


def test_monthly_timeline_marks_link_to_their_month(analyst_client, sample, monkeypatch):
    monkeypatch.setattr(charts.timelines, "POINTS_LIMIT", 1)
    for color in ("kind", "partner"):
        html = analyst_client.get(reverse("engagements:overview"), {"color": color, "country": "PHL"}).content.decode()
        figure = figures(html)["timeline"]
        assert all(len(trace["x"]) <= charts.MAX_POINTS for trace in figure["data"])
        for count, url in list(marks(figure))[:12]:
            assert list_total(analyst_client, url) == count, url


def test_the_timeline_draws_each_engagement_when_few(analyst_client, sample):
    response = analyst_client.get(reverse("engagements:engagements"), {"country": "JPN"})
    figure = figures(response.content.decode())["timeline"]
    urls = {url for trace in figure["data"] for url in trace["customdata"]}
    total = response.context["page"].total.value
    assert len(urls) == total
    assert all(re.fullmatch(r"/engagements/\d+/", url) for url in urls)
    assert figure["layout"]["yaxis"]["categoryarray"][-1] == "Japan"


def test_charts_follow_the_filters(analyst_client, sample):
    everything = analyst_client.get(reverse("engagements:overview")).context["headline"]
    japan = analyst_client.get(reverse("engagements:overview"), {"country": "JPN"}).context["headline"]
    assert 0 < japan.engagements.value < everything.engagements.value


def test_drill_keeps_filters_and_narrows_to_the_mark():
    drill = Drill(QueryDict("country=MYS&country=PHL&page=3&sort=oldest&date_from=2020-03-01"))
    assert drill.country("MYS") == {"country": ["MYS"]}
    assert drill.country("JPN") == {"with_country": ["JPN"]}
    assert drill.dates(dt.date(2020, 1, 1), dt.date(2020, 12, 31)) == {
        "date_from": ["2020-03-01"],
        "date_to": ["2020-12-31"],
    }
    url = drill.url("engagements:engagements", kind=["call"])
    assert url == "/engagements/?country=MYS&country=PHL&date_from=2020-03-01&kind=call"


def test_top_charts_stop_at_fifteen(sample):
    scope = charts.Scope(Engagement.objects.all(), narrowed=False)
    topics = charts.top_topics(scope, Drill(QueryDict()))
    assert len(topics.figure["data"][0]["y"]) <= charts.TOP_N


def test_an_unfiltered_count_of_a_big_table_is_an_estimate_in_one_query(sample, monkeypatch, django_assert_num_queries):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE engagements_engagement")  # the planner's estimate: 60 rows
    with django_assert_num_queries(1):
        total = pagination.count_rows(Engagement.objects.all(), filtered=False)
    assert (total.value, total.approximate, str(total)) == (60, False, "60")  # under the cap: counted
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    with django_assert_num_queries(1):
        total = pagination.count_rows(Engagement.objects.all(), filtered=False)
    assert (total.value, total.approximate, str(total)) == (60, True, "about 60")  # over it: estimated
    with django_assert_num_queries(1):
        total = pagination.count_rows(Engagement.objects.all(), filtered=True)
    assert (total.capped, str(total)) == (True, "more than 10")


def test_page_numbers():
    assert pagination.page_number(None) == (1, "")
    assert pagination.page_number("4") == (4, "")
    assert pagination.page_number("x")[0] == 1
    assert pagination.page_number("0")[0] == 1
    assert pagination.page_number("2001") == (2000, pagination.page_number("2001")[1])
    assert "narrow the filters" in pagination.page_number("2001")[1].lower()


def test_a_figure_reaches_the_page_as_django_s_json_script_writes_it():
    from django.utils.html import json_script

    from engagements.dashboard.charts.base import figure_json_script

    # Labels come from readouts: markup, ampersands, quotes, line separators, dates.
    figure = {"text": ["</script><script>alert(1)</script> & 'x' \"y\" \u2028 é"], "x": [dt.date(2024, 5, 1), None]}
    assert figure_json_script(figure, "map-data") == json_script(figure, "map-data")
    assert "</script><script>" not in figure_json_script(figure, "map-data")
