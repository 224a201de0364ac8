"""Scores on labelled readouts, with the shared scorer (not a copy of it).

The dev corpus lives outside the repository (../shared/corpus); the test skips when it is not
there. The demo readouts (engagements/demo) are scored too when present.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from engagements.extraction.jsonl import extract_lines, extract_record, read_markdown

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"
DEMO = ROOT / "engagements" / "demo"


def load_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def overall(gold_path: Path, rows: list[dict], tmp_path: Path, capsys, monkeypatch) -> float:
    """Run the shared scorer's own main() on our predictions and read its overall figure."""
    score = load_scorer()
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["score.py", str(gold_path), str(pred_path), "--json"])
    capsys.readouterr()
    score.main()
    return json.loads(capsys.readouterr().out)["overall"]


@pytest.mark.skipif(not (CORPUS / "dev.jsonl").exists(), reason="shared dev corpus not present")
def test_dev_corpus_overall(tmp_path, capsys, monkeypatch):
    lines = (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    rows = list(extract_lines(lines))
    assert overall(CORPUS / "dev.jsonl", rows, tmp_path, capsys, monkeypatch) >= 0.90


@pytest.mark.skipif(
    not (CORPUS / "score.py").exists() or not (DEMO / "gold.jsonl").exists(),
    reason="shared scorer or demo readouts not present",
)
def test_demo_readouts_overall(tmp_path, capsys, monkeypatch):
    rows = [extract_record(read_markdown(path)) for path in sorted((DEMO / "readouts").glob("*.md"))]
    assert overall(DEMO / "gold.jsonl", rows, tmp_path, capsys, monkeypatch) >= 0.90
