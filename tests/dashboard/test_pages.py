"""What the pages say: detail pages, empty states, escaping of text from readouts."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def html_of(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_database_says_how_to_add_readouts(analyst_client, editor_client):
    for name in ("overview", "engagements", "agreements", "exercises", "people", "readouts", "countries"):
        html = html_of(analyst_client, reverse(f"engagements:{name}"))
        assert "manage.py load_demo" in html, name
        assert "An editor pastes a readout" in html, name
    # Editors get a link to where they add one.
    assert reverse("admin:engagements_readout_add") in html_of(editor_client, reverse("engagements:overview"))


def test_a_filter_that_matches_nothing_says_so_and_offers_to_clear(analyst_client, malaysia_meeting):
    for name in ("overview", "engagements", "agreements"):
        html = html_of(analyst_client, reverse(f"engagements:{name}"), {"country": "PHL"})
        assert "match these filters" in html, name
        assert "clear all filters" in html, name


def test_engagement_page_highlights_each_fact_at_its_sentence(analyst_client, malaysia_meeting):
    html = html_of(analyst_client, malaysia_meeting.get_absolute_url())
    assert '<mark id="ev-0-79" class="evidence"' in html
    assert '<mark id="ev-80-136" class="evidence"' in html
    assert html.count('href="#ev-0-79"') == 5  # participant, two countries, date, place
    assert 'href="#ev-137-197"' in html  # the agreement
    assert "Adnan Rahman</a>, Minister of Defence" in html
    assert 'class="badge badge--signed">Signed<' in html
    assert "Maritime security" in html
    assert 'href="https://example.gov/r/1"' in html


def test_text_from_readouts_is_escaped_in_html_and_chart_data(analyst_client, db):
    nasty = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    engagement = factories.EngagementFactory(
        readout=factories.ReadoutFactory(title=nasty, text=f"Text {nasty}.", url="javascript:alert(1)"),
        location=nasty,
    )
    factories.ParticipationFactory(engagement=engagement, person=factories.PersonFactory(name=nasty))
    for url in (
        engagement.get_absolute_url(),
        reverse("engagements:engagements"),
        reverse("engagements:overview"),
        reverse("engagements:country", args=["MYS"]),
        reverse("engagements:people"),
    ):
        html = html_of(analyst_client, url)
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
    # Chart data reaches the page through json_script only, and plotly gets escaped labels.
    html = html_of(analyst_client, reverse("engagements:engagements"))
    data = re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data  # json_script escapes < > & as \\u003C ...
    figure = json.loads(data)
    hovers = " ".join(t for trace in figure["data"] for t in trace["text"])
    assert "&lt;script&gt;" in hovers and "<script>" not in hovers


def test_pages_load_only_our_scripts(analyst_client, malaysia_meeting):
    html = html_of(analyst_client, reverse("engagements:overview"))
    scripts = re.findall(r"<script\b([^>]*)>", html)
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes
    assert "/static/vendor/plotly.min" in html and "/static/js/charts" in html
    assert 'data-topojson="/static/topojson/"' in html


def test_country_profile_shows_leaders_agreements_and_history(analyst_client, malaysia_meeting):
    later = factories.EngagementFactory(countries=["USA", "MYS"])
    agreement = malaysia_meeting.agreement_events.get().agreement
    factories.AgreementEventFactory(
        engagement=later, agreement=agreement, action="renewed", date=factories.dt.date(2025, 1, 1)
    )
    html = html_of(analyst_client, reverse("engagements:country", args=["MYS"]))
    assert "Malaysia" in html and "Adnan Rahman" in html
    assert "Acquisition and Cross-Servicing Agreement" in html
    history = html.index('aria-label="History of')
    signed, renewed = html.index("badge--signed", history), html.index("badge--renewed", history)
    assert signed < renewed  # history reads in order
    # Its current state beside its name: renewed, the latest action.
    assert (
        '<span class="visually-hidden">Current state: </span><span class="badge badge--renewed">Renewed</span>' in html
    )
    assert 'id="timeline"' in html and 'id="topics-by-year"' in html


def test_country_profile_counts_every_engagement_and_spans_their_months(analyst_client, db):
    for day in (dt.date(2019, 3, 14), dt.date(2023, 11, 2), None):  # one undated
        factories.EngagementFactory(countries=["USA", "NZL"], date=day)
    factories.EngagementFactory(countries=["USA", "FJI"], date=dt.date(2025, 1, 9))  # not New Zealand's
    html = html_of(analyst_client, reverse("engagements:country", args=["NZL"]))
    assert "3 engagements, Mar 2019 to Nov 2023" in html
    # A change shows at once: the headline is not kept past it.
    factories.EngagementFactory(countries=["NZL"], date=dt.date(2026, 2, 1), kind="call")
    html = html_of(analyst_client, reverse("engagements:country", args=["NZL"]))
    assert "4 engagements, Mar 2019 to Feb 2026" in html


def test_a_country_without_engagements_says_so(analyst_client, malaysia_meeting):
    html = html_of(analyst_client, reverse("engagements:country", args=["NOR"]))
    assert "No engagements with Norway yet" in html


def test_person_agreement_and_exercise_pages(analyst_client, malaysia_meeting):
    person = malaysia_meeting.participations.get().person
    html = html_of(analyst_client, person.get_absolute_url())
    assert "Minister of Defence" in html and "Readout of a meeting with Malaysia" in html
    event = malaysia_meeting.agreement_events.get()
    html = html_of(analyst_client, event.agreement.get_absolute_url())
    assert "The two signed an Acquisition and Cross-Servicing Agreement." in html  # its sentence
    assert f"{malaysia_meeting.get_absolute_url()}#ev-137-197" in html
    mention = factories.ExerciseMentionFactory(engagement=malaysia_meeting, evidence_start=0, evidence_end=79)
    html = html_of(analyst_client, mention.exercise.get_absolute_url())
    assert "in Kuala Lumpur on May 1, 2024." in html


def test_a_long_agreement_history_is_paged_under_a_summary_of_its_actions(analyst_client, db):
    agreement = factories.AgreementFactory(name="Defense Cooperation Agreement")
    for n in range(55):
        engagement = factories.EngagementFactory(date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        factories.AgreementEventFactory(
            agreement=agreement, engagement=engagement, action="planned" if n < 5 else "renewed"
        )
    html = html_of(analyst_client, agreement.get_absolute_url())
    assert "Page 1 of 2" in html and html.count('class="timeline-list__head"') == 50
    assert '5 times, the first on <time datetime="2020-01-01">1 Jan 2020</time>' in html  # planned
    assert '50 times, the first on <time datetime="2020-01-06">6 Jan 2020</time>' in html  # renewed
    assert "since" not in html
    html = html_of(analyst_client, agreement.get_absolute_url() + "?page=2")
    assert "Page 2 of 2" in html and html.count('class="timeline-list__head"') == 5
    html = html_of(analyst_client, agreement.get_absolute_url() + "?page=9")
    assert "There is no page 9" in html


def test_the_timeline_switches_to_monthly_counts_when_many(analyst_client, sample, monkeypatch):
    from engagements.dashboard import charts

    figure = html_of(analyst_client, reverse("engagements:engagements"))
    assert "Timeline of engagements" in figure
    monkeypatch.setattr(charts.timelines, "POINTS_LIMIT", 10)
    cache.clear()  # the figure drawn before the change is cached
    html = html_of(analyst_client, reverse("engagements:engagements"))
    assert "Engagements per month" in html


@pytest.mark.parametrize("route", ["engagements", "people", "agreements", "exercises"])
def test_an_id_too_long_for_the_database_is_not_found(analyst_client, route):
    # Past PostgreSQL's bigint the database refused the query: a 500 before.
    assert analyst_client.get(f"/{route}/{10**19}/").status_code == 404
    assert analyst_client.get(f"/{route}/{10**18 - 1}/").status_code == 404  # fits, but no such row
