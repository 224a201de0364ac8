"""The trigger and function SQL, read from versioned files in ``sql/``.

A migration loads its files by name (``summaries_v2.sql``): a later version is a new file
and a new migration, so an old migration keeps creating what it always created.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "sql"


def sql_file(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8")
