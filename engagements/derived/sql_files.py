"""The trigger and function SQL, read from versioned files in ``sql/``.

A migration loads its files by name (``summaries_v2.sql``): a later version is a new file
and a new migration, so an old migration keeps creating what it always created.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "sql"


def sql_file(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8")


def sql_function(name: str, function: str) -> str:
    """One ``CREATE OR REPLACE FUNCTION`` of a file, whole: a later file that replaces a
    function restores the earlier version from its own file when its migration is reversed."""
    text = sql_file(name)
    start = text.index(f"CREATE OR REPLACE FUNCTION {function}(")
    end = text.index("$fn$;", start) + len("$fn$;")
    return text[start:end] + "\n"
