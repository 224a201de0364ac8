"""A release's web page read: its main text, headline and published date.

trafilatura finds the main text (the release, without the site's menus, footer and share
buttons) and the page's metadata; nothing here reads HTML by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from engagements.ingest.fetch import HTML_TYPES, Fetched, Fetcher, FetchError
from engagements.models import normalise_text

MIN_WORDS = 15  # a readout is a paragraph or more: fewer words are what a menu leaves


class NoReleaseText(FetchError):
    """The page was fetched but holds no text to read as a release."""


@dataclass
class Page:
    url: str  # where the page was read, after redirects
    title: str
    text: str
    published_on: dt.date | None


def page_fetch(url: str, fetcher: Fetcher) -> Page:
    return page_read(fetcher.get(url, accept=HTML_TYPES))


def page_read(fetched: Fetched) -> Page:
    # Imported here: it takes about a second, which every web worker and command would pay
    # at start-up through the admin.
    import trafilatura

    html = fetched.body.decode(fetched.charset, errors="replace") if fetched.charset else fetched.body
    document = trafilatura.bare_extraction(
        html,
        url=fetched.url,
        with_metadata=True,
        favor_precision=True,  # a share line or a related link kept would become the readout's text
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        raise NoReleaseText(f"no main text found on the page {fetched.url}")
    title = " ".join((document.title or "").split())
    text = release_text(document.text, title)
    words = len(text.split())
    if words < MIN_WORDS:
        # What is left of a page of links and buttons (an index, a login wall) is no release.
        raise NoReleaseText(f"no main text found on the page {fetched.url} (only {words} words)")
    return Page(fetched.url, title, text, _date(document.date))


def release_text(text: str, title: str) -> str:
    """The release as stored: one paragraph a line block, the headline not repeated at the top
    (it is the readout's title)."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and normalise_text(paragraphs[0]).casefold() == normalise_text(title).casefold():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: str | None) -> dt.date | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None
