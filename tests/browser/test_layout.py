"""What only a browser shows: pages that fit their window, whole-number count axes, a map
that tells countries met once from countries never met, and a filter panel keyboard users
can get through."""

import pytest

from engagements.models import Country
from tests.browser.conftest import log_in, wait_for_charts
from tests.browser.pages import WIDTHS, dashboard_pages
from tests.dashboard.sample import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_ENGAGEMENTS = "rgb(226, 229, 233)"  # engagements/charts/base.py NO_ENGAGEMENTS


@pytest.fixture
def data(reference_data, analyst):
    return build(80)


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-figure]").count():
        wait_for_charts(page)


def overflow(page) -> int:
    """How many pixels the page is wider than its window (0 when it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_page_is_wider_than_the_window_at_1440_1024_and_768(browser, live_server, data):
    pages = dashboard_pages()
    assert {"countries", "country", "engagement", "person", "agreement", "exercise"} <= set(pages)
    too_wide = []
    for width_name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server.url, "/", "ana", "pw-ana")
        for name, path in pages.items():
            open_page(page, live_server.url + path)
            if overflow(page) > 0:
                too_wide.append(f"{name} at {width_name}: {overflow(page)} px too wide")
        context.close()
    assert too_wide == []


def tick_labels(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(el => el.textContent)")


def test_count_axes_step_by_whole_numbers(page, live_server, reference_data, analyst):
    build(12)  # a dozen engagements: a handful of agreement events a year, where plotly steps by 0.5
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    ticks = tick_labels(page, "#agreement-actions .ytick text")
    assert len(ticks) >= 2
    assert all(t.replace(",", "").isdigit() for t in ticks), ticks
    assert len(set(ticks)) == len(ticks)
    # The monthly timeline of a longer range counts too.
    open_page(page, live_server.url + "/engagements/?date_from=2019-01-01")
    for selector in ("#timeline .ytick text",):
        values = tick_labels(page, selector)
        if page.evaluate("() => document.getElementById('timeline').layout.yaxis.type") != "category":
            assert all(t.replace(",", "").isdigit() for t in values), values


def country_fill(page, code: str) -> str | None:
    return page.evaluate(
        """code => {
            const el = [...document.querySelectorAll('#world-map .choroplethlocation')]
                .find(path => path.__data__ && path.__data__.loc === code);
            return el ? getComputedStyle(el).fill : null;
        }""",
        code,
    )


def rgb(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text[text.index("(") + 1 : text.index(")")].split(",")[:3])


def test_the_map_tells_one_engagement_from_none(page, live_server, data):
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    page.wait_for_selector("#world-map .choroplethlocation")
    figure = page.evaluate("() => JSON.parse(document.getElementById('world-map-data').textContent).data[0]")
    n_of = dict(zip(figure["locations"], figure["z"], strict=True))
    fewest = min(n_of, key=n_of.get)
    # A country without engagements is land colour: the neutral grey.
    land = page.evaluate("() => getComputedStyle(document.querySelector('#world-map .layer.land path')).fill")
    assert land == NO_ENGAGEMENTS
    never = Country.objects.exclude(code__in=list(n_of)).values_list("code", flat=True)
    assert never.exists()
    # The partner met least often stands well apart from that grey.
    fill = country_fill(page, fewest)
    assert fill is not None
    distance = sum((a - b) ** 2 for a, b in zip(rgb(fill), rgb(land), strict=True)) ** 0.5
    assert distance > 80, (fewest, n_of[fewest], fill)


def contrast_with_white(colour: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour)
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


def country_width(page, code: str) -> float:
    return page.evaluate(
        """code => {
            const el = [...document.querySelectorAll('#world-map .choroplethlocation')]
                .find(path => path.__data__ && path.__data__.loc === code);
            return el.getBoundingClientRect().width;
        }""",
        code,
    )


def test_a_country_filter_zooms_the_map_to_its_region(page, live_server, data):
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    page.wait_for_selector("#world-map .choroplethlocation")
    whole_world = country_width(page, "PHL")
    open_page(page, live_server.url + "/?country=PHL")
    page.wait_for_selector("#world-map .choroplethlocation")
    assert country_width(page, "PHL") > 2 * whole_world


def test_the_charts_do_not_move_when_they_finish_drawing(page, live_server, data):
    # Each plot's height is reserved before plotly draws it (the map's after its geometry loads).
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {"
        " if (e.sources.some(s => s.node && s.node.closest && s.node.closest('.with-filters__main')))"
        " window.__shift += e.value; })).observe({type: 'layout-shift', buffered: true});"
    )
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    page.wait_for_selector("#world-map .choroplethlocation")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__shift") < 0.01


def test_chart_toolbars_offer_only_download_and_reset(page, live_server, data):
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    titles = set(page.eval_on_selector_all(".modebar-btn", "els => els.map(el => el.getAttribute('data-title'))"))
    assert titles and titles <= {"Download plot as a PNG", "Reset", "Reset axes"}
    assert page.locator(".modebar-btn--logo").count() == 0
    # Its icons stand out from the white strip at 3:1 or more (WCAG 1.4.11).
    icon = page.evaluate("() => getComputedStyle(document.querySelector('.modebar-btn path')).fill")
    parts = [float(p) for p in icon[icon.index("(") + 1 : icon.index(")")].split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    on_white = tuple(round(255 + (c - 255) * alpha) for c in parts[:3])  # plotly's default is see-through
    assert contrast_with_white(on_white) >= 3, icon
    # Nothing interactive inside an element screen readers treat as one picture.
    assert page.locator("[role=img] button, [role=img] a, [role=img] [tabindex]").count() == 0


def test_the_country_list_is_one_tab_stop_and_enter_keeps_the_search(page, live_server, data):
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    # From the country search box, one Tab leaves the list of hundreds of countries.
    page.focus("#id_country")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.name")
    assert first == "country"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") != "country"
    # Arrow keys move inside the list; Space ticks.
    page.focus("#id_country")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator("input[name=country]:checked").count() == 1
    page.keyboard.press("Home")
    page.keyboard.press("ArrowUp")  # from the first option back into the search box
    assert page.evaluate("() => document.activeElement.id") == "id_country"
    # Enter picks the first match and leaves the search as typed, the list narrowed.
    page.fill("#id_country", "phil")
    page.keyboard.press("Enter")
    assert page.is_checked("input[name=country][value=PHL]")
    assert page.input_value("#id_country") == "phil"
    shown = page.eval_on_selector_all("input[name=country]", "els => els.filter(el => !el.parentNode.hidden).length")
    assert 0 < shown < 5
    # Reaching "Apply filters" from the top of the page takes a few dozen presses, not hundreds.
    page.goto(live_server.url + "/")
    presses = 0
    while page.evaluate("() => document.activeElement.textContent.trim()") != "Apply filters":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 40, "Apply filters not reached in 40 Tab presses"


def test_apply_filters_stays_in_sight_in_the_panel(browser, live_server, data):
    for width, height in ((1440, 700), (768, 700)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server.url, "/", "ana", "pw-ana")
        if page.locator(".filter-panel__toggle").is_visible():
            page.click(".filter-panel__toggle")
        page.locator("#id_country").scroll_into_view_if_needed()
        button = page.locator("button:has-text('Apply filters')")
        box = button.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, (width, box)
        assert overflow(page) == 0
        context.close()


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


def test_heatmap_hover_is_dark_on_white_and_the_toolbar_covers_no_label(page, live_server, data):
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    wait_for_charts(page)
    heatmap = page.locator("#partners-by-year")
    heatmap.scroll_into_view_if_needed()
    cell = page.locator("#partners-by-year .heatmaplayer text").first  # a cell's count, drawn on it
    box = cell.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#partners-by-year .hoverlayer .hovertext")
    fill = page.evaluate(
        "() => getComputedStyle(document.querySelector('#partners-by-year .hoverlayer .hovertext text')).fill"
    )
    assert sum(rgb(fill)) < 3 * 80, fill  # dark text, not plotly's pale grey
    # The toolbar shows on hover, in a strip of its own above the year labels along the top,
    # so it covers none of them whatever the width of the last column.
    toolbar = page.locator("#partners-by-year .modebar").bounding_box()
    tops = page.eval_on_selector_all(
        "#partners-by-year .xtick text", "els => els.map(el => el.getBoundingClientRect().top)"
    )
    assert toolbar and tops and toolbar["y"] + toolbar["height"] <= min(tops)
