"""Run the parser over JSON lines: the same function backs `python -m engagements.extraction`
and the `manage.py extract` command.

Input records carry `id`, `text`, `published` (ISO date) and optionally `title` and
`url` and `publisher` (ISO alpha-3; when absent it is found from the URL or the text, see
publishers.py). Output: one dict per record, `{"id": ...,
**extraction.to_schema()}`, the shape score.py reads.

How the title is used: it helps fill out names ("Secretary Austin" in the text, "Secretary of
Defense Lloyd J. Austin III" in the headline), adds a participant the text names only by
surname or title, and hints at a visit. Facts still point at sentences of the text: a
participant from the headline gets the span of the first sentence naming them; a forum found
only in the headline has no span (None).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from engagements.extraction.parser import parse

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", re.DOTALL)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def extract_record(
    record: dict[str, Any], *, publisher: str | None = None, default_publisher: str | None = "USA"
) -> dict[str, Any]:
    """The schema object for one input record, with its id. An explicit `publisher` (the
    command's flag) goes before the record's own `publisher` field."""
    text = record.get("text")
    text = text if isinstance(text, str) else ""
    title = record.get("title") if isinstance(record.get("title"), str) else None
    given, how = (publisher, "flag") if publisher else (record.get("publisher"), "jsonl")
    extraction = parse(
        text,
        _date(record.get("published")),
        title=title,
        publisher=given if isinstance(given, str) else None,
        publisher_how=how,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        default_publisher=default_publisher,
    )
    return {"id": record.get("id"), **extraction.to_schema()}


def extract_lines(lines: Iterable[str], **options: Any) -> Iterator[dict[str, Any]]:
    """One output dict per JSONL record; blank lines are skipped, a malformed line raises
    ValueError naming its line number."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise ValueError(f"line {number}: not a JSON object")
        yield extract_record(record, **options)


def read_markdown(path: str | Path) -> dict[str, Any]:
    """A readout file with front matter (id, title, published, publisher) as a record."""
    raw = Path(path).read_text(encoding="utf-8")
    record: dict[str, Any] = {"id": Path(path).stem, "text": raw}
    m = _FRONT.match(raw)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                value = value.split(" #", 1)[0].strip()
                record[key.strip()] = value
        record["text"] = m.group(2)
    return record
