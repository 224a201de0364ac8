"""Readouts that arrive by themselves: a release added by its URL, and the sources polled.

Every readout found goes through ``readout_ingest`` like a pasted one. A source's items are
recorded (imported, skipped with the reason, or failed) so that an item imported or skipped
is never fetched again, and a poll that fails leaves its reason on the source and changes
nothing else (its ETag is kept only once every item has been seen).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from engagements.ingest.feeds import Entry, feed_entries, not_a_readout
from engagements.ingest.fetch import FEED_TYPES, Fetcher, FetchError
from engagements.ingest.imports import shown
from engagements.ingest.pipeline import readout_ingest
from engagements.ingest.results import IngestResult, Outcome
from engagements.ingest.webpages import page_fetch
from engagements.models import Feed, FeedItem, Readout

logger = logging.getLogger(__name__)

ITEM_OUTCOMES = ("new", "unchanged", "skipped", "failed")  # always in a summary


@dataclass
class PollReport:
    counts: Counter = field(default_factory=Counter)  # items, by ITEM_OUTCOMES
    feeds: Counter = field(default_factory=Counter)  # "polled", "not modified", "failed"
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (outcome, URL, reason)

    def add(self, outcome: str, url: str, reason: str = "") -> None:
        self.counts[outcome] += 1
        if outcome in ("skipped", "failed"):
            self.problems.append((outcome, url, reason))

    def merge(self, other: PollReport) -> None:
        self.counts.update(other.counts)
        self.feeds.update(other.feeds)
        self.problems.extend(other.problems)

    def problem_lines(self) -> list[str]:
        return [shown(f"{outcome}: {url}: {reason}") for outcome, url, reason in self.problems]

    def items_summary(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in ITEM_OUTCOMES)

    def summary(self) -> str:
        polled = self.feeds["polled"]
        extra = [f"{self.feeds[k]} {k}" for k in ("not modified", "failed") if self.feeds[k]]
        sources = f"{polled} source{'s' if polled != 1 else ''}" + (f" ({', '.join(extra)})" if extra else "")
        return f"Polled {sources}. Items: {self.items_summary()}."


def url_import(url: str, *, fetcher: Fetcher, publisher: str | None = None) -> IngestResult:
    """Fetch a release's page and ingest it as a readout (``import_url``, the admin's "Add
    from URL"). A URL already stored is not fetched again."""
    url = url.strip()
    stored = Readout.objects.filter(url=url).first()
    if stored is not None:
        return IngestResult(Outcome.UNCHANGED, stored, f"already stored as readout {stored.pk} (same URL)")
    try:
        page = page_fetch(url, fetcher)
    except FetchError as exc:
        return IngestResult(Outcome.REFUSED, message=f"could not fetch the page: {exc}")
    return readout_ingest(
        text=page.text,
        title=page.title,
        published_on=page.published_on,
        url=page.url,
        publisher=publisher,
        publisher_found_by=Readout.PublisherFoundBy.FLAG if publisher else "",
        source=Readout.Source.WEB,
    )


def feeds_poll(
    feeds, *, fetcher: Fetcher, stop: Callable[[], bool] = lambda: False, progress: Callable | None = None
) -> PollReport:
    """Poll each source in turn; `progress(feed, its report)` after each one."""
    report = PollReport()
    for feed in feeds:
        if stop():
            break
        one = feed_poll(feed, fetcher=fetcher, stop=stop)
        report.merge(one)
        if progress:
            progress(feed, one)
    return report


