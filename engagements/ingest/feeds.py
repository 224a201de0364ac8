"""A source's new items, and which of them are readouts of defence engagements.

A feed (RSS or Atom, read by feedparser) lists its items; a listing page (a ministry's
"news releases" page) lists links to them. Whether an item's page is a readout is the
parser's call: a release that names no foreign counterpart and no meeting, call, visit or
signing is not one, and one whose headline is about a budget, a contract or a promotion is
skipped with that reason, for an editor to import anyway if the call was wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from django.conf import settings

from engagements import extraction as parser
from engagements.ingest.fetch import HTML_TYPES, Fetched, FetchError
from engagements.ingest.webpages import Page


class NotAFeed(FetchError):
    """The source's answer is neither a feed nor a page of links."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str = ""
    published: dt.date | None = None


def feed_entries(fetched: Fetched, *, listing: bool = False) -> list[Entry]:
    """The items a feed or listing page offers, in its order, each URL once."""
    if listing or (fetched.content_type in HTML_TYPES and not _looks_like_xml(fetched.body)):
        entries = _listing_links(fetched)
    else:
        entries = _feed_items(fetched)
    seen, unique = set(), []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            unique.append(entry)
    return unique


def _looks_like_xml(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def _feed_items(fetched: Fetched) -> list[Entry]:
    import feedparser  # here, like trafilatura in webpages.py: only a poll needs it

    parsed = feedparser.parse(fetched.body, response_headers={"content-location": fetched.url})
    if not parsed.entries and parsed.get("bozo"):
        raise NotAFeed(f"not an RSS or Atom feed ({parsed.get('bozo_exception')}): {fetched.url}")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            continue
        link = urldefrag(urljoin(fetched.url, link.strip())).url
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        when = item.get("published_parsed") or item.get("updated_parsed")
        published = dt.date(when.tm_year, when.tm_mon, when.tm_mday) if when else None
        entries.append(Entry(link, " ".join((item.get("title") or "").split()), published))
    return entries


# Parts of a listing page that hold the site's own links, not the releases'.
_CHROME = (
    "//nav | //header | //footer | //aside | //*[@role='navigation'] | //*[@role='banner'] | //*[@role='contentinfo']"
)
_HEADLINE_WORDS = 4  # a release's link reads as a headline; "Next", "Read more" do not


def _listing_links(fetched: Fetched) -> list[Entry]:
    try:
        root = lxml.html.document_fromstring(fetched.body, base_url=fetched.url)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise NotAFeed(f"the listing page could not be read ({exc}): {fetched.url}") from None
    for chrome in root.xpath(_CHROME):
        if chrome.getparent() is not None:
            chrome.drop_tree()
    scope = root.xpath("//main") or [root]
    host = urlsplit(fetched.url).hostname
    listing = urldefrag(fetched.url).url
    entries = []
    for anchor in scope[0].iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        link = urldefrag(urljoin(fetched.url, href.strip())).url
        title = " ".join(anchor.text_content().split())
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or parts.hostname != host or link == listing:
            continue
        if len(title.split()) < _HEADLINE_WORDS:
            continue
        entries.append(Entry(link, title))
    return entries


# Releases about something other than an engagement, by the words of their headline (or of
# their lead, when the parser finds no engagement either). Checked in this order.
_NOT_ENGAGEMENTS = (
    ("about a contract", r"\bcontracts?\b|\bawarded\b|\bprocurement\b|\btenders?\b"),
    ("about a budget", r"\bbudgets?\b|\bappropriations?\b|\bfiscal year\b|\bspending\b"),
    (
        "about a promotion or appointment",
        r"\bpromot(?:ion|ions|ed|es)\b|\bnominat(?:ion|ions|ed|es)\b|\bappoint(?:ment|ments|ed|s)\b"
        r"|\b(?:general|flag) officer assignments?\b|\bchange of command\b",
    ),
    ("about a casualty", r"\bidentifies\b.*\bcasualt|\bcasualty\b|\bdies\b|\bdied\b"),
)
_NOT_ENGAGEMENT_PATTERNS = tuple((reason, re.compile(words, re.IGNORECASE)) for reason, words in _NOT_ENGAGEMENTS)
_LEAD = re.compile(r"^.{0,400}?[.!?](?:\s|$)", re.DOTALL)


def not_a_readout(page: Page, publisher: str | None = None) -> str:
    """Why the page is not a readout of a defence engagement ("" when it is one)."""
    for reason, pattern in _NOT_ENGAGEMENT_PATTERNS:
        if pattern.search(page.title):
            return f"{reason} (its headline)"
    found = parser.parse(
        page.text,
        published=page.published_on,
        title=page.title or None,
        publisher=publisher,
        url=page.url,
        default_publisher=settings.DEFAULT_PUBLISHER or None,
    )
    foreign = {c.code for c in found.countries} - {found.publisher}
    engaged = bool(foreign) and (
        bool(found.participants) or found.kind != "other" or bool(found.agreements) or bool(found.exercises)
    )
    if engaged:
        return ""
    lead = _LEAD.match(page.text)
    for reason, pattern in _NOT_ENGAGEMENT_PATTERNS:
        if pattern.search(lead.group() if lead else page.text[:400]):
            return f"{reason} (its first sentence)"
    if not foreign:
        return "no engagement: the release names no other country"
    return "no engagement: no meeting, call, visit, signing or exercise found"
