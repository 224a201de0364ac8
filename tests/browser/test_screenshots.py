"""Screenshots of every dashboard page at 1440, 1024 and 768 px wide, for people to look at.

Runs only with --screenshots-dir (``make screenshots``). The data is the demo readouts through
the real parser when they load; otherwise the synthetic sample the other tests use.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from engagements.models import Engagement
from tests.browser.conftest import log_in, wait_for_charts
from tests.browser.pages import WIDTHS, dashboard_pages
from tests.dashboard.sample import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots_dir(request):
    directory = request.config.getoption("--screenshots-dir", default=None)
    if not directory:
        pytest.skip("pass --screenshots-dir to save screenshots (make screenshots)")
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_data():
    try:
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    except Exception:
        pass
    if Engagement.objects.filter(date__isnull=False).count() < 10:
        build(120)


def test_screenshots(shots_dir, reference_data, analyst, editor, browser, live_server):
    load_data()
    pages = dashboard_pages()
    for width_name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server.url, "/", "ana", "pw-ana")
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            if page.locator("[data-figure]").count():
                wait_for_charts(page)
            page.screenshot(path=str(shots_dir / f"{name}-{width_name}.png"), full_page=True)
        # The filter panel as it opens, in the window (a tablet folds it behind a button).
        page.goto(live_server.url + "/")
        if page.locator(".filter-panel__toggle").is_visible():
            page.click(".filter-panel__toggle")
        page.screenshot(path=str(shots_dir / f"filters-{width_name}.png"))
        context.close()
        # The editors' side: the admin's index and a readout's change page.
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + "/admin/")
        page.fill("#id_username", "edith")
        page.fill("#id_password", "pw-edith")
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        page.screenshot(path=str(shots_dir / f"admin-{width_name}.png"), full_page=True)
        page.goto(live_server.url + "/admin/engagements/readout/")
        page.screenshot(path=str(shots_dir / f"admin-readouts-{width_name}.png"), full_page=True)
        context.close()
    assert len(list(shots_dir.glob("*.png"))) >= len(WIDTHS) * (len(pages) + 3)
