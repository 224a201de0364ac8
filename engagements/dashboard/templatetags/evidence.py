"""A readout's text with the sentences facts came from highlighted.

Spans are character offsets into ``Readout.text``, sentence-level, so several facts often
share one sentence and spans may overlap. The text is cut at every span edge into segments;
each segment is escaped on its own and those inside a span are wrapped in ``<mark>``. The
mark where a span starts carries its id (``ev-START-END``), so a plain ``<a href="#ev-...">``
in the fact list scrolls to it and ``:target`` styles it without JavaScript.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_NEWLINES = re.compile(r"\n+")


def span_id(start: int, end: int, prefix: str = "ev") -> str:
    # Each text on a page has its own prefix (an engagement's other sources).
    return f"{prefix}-{start}-{end}"


def valid_span(text: str, start, end) -> tuple[int, int] | None:
    """The span clipped to the text, or None when it cannot point into it."""
    if start is None or end is None:
        return None
    start, end = max(0, int(start)), min(len(text), int(end))
    return (start, end) if start < end else None


@dataclass
class Segment:
    text: str
    labels: list[str] = field(default_factory=list)  # the facts whose sentence covers it
    anchors: list[str] = field(default_factory=list)  # ids of the spans that start here

    @property
    def highlighted(self) -> bool:
        return bool(self.labels)


def segments(text: str, spans: Iterable[tuple[int, int, str]], prefix: str = "ev") -> list[Segment]:
    """Cut text at every span edge; spans are (start, end, label) and may overlap or repeat."""
    clean: dict[tuple[int, int], list[str]] = {}
    for start, end, label in spans:
        span = valid_span(text, start, end)
        if span:
            clean.setdefault(span, [])
            if label and label not in clean[span]:
                clean[span].append(label)
    edges = sorted({0, len(text), *(edge for span in clean for edge in span)})
    result = []
    for left, right in itertools.pairwise(edges):
        covering = sorted(span for span in clean if span[0] <= left and right <= span[1])
        labels = [label for span in covering for label in clean[span]]
        if covering and not labels:
            labels = ["Source of a fact"]
        anchors = [span_id(*span, prefix) for span in sorted(clean) if span[0] == left]
        result.append(Segment(text[left:right], labels, anchors))
    return result


def _paragraphs(piece: str) -> str:
    # Rendered with white-space: pre-line; a blank line between paragraphs reads better.
    return _NEWLINES.sub("\n\n", str(escape(piece)))


@register.simple_tag
def highlighted_text(text: str, spans: Iterable[tuple[int, int, str]], prefix: str = "ev") -> SafeString:
    parts = []
    for segment in segments(text or "", spans, prefix):
        body = mark_safe(_paragraphs(segment.text))  # noqa: S308 - escaped by _paragraphs
        if not segment.highlighted:
            parts.append(body)
            continue
        first, *others = segment.anchors or [""]
        # Two spans starting at one place: the mark takes one id, an empty anchor the other.
        for anchor in others:
            parts.append(format_html('<span id="{}" class="evidence-anchor"></span>', anchor))
        title = "; ".join(segment.labels)
        if first:
            parts.append(format_html('<mark id="{}" class="evidence" title="{}">{}</mark>', first, title, body))
        else:
            parts.append(format_html('<mark class="evidence" title="{}">{}</mark>', title, body))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped above
