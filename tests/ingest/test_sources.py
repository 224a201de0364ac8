"""Reading readout files: each format, and a clear reason for every file that cannot be read."""

import datetime as dt
import json

import pytest

from engagements.ingest.sources import SourceError, SourceRecord, read_sources

FRONT = "---\ntitle: Readout of a call\npublished: 2024-03-04\nurl: https://example.org/r/1\n---\n"
BODY = "Secretary of Defense Lloyd J. Austin III spoke by phone today with Minister Boris Pistorius."


def read_one(path):
    records = list(read_sources([path]))
    assert len(records) == 1
    return records[0]


def test_text_file_with_front_matter(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(FRONT + BODY, encoding="utf-8")
    record = read_one(path)
    assert isinstance(record, SourceRecord)
    assert (record.title, record.published, record.url, record.id) == (
        "Readout of a call",
        dt.date(2024, 3, 4),
        "https://example.org/r/1",
        "call",
    )
    assert record.text.strip() == BODY


def test_markdown_loses_its_markup(tmp_path):
    path = tmp_path / "call.md"
    path.write_text(
        FRONT + "# Readout\n\n**Secretary Austin** met [Minister Pistorius](https://x.example) today.", encoding="utf-8"
    )
    record = read_one(path)
    assert "Secretary Austin met Minister Pistorius today." in record.text
    assert "#" not in record.text and "https://x.example" not in record.text


def test_html_keeps_text_and_title_and_drops_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Readout &amp; call</title><script>alert('x')</script></head>"
        f"<body><h1>Readout</h1><p>{BODY}</p><p>Second paragraph.</p></body></html>",
        encoding="utf-8",
    )
    record = read_one(path)
    assert record.title == "Readout & call"
    assert BODY in record.text and "Second paragraph." in record.text
    assert "alert" not in record.text
    assert any("script" in note for note in record.notes)


def test_jsonl_reads_each_line_and_reports_bad_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "A", "published": "2024-01-02", "text": BODY}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": BODY + " Again.", "published": "yesterday"}),
        "",
        json.dumps({"id": "e", "text": BODY + " Third."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    records = list(read_sources([path]))
    good = [r for r in records if isinstance(r, SourceRecord)]
    bad = {r.origin.rsplit(":", 1)[1]: r.reason for r in records if isinstance(r, SourceError)}
    assert [r.id for r in good] == ["a", "e"]
    assert good[0].published == dt.date(2024, 1, 2)
    assert bad["2"].startswith("malformed JSON")
    assert "JSON object" in bad["3"]
    assert 'no "text"' in bad["4"]
    assert "not a date" in bad["5"]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("huge.txt", b"a" * 1_500_000, "1.5 MB"),
    ],
)
def test_unreadable_files_say_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    record = read_one(path)
    assert isinstance(record, SourceError)
    assert reason in record.reason


def test_windows_1252_is_decoded_with_a_note(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Minister Velásquez met Secretary Austin today.".encode("cp1252"))
    record = read_one(path)
    assert "Velásquez" in record.text
    assert "Windows-1252" in record.notes[0]


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert read_one(path).text == BODY


def test_folders_are_read_recursively_and_missing_paths_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text(BODY + " More.", encoding="utf-8")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    records = list(read_sources([tmp_path, tmp_path / "missing.txt"]))
    assert [r.id for r in records if isinstance(r, SourceRecord)] == ["a", "b"]
    assert records[-1].reason == "no such file or folder"
