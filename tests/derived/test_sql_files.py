"""The database runs the functions the newest SQL files say, and nothing else of ours."""

import importlib
import re

import pytest
from django.db import connection

from engagements.derived.sql_files import FOLDER

pytestmark = pytest.mark.django_db

_FILE = re.compile(r"(?P<topic>\w+?)_v(?P<version>\d+)\.sql")
_FUNCTION = re.compile(
    r"CREATE (?:OR REPLACE )?FUNCTION\s+(?P<name>\w+)\s*\(.*?\bAS\s+(?P<tag>\$\w*\$)(?P<body>.*?)(?P=tag)",
    re.DOTALL,
)


def newest_bodies() -> tuple[dict[str, str], set[str]]:
    """{function: body} as the newest file of its topic defines it (an older version's
    function the newer one leaves alone stays), and the newest files' own functions."""
    by_topic: dict[str, list[tuple[int, str]]] = {}
    for path in FOLDER.glob("*.sql"):
        match = _FILE.fullmatch(path.name)
        assert match, f"{path.name}: SQL files are named topic_vN.sql"
        by_topic.setdefault(match["topic"], []).append((int(match["version"]), path.read_text(encoding="utf-8")))
    bodies, owner, newest = {}, {}, set()
    for topic, versions in by_topic.items():
        versions.sort()
        for version, text in versions:
            for found in _FUNCTION.finditer(text):
                assert owner.setdefault(found["name"], topic) == topic, f"{found['name']} is in two topics"
                bodies[found["name"]] = found["body"]
                if version == versions[-1][0]:
                    newest.add(found["name"])
    return bodies, newest


def test_the_database_functions_are_the_newest_files():
    bodies, newest = newest_bodies()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND p.proname LIKE 'engagements\\_%'"
        )
        installed = dict(cursor.fetchall())
    # Trigger functions a later migration retired are gone; everything else is there.
    retiring = importlib.import_module("engagements.migrations.0017_derived_data_owner").OLD_SUMMARY_TRIGGERS
    assert newest - set(re.findall(r"DROP FUNCTION (\w+)\(", retiring)) <= set(installed)
    for name, source in installed.items():
        assert name in bodies, f"{name} is in the database but in no SQL file"
        assert source == bodies[name], f"{name} differs from its newest SQL file"


def test_every_sql_file_is_loaded_by_a_migration():
    migrations = "".join(p.read_text() for p in (FOLDER.parent.parent / "migrations").glob("0*.py"))
    for path in FOLDER.glob("*.sql"):
        assert f'"{path.name}"' in migrations, path.name
