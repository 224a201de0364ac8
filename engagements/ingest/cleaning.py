"""Check and tidy a readout's text before it is stored: clear answers for bad input."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError

_HTML_HINT = re.compile(r"<\s*(html|body|p|div|span|br|script|style|a|h[1-6]|li|table)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr table ul ol section article header footer".split())
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n[\s]*")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# The commonest English words: a readout in English has many of them.
_ENGLISH = frozenset("the and of to in with for on at a his her their its was were is are by".split())
_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class CleanText:
    text: str
    notes: list[str] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.skipped: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
            self.skipped[tag] = self.skipped.get(tag, 0) + 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:20000]))


def html_to_text(markup: str) -> CleanText:
    """The readable text of an HTML page or fragment; scripts and styles are dropped."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    notes = ["HTML markup was converted to plain text"]
    for tag, count in sorted(parser.skipped.items()):
        notes.append(f"{count} <{tag}> element{'s' if count != 1 else ''} dropped")
    return CleanText(text, notes)


def clean_readout_text(text: str) -> CleanText:
    """Validate and tidy a readout's text, or raise ValidationError saying what is wrong."""
    if not isinstance(text, str):
        raise ValidationError("The readout text must be text.", code="not_text")
    limit = settings.READOUT_MAX_CHARS
    if len(text) > limit:
        raise ValidationError(
            f"The readout is {len(text):,} characters long; the limit is {limit:,}. "
            "A readout is a few thousand characters: is this the right file?",
            code="too_long",
        )
    if "\x00" in text or len(_CONTROL.findall(text[:10000])) > 10:
        raise ValidationError("This looks like binary data, not the text of a readout.", code="binary")
    notes: list[str] = []
    if looks_like_html(text):
        cleaned = html_to_text(text)
        text, notes = cleaned.text, cleaned.notes
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise ValidationError("The readout text is empty.", code="empty")
    if not _LETTERS.search(text):
        raise ValidationError("The readout text has no words in it.", code="no_words")
    return CleanText(text, notes)


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def refuse_unstorable(label: str, value: str | None) -> None:
    """Raise ValidationError when text cannot be stored as UTF-8 in PostgreSQL: a NUL
    character, or half of a UTF-16 surrogate pair (JSON's "\\ud800" escape)."""
    found = _UNSTORABLE.search(value or "")
    if found is None:
        return
    what = "a NUL character" if found.group() == "\x00" else f"a lone surrogate (U+{ord(found.group()):04X})"
    raise ValidationError(
        f"The {label} contains {what} at position {found.start()}, which cannot be stored: fix the source.",
        code="unstorable",
    )


def looks_english(text: str) -> bool:
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 8:
        return True  # too short to tell; the parser's own findings will say
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.08
