"""What the pages say in words: counts with the right plural, descriptions that match what a
chart draws, people apart from their compatriots, each agreement's current state."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from engagements.dashboard import charts
from engagements.dashboard.charts.figures import map_colours, wrapped_label
from engagements.dashboard.links import Drill
from engagements.dashboard.selectors import MARK_END, MARK_START
from engagements.dashboard.templatetags.dashboard import snippet
from engagements.models import Engagement
from tests import factories
from tests.dashboard.test_charts import figures
from tests.dashboard.test_pages import html_of

pytestmark = pytest.mark.django_db


def overview_charts(client, query=None) -> dict:
    return client.get(reverse("engagements:overview"), query or {}).context


def test_one_of_everything_is_said_in_the_singular(analyst_client, malaysia_meeting):
    html = html_of(analyst_client, reverse("engagements:overview"))
    labels = re.findall(r'<span class="stat__label">([^<]+)</span>', html)
    assert labels == ["engagement", "partner country", "agreement signed", "exercises mentioned"]
    assert "1 engagement by date" in html
    assert "1 engagements" not in html and "the 1 most" not in html
    html = html_of(analyst_client, reverse("engagements:engagements"), {"country": "MYS"})
    assert "1 engagement matches these filters" in html


def test_chart_descriptions_count_what_is_drawn(analyst_client, malaysia_meeting):
    for n in range(7):  # eight engagements, three topics, two partners
        factories.EngagementFactory(
            countries=["USA", "MYS" if n % 2 else "PHL"], topics=["counterterrorism", "cybersecurity"][: n % 3]
        )
    context = overview_charts(analyst_client)
    by_id = {chart.id: chart for chart in context["charts"]}
    topics = by_id["top-topics"]
    assert len(topics.figure["data"][0]["y"]) == 3
    assert topics.description.startswith("The 3 topics raised most often.")
    assert by_id["partners-by-year"].description.startswith("Engagements with each of the 2 partners, per year")


def test_forum_names_are_whole_on_the_axis_and_in_full_on_hover(analyst_client, db):
    forum = factories.ForumFactory(
        short_name="Conference of Defense Ministers of the Americas",
        name="Conference of Defense Ministers of the Americas (CDMA)",
    )
    engagement = factories.EngagementFactory()
    Engagement.objects.filter(pk=engagement.pk).update(forum=forum)
    chart = next(c for c in overview_charts(analyst_client)["charts"] if c.id == "top-forums")
    trace = chart.figure["data"][0]
    assert trace["y"] == ["Conference of Defense<br>Ministers of the Americas"]
    assert trace["hovertext"] == ["Conference of Defense Ministers of the Americas (CDMA)"]
    assert "…" not in trace["y"][0]


def test_wrapped_labels_keep_every_word():
    label = "Association of Southeast Asian Nations Defence Ministers' Meeting"
    assert wrapped_label(label).replace("<br>", " ") == label.replace("'", "'")
    assert all(len(line) <= 26 for line in wrapped_label(label).split("<br>"))


def test_count_axes_tick_in_whole_numbers(analyst_client, malaysia_meeting):
    for action in ("planned", "renewed", "implemented"):
        factories.AgreementEventFactory(action=action)
    chart = next(c for c in overview_charts(analyst_client)["charts"] if c.id == "agreement-actions")
    yaxis = chart.figure["layout"]["yaxis"]
    assert yaxis["dtick"] == 1 and yaxis["tick0"] == 0 and yaxis["tickformat"] == ",d"
    assert charts.base.count_axis(40).get("dtick") is None  # plotly's own steps are whole by then


def test_the_map_draws_one_engagement_apart_from_none(analyst_client, malaysia_meeting):
    figure = figures(html_of(analyst_client, reverse("engagements:overview")))["world-map"]
    trace, geo = figure["data"][0], figure["layout"]["geo"]
    assert trace["zmin"] == 1 and trace["z"] == [1]
    assert trace["colorscale"][0][1] != geo["landcolor"]
    # A country met once among countries met hundreds of times is still a clear blue: the
    # scale follows the square root of the count.
    stops = map_colours(400)
    assert stops[1][0] < 0.03 and stops[1][1] != stops[0][1]


def test_the_map_zooms_to_the_filtered_countries(analyst_client, malaysia_meeting):
    everywhere = figures(html_of(analyst_client, reverse("engagements:overview")))["world-map"]
    assert "fitbounds" not in everywhere["layout"]["geo"]
    filtered = figures(html_of(analyst_client, reverse("engagements:overview"), {"country": "MYS"}))["world-map"]
    assert filtered["layout"]["geo"]["fitbounds"] == "locations"


def test_a_person_page_keeps_counterparts_apart_from_colleagues(analyst_client, db):
    secretary = factories.PersonFactory(name="Dana Avery", country_id="USA")
    aide = factories.PersonFactory(name="Lee Aide", country_id="USA")
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    for day in (1, 2):
        engagement = factories.EngagementFactory(date=dt.date(2024, 5, day))
        for person in (secretary, aide, minister):
            factories.ParticipationFactory(engagement=engagement, person=person, title="Secretary of Defense")
    html = html_of(analyst_client, secretary.get_absolute_url())
    counterparts = html[html.index("Counterparts met most often") : html.index("Colleagues alongside")]
    colleagues = html[html.index("Colleagues alongside") : html.index("Partner countries")]
    assert "Adnan Rahman" in counterparts and "Lee Aide" not in counterparts
    assert "Lee Aide" in colleagues and "Adnan Rahman" not in colleagues
    # The same title on every row is said once, not in a column.
    assert "As Secretary of Defense in every engagement listed." in html
    assert '<th scope="col">As</th>' not in html


def test_a_person_page_shows_titles_per_row_when_they_change(analyst_client, db):
    person = factories.PersonFactory(name="Dana Avery", country_id="USA")
    factories.ParticipationFactory(person=person, title="Deputy Secretary of Defense")
    factories.ParticipationFactory(person=person, title="Secretary of Defense")
    html = html_of(analyst_client, person.get_absolute_url())
    assert '<th scope="col">As</th>' in html and "in every engagement listed" not in html


def test_every_agreement_on_a_country_page_shows_its_current_state(analyst_client, db):
    states = {"Agreement A": ["signed", "mentioned"], "Agreement B": ["mentioned"], "Agreement C": ["implemented"]}
    for name, actions in states.items():
        agreement = factories.AgreementFactory(name=name)
        agreement.countries.add("MYS")
        for day, action in enumerate(actions, start=1):
            factories.AgreementEventFactory(
                agreement=agreement, action=action, engagement=factories.EngagementFactory(date=dt.date(2024, 5, day))
            )
    html = html_of(analyst_client, reverse("engagements:country", args=["MYS"]))
    found = dict(
        re.findall(
            r'class="agreement-list__name">([^<]+)</a>.*?Current state: </span><span class="badge badge--\w+">(\w+)<',
            html,
            re.S,
        )
    )
    assert found == {"Agreement A": "Signed", "Agreement B": "Mentioned", "Agreement C": "Implemented"}


def test_a_snippet_cut_mid_sentence_says_so():
    cut = f"the {MARK_START}maritime{MARK_END} security of the"
    assert str(snippet(cut)) == "…the <mark>maritime</mark> security of the…"
    whole = f"Both sides discussed {MARK_START}maritime{MARK_END} security."
    assert str(snippet(whole)) == "Both sides discussed <mark>maritime</mark> security."
    # Knowing how the text starts, a fragment starting on a capital mid-sentence gets one too.
    inside = f"{MARK_START}Defense{MARK_END} Pete Hegseth spoke by phone."
    assert str(snippet(inside, "Secretary of Defense Pete Hegseth spoke")) == f"…{snippet(inside)}"
    assert str(snippet(inside, "Defense Pete Hegseth spoke by phone.")) == str(snippet(inside))


def test_search_results_show_the_ellipsis_where_the_text_was_cut(analyst_client, db):
    text = (
        "Secretary Avery met Minister Rahman in Kuala Lumpur on Monday. "
        + "They reviewed training, logistics and planning for the coming year. " * 6
        + "Both sides discussed cooperation on submarine rescue and the exchange of liaison officers "
        "across their commands in the coming months and years ahead"
    )
    factories.EngagementFactory(readout=factories.ReadoutFactory(title="A long readout", text=text))
    html = html_of(analyst_client, reverse("engagements:readouts"), {"q": "submarine"})
    found = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert found.startswith("…") and found.endswith("…") and "<mark>submarine</mark>" in found


def test_the_favicon_is_served_to_anyone(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_the_admin_loads_its_colour_fixes_and_icon(editor_client):
    html = html_of(editor_client, reverse("admin:index"))
    assert re.search(r'href="/static/css/admin\.(\w+\.)?css"', html)
    assert re.search(r'href="/static/favicon\.(\w+\.)?svg"', html)


def test_chart_plots_are_not_pictures_holding_buttons(analyst_client, malaysia_meeting):
    html = html_of(analyst_client, reverse("engagements:overview"))
    assert 'class="chart__plot"' in html and 'role="img"' not in html
    assert html.count('aria-labelledby="world-map-title"') == 1


def test_drill_of_a_region_filter_zooms_too(db):
    from django.http import QueryDict

    chart = charts.world_map(Drill(QueryDict("region=Asia")), [{"code": "MYS", "name": "Malaysia", "n": 2}])
    assert chart.figure["layout"]["geo"]["fitbounds"] == "locations"
