"""What an import does with hostile or broken input: links, bad lines, huge lines, odd names.
Each refuses that one file or record with a message, and the rest imports."""

import json
import os
import tracemalloc
from io import StringIO

import pytest
from django.core.management import call_command

from engagements.ingest import sources
from engagements.ingest.sources import SourceError, read_sources
from engagements.models import Readout
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import_readouts", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "outside" / "secret"
    path.parent.mkdir()
    path.write_text("The minister met the secretary in Manila. The password is hunter2.", encoding="utf-8")
    return path


def test_a_symbolic_link_is_refused_with_a_message(tmp_path, secret):
    folder = tmp_path / "readouts"
    folder.mkdir()
    (folder / "real.txt").write_text(readouts.MALAYSIA_MEETING, encoding="utf-8")
    (folder / "x.txt").symlink_to(secret)
    named = tmp_path / "named.txt"
    named.symlink_to(secret)
    out, err = run_import(folder, named)
    assert out.startswith("Imported: 1 new, 0 unchanged, 0 failed, 0 refused, 2 unreadable")
    assert f"{folder / 'x.txt'}: a symbolic link: not followed" in err
    assert f"{named}: a symbolic link: not followed" in err
    assert "--follow-symlinks" in err
    assert not Readout.objects.filter(text__contains="hunter2").exists()


def test_follow_symlinks_imports_what_a_link_points_at(tmp_path, secret):
    link = tmp_path / "x.txt"
    link.symlink_to(secret)
    out, _ = run_import(link, "--follow-symlinks")
    assert out.startswith("Imported: 1 new")
    assert Readout.objects.filter(text__contains="hunter2").exists()


def test_a_bad_jsonl_record_is_refused_and_the_rest_imports_with_nothing_left_pending(tmp_path):
    good = [readouts.MALAYSIA_MEETING, readouts.PHILIPPINES_SIGN, readouts.PHILIPPINES_PLAN]
    lines = [
        json.dumps({"title": "first", "text": good[0]}),
        json.dumps({"title": "a\u0000title", "text": readouts.MALAYSIA_CALL_LATER}),
        json.dumps({"url": "https://example.org/a\u0000b", "text": readouts.MALAYSIA_CALL_LATER + " Again."}),
        '{"title": "surrogate", "text": "The minister met \\ud800 the secretary in Manila on May 1, 2024."}',
        json.dumps({"title": "second", "text": good[1]}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(good[2], encoding="utf-8")
    out, err = run_import(tmp_path)
    assert out.startswith("Imported: 3 new, 0 unchanged, 0 failed, 3 refused, 0 unreadable")
    assert "a.jsonl:2: The title contains a NUL character" in err
    assert "a.jsonl:3: The source URL contains a NUL character" in err
    assert "a.jsonl:4: The text contains a lone surrogate (U+D800)" in err
    assert Readout.objects.count() == 3
    assert not Readout.objects.exclude(status__in=["parsed", "needs_review"]).exists()


def test_an_unexpected_error_storing_one_record_does_not_stop_the_import(tmp_path, monkeypatch):
    from engagements.ingest import imports

    real = imports.readout_prepare

    def flaky(**fields):
        if fields["title"] == "boom":
            raise RuntimeError("disk on fire")
        return real(**fields)

    monkeypatch.setattr(imports, "readout_prepare", flaky)
    lines = [
        json.dumps({"title": "boom", "text": readouts.MALAYSIA_MEETING}),
        json.dumps({"text": readouts.PHILIPPINES_SIGN}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out, err = run_import(tmp_path)
    assert out.startswith("Imported: 1 new, 0 unchanged, 1 failed")
    assert "a.jsonl:1: could not be stored: RuntimeError: disk on fire" in err


def test_a_huge_jsonl_line_is_skipped_without_being_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(json.dumps({"text": readouts.MALAYSIA_MEETING}).encode() + b"\n")
        handle.write(b'{"text": "' + b"x" * 50_000 + b'"}\n')
        handle.write(json.dumps({"text": readouts.PHILIPPINES_SIGN}).encode() + b"\n")
    reads = []
    real_open = type(path).open

    def spying_open(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        readline = handle.readline

        class Spy:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def readline(self, size=-1):
                line = readline(size)
                reads.append(len(line))
                return line

            def __iter__(self):
                raise AssertionError("lines must be read with a bound, not by iterating the file")

        return Spy()

    monkeypatch.setattr(type(path), "open", spying_open)
    records = list(read_sources([path]))
    assert [type(r) for r in records] == [sources.SourceRecord, SourceError, sources.SourceRecord]
    assert records[1].origin == f"{path}:2" and "longer than" in records[1].reason
    assert records[2].origin == f"{path}:3"
    assert max(reads) <= 1001


def test_a_real_huge_line_costs_little_memory(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "')
        for _ in range(60):
            handle.write(b"y" * 1_000_000)
        handle.write(b'"}\n')
    tracemalloc.start()
    try:
        records = list(read_sources([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(records[0], SourceError)
    assert peak < 5_000_000  # a 60 MB line read whole would take 60 MB


def test_file_names_with_terminal_escapes_are_shown_escaped(tmp_path):
    name = "evil\x1b]0;owned\x07\x1b[2J.txt"
    (tmp_path / name).write_bytes(b"")
    _, err = run_import(tmp_path)
    assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;owned\\x07\\x1b[2J.txt: the file is empty" in err


def test_undecodable_file_names_are_shown_escaped(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/bad\xff\xfe.txt"
    with open(raw, "wb"):
        pass
    _, err = run_import(tmp_path)
    assert "bad\\udcff\\udcfe.txt: the file is empty" in err
