"""The load as the command runs it: outside any transaction, on two connections, indexes
dropped and rebuilt. In a scratch database of its own (the test database stays untouched:
batches commit, and no test transaction could roll them back).
"""

import os
import subprocess

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from tests.support import ROOT, app_env, database_url, manage

pytestmark = pytest.mark.slow


@pytest.fixture
def scratch_database():
    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    name = f"synthetic_committed_{os.getpid()}"
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = app_env(database_url({**connection.settings_dict, "NAME": name}))
    try:
        subprocess.run(manage("migrate", "--noinput", "-v0"), env=env, cwd=ROOT, check=True, timeout=300)
        scratch = psycopg2.connect(**{**params, "dbname": name})
        scratch.autocommit = True
        yield env, scratch
        scratch.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def query(scratch, statement, params=None):
    with scratch.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def generate(env, *args) -> str:
    done = subprocess.run(
        manage("generate_synthetic", *args, "--no-progress"),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_committed_batches_on_two_connections_with_indexes_rebuilt(scratch_database):
    env, scratch = scratch_database
    indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
    before = query(scratch, indexes)
    out = generate(env, "--engagements", "3000", "--batch", "250", "--writers", "2", "--drop-indexes", "--seed", "9")
    assert "3,000 synthetic engagements loaded" in out
    assert query(scratch, indexes) == before
    out = generate(env, "--engagements", "1000", "--batch", "300", "--writers", "2", "--seed", "9")
    assert query(scratch, "SELECT count(*), count(DISTINCT text_sha256) FROM engagements_readout") == [(4000, 4000)]
    # Every engagement got its facts, people are not duplicated, histories sign once.
    assert query(
        scratch,
        """
        SELECT count(*) FROM engagements_engagement e
        WHERE NOT EXISTS (SELECT 1 FROM engagements_participation p WHERE p.engagement_id = e.id)
           OR (SELECT count(*) FROM engagements_engagementcountry c WHERE c.engagement_id = e.id) < 2
    """,
    ) == [(0,)]
    assert query(
        scratch,
        """
        SELECT count(*) FROM (SELECT agreement_id FROM engagements_agreementevent
        WHERE action IN ('signed', 'renewed') GROUP BY agreement_id, action HAVING count(*) > 1) twice
    """,
    ) == [(0,)]
    # The sequences moved past the loaded ids: an ordinary insert takes the next one.
    for table in ("engagements_readout", "engagements_participation", "engagements_person"):
        ((highest, following),) = query(
            scratch,
            sql.SQL("SELECT (SELECT max(id) FROM {}), nextval(pg_get_serial_sequence(%s, 'id'))").format(
                sql.Identifier(table)
            ),
            [table],
        )
        assert following > highest, table
