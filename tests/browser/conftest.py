"""Browser tests: Debian's Chromium driven by playwright's sync API against pytest-django's live server."""

import os

import pytest

from tests.support import load_reference_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots-dir",
        default=None,
        help="Save dashboard screenshots (tests/browser/test_screenshots.py) to this directory.",
    )


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The live server serves static files through the finders, which know the files by their
    # plain names; the manifest storage would hand out hashed names only collectstatic knows.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reference_data(transactional_db):
    load_reference_data()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    # playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while
    # one is running unless told it is safe (the test code itself is synchronous). Set for these
    # tests only: a subprocess started by another test must not inherit it (check --deploy).
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


class Watch:
    """What went wrong on the pages a test visits: JS errors, CSP violations, outside requests."""

    def __init__(self, page, origin: str):
        self.problems: list[str] = []
        self.origin = origin
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        page.on("request", self._request)
        page.expose_function("__reportViolation", lambda text: self.problems.append(f"CSP violation: {text}"))
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " window.__reportViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')"
            " + ' at ' + e.sourceFile + ':' + e.lineNumber); });"
        )

    def _console(self, message):
        if message.type in ("error", "warning") or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request):
        if not (request.url.startswith(self.origin) or request.url.startswith("data:")):
            self.problems.append(f"request outside the app: {request.url}")

    def assert_clean(self):
        assert self.problems == []


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.watch = Watch(page, live_server.url)
    yield page
    context.close()


def log_in(page, base_url: str, path: str, username: str, password: str):
    page.goto(base_url + path)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def wait_for_charts(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-figure]')].every(el => el.getAttribute('data-drawn') === 'true')"
    )


def timeline_points(page) -> int:
    return page.evaluate("() => document.getElementById('timeline').data.reduce((n, trace) => n + trace.x.length, 0)")
