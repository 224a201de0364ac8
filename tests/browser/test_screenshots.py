"""Screenshots of the main pages at a laptop's and a tablet's size, for people to look at.

Runs only with --screenshots-dir (``make screenshots``). The data is the demo readouts through
the real parser when they load; otherwise the synthetic sample the other tests use.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from engagements.models import Engagement, EngagementCountry
from tests.browser.conftest import log_in, wait_for_charts
from tests.dashboard.sample import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"laptop": (1366, 900), "tablet": (768, 1024)}


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


def test_screenshots(shots_dir, reference_data, analyst, browser, live_server):
    load_data()
    busiest = (
        EngagementCountry.objects.filter(is_partner=True).values("country_id").annotate(n=Count("id")).order_by("-n")
    )[0]["country_id"]
    richest = (
        Engagement.objects.annotate(
            facts=Count("participations", distinct=True)
            + Count("topic_links", distinct=True)
            + Count("agreement_events", distinct=True)
        )
        .order_by("-facts", "-date")
        .first()
    )
    pages = {
        "overview": "/",
        "country": f"/countries/{busiest}/",
        "engagement": richest.get_absolute_url(),
        "engagements": "/engagements/",
    }
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server.url, "/", "ana", "pw-ana")
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            if page.locator("[data-figure]").count():
                wait_for_charts(page)
            page.screenshot(path=str(shots_dir / f"{name}-{size}.png"), full_page=True)
        context.close()
    assert len(list(shots_dir.glob("*.png"))) >= 2 * len(pages)
