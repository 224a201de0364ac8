"""Polling a source: readouts imported, other releases skipped with the reason, nothing
fetched twice, and a failure that leaves its reason and loses nothing."""

import pytest

from engagements.ingest.fetch import Fetcher
from engagements.ingest.polling import feed_poll, feeds_poll, item_import_anyway, url_import
from engagements.models import Feed, FeedItem, Readout
from tests.ingest.web import releases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fetch_settings")]


def make_feed(site, path="/feed.xml", **fields):
    return Feed.objects.create(name="Test ministry", url=f"{site.base}{path}", publisher_id="USA", **fields)


def release_fetches(site) -> list[str]:
    return [p for p in site.paths() if p.startswith("/releases/")]


def test_polling_a_feed_imports_its_readouts_and_skips_the_other_releases_with_reasons(site):
    feed = make_feed(site)
    report = feed_poll(feed, fetcher=Fetcher())
    assert (report.counts["new"], report.counts["skipped"], report.counts["failed"]) == (2, 2, 0)
    readouts = Readout.objects.order_by("published_on")
    assert [r.title for r in readouts] == [
        releases.BY_SLUG["japan-meeting"].title,
        releases.BY_SLUG["philippines-call"].title,
    ]
    japan = readouts[0]
    assert japan.url == f"{site.base}/releases/japan-meeting.html"
    assert japan.source == Readout.Source.FEED and japan.publisher_id == "USA"
    assert japan.status in (Readout.Status.PARSED, Readout.Status.NEEDS_REVIEW)
    assert japan.engagement.country_links.filter(country_id="JPN").exists()
    skipped = dict(FeedItem.objects.filter(status="skipped").values_list("url", "reason"))
    assert skipped == {
        f"{site.base}/releases/budget.html": "about a budget (its headline)",
        f"{site.base}/releases/contract.html": "about a contract (its headline)",
    }
    feed.refresh_from_db()
    assert feed.last_result == "4 items: 2 new, 0 unchanged, 2 skipped, 0 failed"
    assert feed.last_error == "" and feed.etag and feed.last_checked


def test_polling_twice_imports_nothing_new_the_second_time(site):
    feed = make_feed(site)
    feed_poll(feed, fetcher=Fetcher())
    fetched_before = len(site.requests)
    again = feed_poll(feed, fetcher=Fetcher())
    assert again.feeds["not modified"] == 1 and again.counts["new"] == 0
    assert site.paths()[fetched_before:] == ["/robots.txt", "/feed.xml"]  # a conditional GET, a 304
    assert site.requests[-1][1]["if-none-match"] == feed.etag
    feed.refresh_from_db()
    assert feed.last_result == "not modified since the last check"
    assert Readout.objects.count() == 2 and FeedItem.objects.count() == 4


def test_a_changed_feed_fetches_only_its_new_items(site):
    feed = make_feed(site)
    feed_poll(feed, fetcher=Fetcher())
    site.feed_slugs.append("india-visit")
    before = len(site.requests)
    report = feed_poll(feed, fetcher=Fetcher())
    assert (report.counts["new"], report.counts["unchanged"]) == (1, 4)
    assert [p for p in site.paths()[before:] if p.startswith("/releases/")] == ["/releases/india-visit.html"]


def test_an_item_already_stored_under_its_url_or_its_text_is_not_imported_again(site):
    url_import(f"{site.base}/redirect", fetcher=Fetcher())  # the Japan release, by another URL first
    report = feed_poll(make_feed(site), fetcher=Fetcher())
    assert report.counts["new"] == 1 and report.counts["unchanged"] == 1
    assert Readout.objects.count() == 2
    item = FeedItem.objects.get(url=f"{site.base}/releases/japan-meeting.html")
    assert item.status == "imported" and item.readout.source == Readout.Source.WEB


def test_an_atom_feed_is_polled_too(site):
    report = feed_poll(make_feed(site, "/atom.xml"), fetcher=Fetcher())
    assert (report.counts["new"], report.counts["skipped"]) == (1, 1)
    assert FeedItem.objects.get(status="skipped").reason == "about a promotion or appointment (its headline)"


def test_a_listing_page_is_polled_by_its_links(site):
    report = feed_poll(make_feed(site, "/listing.html", kind=Feed.Kind.LISTING), fetcher=Fetcher())
    assert (report.counts["new"], report.counts["skipped"]) == (2, 2)
    assert "/releases/?page=2" not in site.paths() and "/about/" not in site.paths()


