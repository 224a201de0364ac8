import pytest

from tests.ingest.web.server import ReleasesSite


@pytest.fixture
def site():
    """The local releases site, on a free port of 127.0.0.1."""
    running = ReleasesSite().start()
    yield running
    running.stop()


@pytest.fixture
def fetch_settings(settings):
    """Fetching as the tests need it: the local site is on a loopback address (allowed here,
    as FETCH_ALLOW_PRIVATE=1 would), no delay between requests, a short time cap."""
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_HOST_DELAY = 0
    settings.FETCH_TIMEOUT = 5
    return settings
