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
    # A file that dropped the function first (its result changed) creates it plainly.
    replacing = f"CREATE OR REPLACE FUNCTION {function}("
    start = text.find(replacing)
    if start < 0:
        start = text.index(f"CREATE FUNCTION {function}(")
    end = text.index("$fn$;", start) + len("$fn$;")
    whole = text[start:end]
    if not whole.startswith(replacing):
        whole = "CREATE OR REPLACE " + whole.removeprefix("CREATE ")
    return whole + "\n"