def test_a_source_that_fails_keeps_its_reason_and_loses_nothing(site):
    feed = make_feed(site)
    feed_poll(feed, fetcher=Fetcher())
    feed.refresh_from_db()
    etag = feed.etag
    feed.url = f"{site.base}/error500"
    report = feed_poll(feed, fetcher=Fetcher())
    assert report.feeds["failed"] == 1
    feed.refresh_from_db()
    assert feed.last_result == "failed"
    assert feed.last_error == f"the server answered HTTP 500 for {site.base}/error500"
    assert feed.etag == etag and Readout.objects.count() == 2 and FeedItem.objects.count() == 4


def test_a_broken_feed_says_it_is_no_feed(site):
    feed = make_feed(site, "/broken-feed.xml")
    feed_poll(feed, fetcher=Fetcher())
    feed.refresh_from_db()
    assert feed.last_error.startswith("not an RSS or Atom feed")


def test_an_item_whose_page_fails_is_recorded_failed_and_tried_again_next_time(site):
    feed = make_feed(site, "/feed-with-500.xml")
    report = feed_poll(feed, fetcher=Fetcher())
    assert (report.counts["new"], report.counts["failed"]) == (1, 1)
    failed = FeedItem.objects.get(status="failed")
    assert failed.reason == f"the server answered HTTP 500 for {site.base}/error500"
    feed.etag = ""  # the feed changed: its items are read again
    feed_poll(feed, fetcher=Fetcher())
    assert site.paths().count("/error500") == 2 and site.paths().count("/releases/japan-meeting.html") == 1


def test_a_skipped_item_can_be_imported_anyway(site):
    feed_poll(make_feed(site), fetcher=Fetcher())
    item = FeedItem.objects.get(url__endswith="/budget.html")
    outcome, _reason = item_import_anyway(item, fetcher=Fetcher())
    item.refresh_from_db()
    assert outcome == "new" and item.status == "imported" and item.reason == "imported anyway by an editor"
    assert item.readout.title == releases.BY_SLUG["budget"].title


def test_only_active_sources_are_polled_and_a_stop_ends_the_poll_cleanly(site):
    make_feed(site, active=True)
    make_feed(site, "/atom.xml", active=False)
    report = feeds_poll(Feed.objects.filter(active=True), fetcher=Fetcher())
    assert report.feeds["polled"] == 1 and "/atom.xml" not in site.paths()
    stopped = feeds_poll(Feed.objects.filter(active=True), fetcher=Fetcher(), stop=lambda: True)
    assert stopped.feeds["polled"] == 0


def test_a_poll_stopped_half_way_reads_the_whole_source_next_time(site):
    feed = make_feed(site)
    calls = []
    feed_poll(feed, fetcher=Fetcher(), stop=lambda: calls.append(1) or len(calls) > 1)
    feed.refresh_from_db()
    assert feed.etag == "" and "stopped before the end" in feed.last_result
    assert FeedItem.objects.count() == 1


def test_url_import_stores_the_page_as_a_readout_with_its_url(site):
    result = url_import(f"{site.base}/releases/india-visit.html", fetcher=Fetcher(), publisher="USA")
    assert result.outcome == "new"
    readout = result.readout
    assert readout.url == f"{site.base}/releases/india-visit.html" and readout.source == Readout.Source.WEB
    assert readout.text == releases.BY_SLUG["india-visit"].text
    assert str(readout.published_on) == "2024-05-20"
    again = url_import(f"{site.base}/releases/india-visit.html", fetcher=Fetcher())
    assert again.outcome == "unchanged" and again.readout == readout
    assert site.paths().count("/releases/india-visit.html") == 1  # a URL stored is not fetched again


def test_url_import_finds_the_publisher_from_the_official_domain(site, monkeypatch):
    import ipaddress

    from engagements.ingest import fetch

    monkeypatch.setattr(fetch, "resolve", lambda host, port: [ipaddress.ip_address("127.0.0.1")])
    port = site.server_address[1]
    result = url_import(f"http://www.mod.go.jp:{port}/releases/india-visit.html", fetcher=Fetcher())
    result.readout.refresh_from_db()
    assert result.readout.publisher_id == "JPN" and result.readout.publisher_found_by == "domain"


def test_url_import_of_a_refused_address_says_why_and_stores_nothing(site, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    result = url_import(f"{site.base}/releases/india-visit.html", fetcher=Fetcher())
    assert result.outcome == "refused" and result.readout is None
    assert result.message.startswith("could not fetch the page: refused: 127.0.0.1 is a loopback address")
    assert Readout.objects.count() == 0


def test_the_initial_sources_are_loaded_inactive():
    sources = Feed.objects.filter(url__startswith="https://")
    assert sources.filter(url__contains="defense.gov").exists() and sources.filter(url__contains="state.gov").exists()
    assert sources.count() >= 5 and not sources.filter(active=True).exists()
