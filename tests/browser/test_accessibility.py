"""axe-core over every dashboard page and the admin: no serious or critical WCAG 2.1 A/AA violation.

axe-core comes from the npm registry (package.json; ``make browser`` installs it into
node_modules/) and is injected into each page by the test. Injecting a script breaks the
Content-Security-Policy, so this test alone runs in a context that bypasses it; the other
browser tests keep it and fail on any violation.
"""

import json
from pathlib import Path

import pytest

from engagements.models import Readout
from tests.browser.conftest import log_in, wait_for_charts
from tests.browser.pages import dashboard_pages
from tests.dashboard.sample import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make browser runs npm ci)")
    return str(AXE)


def violations(page, axe: str) -> list[str]:
    page.add_script_tag(path=axe)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes'][:3]])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_or_critical_violations_on_any_page(browser, live_server, reference_data, analyst, editor, axe):
    build(80)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server.url, "/", "ana", "pw-ana")
    found = {}
    for name, path in dashboard_pages().items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-figure]").count():
            wait_for_charts(page)
        found[name] = violations(page, axe)
    context.close()

    # The editors' side: the admin's index, a list and a change form.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", "pw-edith")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    readout = Readout.objects.order_by("pk").first()
    for path in (
        "/admin/",
        "/admin/engagements/readout/",
        "/admin/engagements/readout/add/",
        f"/admin/engagements/readout/{readout.pk}/change/",
        "/admin/engagements/person/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found[path] = violations(page, axe)
    context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}
