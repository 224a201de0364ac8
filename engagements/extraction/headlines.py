"""A title for a readout published without one.

Its own headline when the text opens with one (a short first line that is not a sentence:
"UK-Kenya conduct joint military training"), else one made from the facts: "Call: India -
Australia, 4 Jul 2024" (the kind, the publisher first and then the other parties, the date).
"""

from __future__ import annotations

import re

from engagements.extraction.countries import display_name
from engagements.extraction.types import Extraction

_MAX_HEADLINE = 160
_MAX_PARTIES = 4  # "Multilateral: United States - Estonia - Latvia - Lithuania and 5 more"
# A first line that is a sentence, a dateline, a spokesperson's line or a numbered paragraph.
_NOT_HEADLINE = re.compile(r"[.:;,]\s*$|^\s*(?:\d+\.|\(|[-*])|\b(?:readout|following)\b", re.IGNORECASE)


def opening_headline(text: str) -> str | None:
    """The text's first line when it is a headline."""
    first, newline, rest = text.lstrip().partition("\n")
    first = " ".join(first.split())
    if not newline or not rest.strip() or not (8 <= len(first) <= _MAX_HEADLINE):
        return None
    if _NOT_HEADLINE.search(first) or not first[:1].isupper() or len(first.split()) < 3:
        return None
    return first


def made_title(ex: Extraction) -> str:
    """ "Call: India - Australia, 4 Jul 2024" from the facts."""
    codes = [c.code for c in ex.countries]
    if ex.publisher in codes:
        codes.remove(ex.publisher)
        codes.insert(0, ex.publisher)
    shown = codes if len(codes) <= _MAX_PARTIES else codes[: _MAX_PARTIES - 1]
    parties = " - ".join(display_name(c) for c in shown) or "Engagement"
    if len(shown) < len(codes):
        parties += f" and {len(codes) - len(shown)} more"
    parts = [parties]
    if ex.date:
        parts.append(f"{ex.date.day} {ex.date:%b %Y}")
    return f"{ex.kind.capitalize()}: {', '.join(parts)}"


def headline(text: str, ex: Extraction) -> str:
    return opening_headline(text) or made_title(ex)
