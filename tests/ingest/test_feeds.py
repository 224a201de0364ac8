"""A source's items (RSS, Atom, a listing page) and which of them are readouts."""

import datetime as dt

import pytest

from engagements.ingest.feeds import NotAFeed, feed_entries, not_a_readout
from engagements.ingest.fetch import Fetched
from engagements.ingest.webpages import Page
from tests.ingest.web import releases

BASE = "https://www.defense.gov"


def fetched(body: str, content_type: str) -> Fetched:
    return Fetched(f"{BASE}/feed", 200, body.encode(), content_type, "utf-8")


def test_an_rss_feed_lists_its_items_with_titles_and_dates():
    entries = feed_entries(fetched(releases.rss(BASE, ["japan-meeting", "budget"]), "application/rss+xml"))
    assert [e.url for e in entries] == [f"{BASE}/releases/japan-meeting.html", f"{BASE}/releases/budget.html"]
    assert entries[0].title == releases.BY_SLUG["japan-meeting"].title
    assert entries[1].published == dt.date(2024, 3, 11)


def test_an_atom_feed_lists_its_entries():
    entries = feed_entries(fetched(releases.atom(BASE, ["india-visit", "promotion"]), "application/atom+xml"))
    assert [e.url for e in entries] == [f"{BASE}/releases/india-visit.html", f"{BASE}/releases/promotion.html"]
    assert entries[0].published == dt.date(2024, 5, 20)


def test_a_listing_page_lists_its_release_links_not_the_menu_or_footer():
    entries = feed_entries(fetched(releases.listing(["japan-meeting", "contract"]), "text/html"), listing=True)
    assert [e.url for e in entries] == [f"{BASE}/releases/japan-meeting.html", f"{BASE}/releases/contract.html"]
    assert entries[1].title == "Contracts for April 2, 2024"


def test_an_answer_that_is_no_feed_says_so():
    with pytest.raises(NotAFeed, match="not an RSS or Atom feed"):
        feed_entries(fetched("this is not a feed <<<", "application/rss+xml"))


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("japan-meeting", ""),
        ("philippines-call", ""),
        ("india-visit", ""),
        ("budget", "about a budget (its headline)"),
        ("contract", "about a contract (its headline)"),
        ("promotion", "about a promotion or appointment (its headline)"),
    ],
)
def test_readouts_are_told_from_other_releases_with_a_reason(slug, reason):
    release = releases.BY_SLUG[slug]
    page = Page(f"{BASE}{release.path}", release.title, release.text, dt.date.fromisoformat(release.date))
    assert not_a_readout(page, "USA") == reason


def test_a_release_whose_lead_is_about_a_contract_is_skipped_for_it():
    page = Page(
        f"{BASE}/releases/yard.html",
        "Statement on Shipyard Investment",
        "The Navy awarded a contract today for the expansion of two public shipyards. Work begins in June.",
        None,
    )
    assert not_a_readout(page, "USA") == "about a contract (its first sentence)"


def test_a_release_that_names_no_other_country_is_no_engagement():
    page = Page(
        f"{BASE}/releases/museum.html",
        "Secretary Opens New Museum Wing",
        "The Secretary of Defense opened the new wing of the national military museum in Arlington today.",
        None,
    )
    assert not_a_readout(page, "USA") == "no engagement: the release names no other country"
