"""manage.py import_readouts: good files in, bad files named with a reason, a closing summary."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from engagements.models import Readout
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def run_import(*paths):
    out, err = StringIO(), StringIO()
    call_command("import_readouts", *map(str, paths), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "one.txt").write_text(readouts.MALAYSIA_MEETING, encoding="utf-8")
    (tmp_path / "two.md").write_text(
        "---\ntitle: Call\npublished: 2024-09-01\n---\n" + readouts.MALAYSIA_CALL_LATER, encoding="utf-8"
    )
    (tmp_path / "three.html").write_text(
        f"<html><body><p>{readouts.PHILIPPINES_PLAN}</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "sign", "published": "2024-07-09", "text": readouts.PHILIPPINES_SIGN}) + "\n{broken json\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "latin1.txt").write_bytes("Ministre Velásquez réunion".encode("latin-1") + b"\xff\xfe\x00")
    (tmp_path / "blob.txt").write_bytes(b"word " * 1_100_000)  # 5.5 MB
    return tmp_path


def test_a_folder_imports_the_good_and_names_the_bad(folder):
    out, err = run_import(folder)
    assert Readout.objects.count() == 4
    assert out.strip().startswith("Imported: 4 new, 0 unchanged, 0 failed, 0 refused, 5 unreadable")
    assert "empty.txt: the file is empty" in err
    assert "binary.txt: this is a binary file" in err
    assert "blob.txt: the file is 5.5 MB" in err
    assert "batch.jsonl:2: malformed JSON" in err
    assert "latin1.txt" in err


def test_importing_again_reports_everything_unchanged(folder):
    run_import(folder)
    out, _ = run_import(folder)
    assert out.strip().startswith("Imported: 0 new, 4 unchanged")
    assert Readout.objects.count() == 4


def test_a_readout_left_pending_by_an_interrupted_run_is_finished(folder):
    # As if an earlier run stopped after storing the text and before parsing it.
    from engagements.ingest.store import readout_create

    stored = readout_create(text=readouts.MALAYSIA_MEETING, source=Readout.Source.IMPORT)
    assert stored.readout.status == Readout.Status.PENDING
    out, _ = run_import(folder)
    assert "4 new" in out
    readout = Readout.objects.get(pk=stored.readout.pk)
    assert readout.status != Readout.Status.PENDING  # parsed now (no publication date: left for review)
    assert readout.engagement.participations.exists()
    assert Readout.objects.count() == 4


def test_one_readout_failing_to_save_does_not_sink_its_batch(folder, monkeypatch):
    from engagements.ingest import save as ingest

    real = ingest.agreement_match

    def fragile(name, kind, parties, lookups=None):
        if kind == "ACSA" and "PHL" in parties:
            raise RuntimeError("cannot save this agreement")
        return real(name, kind, parties, lookups)

    monkeypatch.setattr(ingest, "agreement_match", fragile)
    out, err = run_import(folder)
    assert "2 new" in out and "2 failed" in out  # the two Philippine ACSA readouts
    assert err.count("RuntimeError: cannot save this agreement") == 2
    failed = Readout.objects.filter(status=Readout.Status.FAILED)
    assert failed.count() == 2 and not failed.filter(engagement__isnull=False).exists()
    assert Readout.objects.exclude(status=Readout.Status.FAILED).filter(engagement__isnull=False).count() == 2
