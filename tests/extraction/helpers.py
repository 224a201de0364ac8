"""Small helpers shared by the parser's tests (no Django)."""

from __future__ import annotations

import datetime as dt

from engagements.extraction import parse_strict
from engagements.extraction.types import Extraction

PUBLISHED = dt.date(2024, 5, 16)  # a Thursday


def run(
    text: str, published: dt.date | None = PUBLISHED, title: str | None = None, publisher: str = "USA"
) -> Extraction:
    """Parse with the strict entry point, so a parser fault fails the test instead of being logged."""
    return parse_strict(text, published, title=title, publisher=publisher)


def people(ex: Extraction) -> set[tuple[str, str | None]]:
    return {(p.name, p.country) for p in ex.participants}


def codes(ex: Extraction) -> list[str]:
    return sorted({c.code for c in ex.countries})


def topics(ex: Extraction) -> set[str]:
    return {t.topic for t in ex.topics}


def check_spans(text: str, ex: Extraction) -> None:
    """Every span indexes the text given, and a fact's span is a whole sentence of it."""
    n = len(text)
    spans = [ex.date_span, ex.kind_span, ex.location_span, ex.forum_span]
    for group in (ex.countries, ex.participants, ex.agreements, ex.exercises, ex.topics):
        spans.extend(f.span for f in group)
    for span in spans:
        if span is None:
            continue
        s, e = span
        assert 0 <= s <= e <= n, (span, n)
