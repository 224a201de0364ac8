"""``manage.py generate_synthetic``: the JSONL file, the summary line, the column lists."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import GeneratedField

from engagements.extraction.types import KINDS
from engagements.ingest.cleaning import clean_readout_text
from engagements.ingest.sources import SourceRecord, read_file
from synthetic.rows import TABLES


def run(*args) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_jsonl_out_writes_importable_json_lines_without_touching_the_database(tmp_path):
    # No django_db mark: a database query here would fail the test.
    path = tmp_path / "synthetic.jsonl"
    summary = run("--engagements", "120", "--seed", "4", "--jsonl-out", str(path))
    assert "120 synthetic readouts written" in summary
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 120
    assert all(set(line) == {"id", "title", "published", "url", "publisher", "text"} for line in lines)
    assert (
        len({line["id"] for line in lines})
        == len({line["url"] for line in lines})
        == len({line["text"] for line in lines})
        == 120
    )
    records = list(read_file(Path(path)))
    assert all(isinstance(r, SourceRecord) for r in records)
    assert records[0].published.isoformat() == lines[0]["published"] and records[0].publisher == lines[0]["publisher"]
    assert all(clean_readout_text(line["text"]).text == line["text"] for line in lines)
    # The same seed writes the same file.
    again = tmp_path / "again.jsonl"
    run("--engagements", "120", "--seed", "4", "--jsonl-out", str(again))
    assert again.read_bytes() == path.read_bytes()


def test_gold_labels_follow_the_shared_schema(tmp_path):
    path = tmp_path / "gold.jsonl"
    run("--engagements", "50", "--jsonl-out", str(path), "--gold")
    for line in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        gold = line["gold"]
        assert set(gold) == {"engagement", "participants", "agreements", "exercises", "topics"}
        assert gold["engagement"]["kind"] in KINDS and line["publisher"] in gold["engagement"]["countries"]
        assert all(p["name"] in line["text"] for p in gold["participants"])


@pytest.mark.django_db
def test_the_command_loads_and_prints_one_summary_line():
    out = run("--engagements", "40", "--seed", "2", "--batch", "15")
    assert out.count("\n") == 1
    assert out.startswith("40 synthetic engagements loaded (") and "readouts 40" in out and "rows/s" in out


@pytest.mark.parametrize(
    "args", [["--engagements", "0"], ["--engagements", "5", "--batch", "0"], ["--engagements", "5", "--gold"]]
)
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_copy_columns_cover_every_column_of_the_model(table):
    """A column added to a model must be added to the generator's rows (rows.TABLES) too."""
    columns = {f.column for f in table.model._meta.concrete_fields if not isinstance(f, GeneratedField)}
    assert set(table.columns) == columns