def feed_poll(feed: Feed, *, fetcher: Fetcher, stop: Callable[[], bool] = lambda: False) -> PollReport:
    """Fetch one source (conditionally), follow its new items, record what came of each and
    the source's last result."""
    report = PollReport()
    report.feeds["polled"] += 1
    feed.last_checked = timezone.now()
    try:
        fetched = fetcher.get(feed.url, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            report.feeds["not modified"] += 1
            _feed_done(feed, "not modified since the last check")
            return report
        entries = feed_entries(fetched, listing=feed.kind == Feed.Kind.LISTING)
    except FetchError as exc:
        report.feeds["failed"] += 1
        report.problems.append(("source failed", feed.url, str(exc)))
        _feed_done(feed, "failed", error=str(exc))
        return report
    finished = True
    for entry in entries:
        if stop():
            finished = False
            break
        outcome, reason = entry_import(feed, entry, fetcher=fetcher)
        report.add(outcome, entry.url, reason)
    if finished:
        # Kept only now: a poll stopped half-way reads the whole source again next time.
        feed.etag, feed.last_modified = fetched.etag[:300], fetched.last_modified[:100]
    result = f"{len(entries)} items: {report.items_summary()}" + ("" if finished else " (stopped before the end)")
    _feed_done(feed, result)
    return report


def _feed_done(feed: Feed, result: str, *, error: str = "") -> None:
    feed.last_result, feed.last_error = result[:300], error
    feed.save(update_fields=["last_checked", "last_result", "last_error", "etag", "last_modified"])


def entry_import(feed: Feed, entry: Entry, *, fetcher: Fetcher, anyway: bool = False) -> tuple[str, str]:
    """What came of one item: ("new" | "unchanged" | "skipped" | "failed", reason). With
    `anyway` (an editor's "import anyway") the item is imported even if it is no readout."""
    known = FeedItem.objects.filter(url=entry.url).first()
    if not anyway and known and known.status in (FeedItem.Status.IMPORTED, FeedItem.Status.SKIPPED):
        return "unchanged", ""
    stored = Readout.objects.filter(url=entry.url).first()
    if stored is not None:
        _item(feed, entry, FeedItem.Status.IMPORTED, "already stored (same URL)", stored)
        return "unchanged", ""
    try:
        page = page_fetch(entry.url, fetcher)
    except FetchError as exc:
        _item(feed, entry, FeedItem.Status.FAILED, str(exc))
        return "failed", str(exc)
    publisher = feed.publisher_id
    if not anyway:
        try:
            reason = not_a_readout(page, publisher)
        except Exception:  # the parser's fault must not stop the poll: import it, its parse says more
            logger.exception("deciding whether %s is a readout failed", entry.url)
            reason = ""
        if reason:
            _item(feed, entry, FeedItem.Status.SKIPPED, reason, title=page.title)
            return "skipped", reason
    result = readout_ingest(
        text=page.text,
        title=page.title or entry.title,
        published_on=page.published_on or entry.published,
        url=page.url,
        publisher=publisher,
        publisher_found_by=Readout.PublisherFoundBy.FLAG if publisher else "",
        source=Readout.Source.FEED,
    )
    if result.outcome == Outcome.REFUSED or result.readout is None:
        _item(feed, entry, FeedItem.Status.FAILED, result.message, title=page.title)
        return "failed", result.message
    note = "imported anyway by an editor" if anyway else ""
    if result.outcome == Outcome.FAILED:
        _item(feed, entry, FeedItem.Status.IMPORTED, result.message, result.readout, title=page.title)
        return "failed", result.message
    outcome = "unchanged" if result.outcome == Outcome.UNCHANGED else "new"
    _item(feed, entry, FeedItem.Status.IMPORTED, note or result.message, result.readout, title=page.title)
    return outcome, ""


def _item(feed, entry: Entry, status: str, reason: str, readout: Readout | None = None, *, title: str = "") -> None:
    FeedItem.objects.update_or_create(
        url=entry.url[:1000],
        defaults={
            "feed": feed,
            "title": (title or entry.title)[:500],
            "published": entry.published,
            "status": status,
            "reason": reason[:500],
            "readout": readout,
            "fetched_at": timezone.now(),
        },
    )


def item_import_anyway(item: FeedItem, *, fetcher: Fetcher) -> tuple[str, str]:
    """An editor's "import anyway" for a skipped (or failed) item."""
    return entry_import(item.feed, Entry(item.url, item.title, item.published), fetcher=fetcher, anyway=True)
