"""A release page read: the extracted text is the release body (no menu, breadcrumb, share
buttons, related links or footer), with its headline and published date."""

import datetime as dt

import pytest

from engagements.ingest.fetch import Fetched, Fetcher
from engagements.ingest.webpages import NoReleaseText, page_fetch, page_read
from engagements.models import normalise_text
from tests.ingest.web.releases import RELEASES, release_page

CHROME = ("Home", "About the Ministry", "Share", "Facebook", "Print", "Related releases", "Privacy policy", "Follow us")


def read(release):
    html = release_page(release).encode()
    return page_read(Fetched(f"https://www.defense.gov{release.path}", 200, html, "text/html", "utf-8"))


@pytest.mark.parametrize("release", RELEASES, ids=[r.slug for r in RELEASES])
def test_the_extracted_text_is_exactly_the_release_body(release):
    page = read(release)
    assert normalise_text(page.text) == normalise_text(release.text)
    assert not any(word in page.text for word in CHROME)


@pytest.mark.parametrize("release", RELEASES, ids=[r.slug for r in RELEASES])
def test_the_headline_and_published_date_are_read_from_the_page(release):
    page = read(release)
    assert page.title == release.title
    assert page.published_on == dt.date.fromisoformat(release.date)


def test_every_test_page_matches_its_release_body():
    # The measure quoted in the issue: pages whose extracted text equals the release body.
    matched = sum(normalise_text(read(r).text) == normalise_text(r.text) for r in RELEASES)
    assert (matched, len(RELEASES)) == (6, 6)


def test_paragraphs_stay_apart_and_the_headline_is_not_repeated_in_the_text():
    page = read(RELEASES[0])
    assert page.text.split("\n\n") == list(RELEASES[0].body)


def test_a_page_without_text_says_so():
    empty = Fetched("https://www.defense.gov/x", 200, b"<html><body><nav>Home</nav></body></html>", "text/html")
    with pytest.raises(NoReleaseText, match=r"no main text found on the page https://www\.defense\.gov/x"):
        page_read(empty)


def test_a_page_is_fetched_and_read_from_its_url(site, fetch_settings):
    page = page_fetch(f"{site.base}/redirect", Fetcher())
    assert page.url == f"{site.base}/releases/japan-meeting.html"
    assert page.title.startswith("Readout of Secretary of Defense Hal Brennan's Meeting")
