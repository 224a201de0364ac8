"""An analyst's path through the dashboard, in a real browser, with no CSP violation or JS error."""

import csv
import io
from pathlib import Path

import pytest

from engagements.models import Engagement
from tests.browser.conftest import log_in, timeline_points, wait_for_charts
from tests.dashboard.sample import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(reference_data, analyst):
    return build(80)


def test_filter_explore_and_export(page, live_server, data, analyst):
    base = live_server.url
    watch = page.watch

    # Log in through the form; the list asked for comes back.
    log_in(page, base, "/engagements/", "ana", "pw-ana")
    assert page.url == base + "/engagements/"
    wait_for_charts(page)
    everything = timeline_points(page)
    assert everything > 0

    # Filter by a country (the enhanced multi-select) and a date range.
    page.fill("#id_country", "malay")
    page.keyboard.press("Enter")  # ticks the first match
    assert page.is_checked("input[name=country][value=MYS]")
    page.fill("#id_date_from", "2021-01-01")
    page.fill("#id_date_to", "2025-12-31")
    with page.expect_navigation():
        page.click("button:has-text('Apply filters')")
    assert "country=MYS" in page.url and "date_from=2021-01-01" in page.url
    wait_for_charts(page)
    filtered = timeline_points(page)
    assert 0 < filtered < everything
    expected = Engagement.objects.filter(
        country_links__country_id="MYS", date__gte="2021-01-01", date__lte="2025-12-31"
    ).count()
    assert page.locator("table.data-table >> nth=-1").locator("tbody tr").count() == expected

    # Download the CSV of exactly these rows.
    with page.expect_download() as download_info:
        page.click("text=Export CSV")
    download = download_info.value
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(rows) == expected
    columns = dict(zip(header, zip(*rows, strict=True), strict=True))
    assert all("MYS" in codes for codes in columns["Partner ISO codes"])
    assert all("2021-01-01" <= date <= "2025-12-31" for date in columns["Date"])

    # Open an engagement and follow a fact to its sentence.
    with page.expect_navigation():
        page.locator("table.data-table >> nth=-1").locator("tbody tr >> nth=0").locator("a >> nth=0").click()
    assert "/engagements/" in page.url
    link = page.locator("a.evidence-link").nth(2)
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("() => location.hash.length > 1")
    assert page.evaluate("() => location.hash") == target
    assert page.evaluate("() => document.querySelector(':target').tagName") == "MARK"
    mark = page.locator(f"mark{target}")
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box and 0 <= box["y"] < 900  # scrolled into view
    background = page.evaluate("() => getComputedStyle(document.querySelector(':target')).backgroundColor")
    assert background == "rgb(255, 210, 63)"  # the :target highlight

    watch.assert_clean()


def test_overview_charts_draw_offline_and_a_click_opens_the_filtered_list(page, live_server, data, analyst):
    base = live_server.url
    watch = page.watch
    loaded = []
    page.on("response", lambda response: loaded.append((response.url, response.status)))
    log_in(page, base, "/", "ana", "pw-ana")
    wait_for_charts(page)
    # The world map's geometry came from our static files.
    page.wait_for_selector("#world-map .choroplethlocation")
    assert (base + "/static/topojson/world_110m.json", 200) in loaded
    assert page.locator("#world-map .choroplethlocation").count() > 5
    # No plotly logo; every chart has its data table.
    assert page.locator(".modebar-btn--logo").count() == 0
    assert page.locator("details.chart__data").count() == page.locator("[data-figure]").count()

    # Click the first (longest) bar of the top topics: the list of those engagements opens.
    bars = page.locator("#top-topics .trace.bars .point path")
    top_bar = bars.nth(bars.count() - 1)  # plotly draws the top bar last
    top_bar.scroll_into_view_if_needed()
    box = top_bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)  # plotly computes what is under the pointer on hover, then clicks on it
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert "/engagements/?topic=" in page.url

    # Keyboard users reach the same lists through the data tables.
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    watch.assert_clean()


def test_every_page_is_free_of_csp_violations_and_js_errors(page, live_server, data, analyst):
    base = live_server.url
    log_in(page, base, "/", "ana", "pw-ana")
    engagement = data[-1]
    person = engagement.participations.first().person
    event = next(e for e in reversed(data) if e.agreement_events.exists()).agreement_events.first()
    mention = next(e for e in reversed(data) if e.exercise_mentions.exists()).exercise_mentions.first()
    paths = [
        "/",
        "/?color=partner",
        "/engagements/?q=maritime",
        "/agreements/",
        "/exercises/",
        "/people/",
        "/readouts/?q=interoperability",
        "/countries/",
        "/countries/PHL/",
        engagement.get_absolute_url(),
        person.get_absolute_url(),
        event.agreement.get_absolute_url(),
        mention.exercise.get_absolute_url(),
    ]
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-figure]").count():
            wait_for_charts(page)
    page.watch.assert_clean()
    # Filters the form refuses are a 400 (which the browser's console notes), with the form's
    # message and nothing else wrong.
    response = page.goto(base + "/engagements/?date_from=2024-13-01")
    page.wait_for_load_state("networkidle")
    assert response.status == 400
    assert page.get_by_text("Enter a valid date").count()
    assert [p for p in page.watch.problems if "status of 400" not in p] == []
