"""Read readouts from files: plain text, Markdown, HTML and JSON Lines, and folders of them.

Each file (or JSONL line) becomes a ``SourceRecord`` or a ``SourceError`` that says, in
words an operator can act on, what is wrong with it. Reading never stops at a bad file.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engagements.ingest.cleaning import html_to_text

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
# One readout is a few kB; a single-readout file this big is a mistake (a JSONL file of many
# readouts may be larger: its limit applies per line).
MAX_FILE_BYTES = 1_000_000
MAX_LINE_BYTES = 1_000_000

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,1000}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)([^\n*_]{0,200}?\S)\1")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,1000}>")


@dataclass
class SourceRecord:
    origin: str  # "path" or "path:line", for messages
    text: str
    title: str = ""
    published: dt.date | None = None
    url: str = ""
    publisher: str | None = None
    id: str = ""
    notes: tuple[str, ...] = ()


@dataclass
class SourceError:
    origin: str
    reason: str


SYMLINK_REFUSED = (
    "a symbolic link: not followed, so no file outside the folders named is imported (--follow-symlinks to allow)"
)


def iter_paths(paths: list[str | Path], *, follow_symlinks: bool = False) -> Iterator[Path | SourceError]:
    """Files named, and the readout files inside folders named (recursively, sorted).

    A symbolic link is refused unless ``follow_symlinks``: a link named ``x.txt`` may point
    at any file the importing account can read, and its text would be shown to analysts.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not follow_symlinks:
            yield SourceError(str(path), SYMLINK_REFUSED)
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() not in SUFFIXES or child.name.startswith("."):
                    continue
                if child.is_symlink() and not follow_symlinks:
                    yield SourceError(str(child), SYMLINK_REFUSED)
                elif child.is_file():
                    yield child
        elif path.is_file():
            yield path
        else:
            yield SourceError(str(path), "no such file or folder")


def read_sources(paths: list[str | Path], *, follow_symlinks: bool = False) -> Iterator[SourceRecord | SourceError]:
    for item in iter_paths(paths, follow_symlinks=follow_symlinks):
        if isinstance(item, SourceError):
            yield item
        else:
            yield from read_file(item)


def read_file(path: Path) -> Iterator[SourceRecord | SourceError]:
    origin = str(path)
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield SourceError(origin, f"cannot read the file: {exc.strerror or exc}")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path)
        return
    if size == 0:
        yield SourceError(origin, "the file is empty")
        return
    if size > MAX_FILE_BYTES:
        yield SourceError(
            origin,
            f"the file is {size / 1e6:.1f} MB; a readout file may be at most "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB. Is it the right file?",
        )
        return
    raw = path.read_bytes()
    decoded = decode_bytes(raw)
    if isinstance(decoded, str):
        yield SourceError(origin, decoded)
        return
    content, notes = decoded
    record = {"text": _parse_text, "markdown": _parse_markdown, "html": _parse_html}[kind](content)
    if isinstance(record, str):
        yield SourceError(origin, record)
        return
    record.origin = origin
    record.notes = tuple(notes) + record.notes
    record.id = record.id or path.stem
    yield record


def decode_bytes(raw: bytes) -> tuple[str, list[str]] | str:
    """The text of a file's bytes with notes, or a message saying why it is not text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ["decoded as UTF-16"]
        except UnicodeDecodeError:
            return "the file starts like UTF-16 but is not valid UTF-16"
    if b"\x00" in raw[:8192]:
        return "this is a binary file, not text (it contains NUL bytes)"
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        position = exc.start
    # Not UTF-8: Windows-1252 is what office tools write for English text; say so.
    try:
        return raw.decode("cp1252"), [
            f"not valid UTF-8 (byte {raw[position]:#04x} at offset {position}); decoded as Windows-1252"
        ]
    except UnicodeDecodeError:
        return f"not valid UTF-8 (byte {raw[position]:#04x} at offset {position}) nor Windows-1252: re-save it as UTF-8"


def _front_matter(content: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(content)
    if not match:
        return {}, content
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip('"').strip("'")
    return fields, content[match.end() :]


def _record_from(fields: dict[str, str], text: str) -> SourceRecord | str:
    published = None
    if fields.get("published"):
        try:
            published = dt.date.fromisoformat(fields["published"][:10])
        except ValueError:
            return f"published date {fields['published']!r} is not a date (use YYYY-MM-DD)"
    return SourceRecord(
        origin="",
        text=text,
        title=fields.get("title", ""),
        published=published,
        url=fields.get("url", ""),
        publisher=fields.get("publisher") or None,
        id=fields.get("id", ""),
    )


def _parse_text(content: str) -> SourceRecord | str:
    fields, body = _front_matter(content)
    return _record_from(fields, body)


def _parse_markdown(content: str) -> SourceRecord | str:
    fields, body = _front_matter(content)
    body = _MD_HEADING.sub("", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_EMPHASIS.sub(r"\2", body)
    return _record_from(fields, body)


def _parse_html(content: str) -> SourceRecord | str:
    title_match = _HTML_TITLE.search(content) or _HTML_H1.search(content)
    title = html.unescape(" ".join(_TAG.sub(" ", title_match.group(1)).split())) if title_match else ""
    cleaned = html_to_text(content)
    record = _record_from({"title": title}, cleaned.text)
    if isinstance(record, SourceRecord):
        record.notes = tuple(cleaned.notes)
    return record


def _read_jsonl(path: Path) -> Iterator[SourceRecord | SourceError]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield SourceError(str(path), f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        for number, raw, whole in _bounded_lines(handle, MAX_LINE_BYTES):
            origin = f"{path}:{number}"
            if not whole:
                yield SourceError(
                    origin,
                    f"the line is longer than {MAX_LINE_BYTES / 1e6:.0f} MB, the most a readout may be; skipped",
                )
                continue
            if not raw.strip():
                continue
            yield record_from_json_line(raw, origin)


def _bounded_lines(handle, limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """(number, line, whole) for each line, never holding more than ``limit`` bytes of one:
    a longer line is skipped in pieces and comes back empty with ``whole`` False."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= limit:
            yield number, raw, True
            continue
        while raw and not raw.endswith(b"\n"):
            raw = handle.readline(limit + 1)
        yield number, b"", False


def record_from_json_line(raw: bytes | str, origin: str) -> SourceRecord | SourceError:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return SourceError(origin, f"malformed JSON: {exc}")
    if not isinstance(data, dict):
        return SourceError(origin, 'a line must be a JSON object with at least a "text" field')
    text = data.get("text")
    if not isinstance(text, str):
        return SourceError(origin, 'the object has no "text" string')
    fields = {k: str(data[k]) for k in ("title", "published", "url", "publisher", "id") if data.get(k) is not None}
    record = _record_from(fields, text)
    if isinstance(record, str):
        return SourceError(origin, record)
    record.origin = origin
    return record
