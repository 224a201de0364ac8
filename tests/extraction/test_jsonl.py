"""The JSON-lines entry point that `python -m engagements.extraction` and `manage.py extract` share."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engagements.extraction.jsonl import extract_lines, read_markdown

ROOT = Path(__file__).resolve().parents[2]

RECORD = {
    "id": "r1",
    "published": "2024-05-16",
    "title": "Readout of Secretary of Defense Lloyd J. Austin III's Call With Italian Minister of Defense Guido Crosetto",
    "text": "Secretary Austin spoke by phone today with Italian Minister of Defense Guido Crosetto about Ukraine.",
}


def test_one_schema_object_per_record():
    lines = [json.dumps(RECORD), "", json.dumps({"id": "r2", "text": "", "published": None})]
    out = list(extract_lines(lines))
    assert [o["id"] for o in out] == ["r1", "r2"]
    first = out[0]
    assert set(first) == {"id", "engagement", "participants", "agreements", "exercises", "topics", "publisher", "title"}
    assert first["engagement"] == {
        "date": "2024-05-16",
        "kind": "call",
        "countries": ["ITA", "USA"],
        "location": None,
        "forum": None,
    }
    assert {p["name"] for p in first["participants"]} == {"Lloyd J. Austin III", "Guido Crosetto"}
    assert out[1]["engagement"]["date"] is None


def test_bad_line_names_its_number():
    with pytest.raises(ValueError, match="line 2"):
        list(extract_lines([json.dumps(RECORD), "{not json"]))


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(
        "---\nid: demo-1\ntitle: A Title\npublished: 2024-05-16  # release date\npublisher: AUS\n---\nBody text.\n",
        encoding="utf-8",
    )
    record = read_markdown(path)
    assert record == {
        "id": "demo-1",
        "text": "Body text.\n",
        "title": "A Title",
        "published": "2024-05-16",
        "publisher": "AUS",
    }


def test_module_prints_json_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "engagements.extraction", "--jsonl", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["id"] == "r1" and rows[0]["engagement"]["kind"] == "call"
