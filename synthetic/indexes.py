"""Dropping a table's secondary indexes for a bulk load, and building them again after.

Maintaining a GIN index over a million tsvectors row by row costs far more than building
it once at the end. Primary keys and unique indexes stay: they are what makes a load that
would break an invariant fail instead.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)

# Raised for the rebuild only, per connection: sorting in memory is what makes it fast.
MAINTENANCE_WORK_MEM = "1GB"


@dataclass(frozen=True)
class IndexDef:
    name: str
    table: str
    definition: str  # pg_indexes.indexdef: "CREATE INDEX name ON public.table USING ..."

    @property
    def create_sql(self) -> str:
        # IF NOT EXISTS: a rebuild after a rolled-back drop (the index is back) is a no-op.
        return self.definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)


def secondary_indexes(connection, tables: list[str]) -> list[IndexDef]:
    """The non-unique indexes of ``tables`` that back no constraint."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT pi.indexname, pi.tablename, pi.indexdef
            FROM pg_indexes pi
            JOIN pg_class c ON c.relname = pi.indexname
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = pi.schemaname
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE pi.schemaname = current_schema()
              AND pi.tablename = ANY(%s)
              AND NOT x.indisprimary
              AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
            ORDER BY pi.tablename, pi.indexname
            """,
            [tables],
        )
        return [IndexDef(name, table, definition) for name, table, definition in cursor.fetchall()]


def drop(connection, indexes: list[IndexDef]) -> None:
    quote = connection.ops.quote_name
    if indexes:
        logger.info(
            "dropping %d indexes for the load, rebuilt after it: %s",
            len(indexes),
            ", ".join(i.name for i in indexes),
        )
    with connection.cursor() as cursor:
        for index in indexes:
            # Logged so that an index lost to a killed load can be rebuilt by hand.
            logger.debug("dropping %s; to rebuild: %s", index.name, index.definition)
            cursor.execute(f"DROP INDEX IF EXISTS {quote(index.name)}")


def recreate(connection, indexes: list[IndexDef], helpers: list | None = None) -> list[str]:
    """Build the indexes again; returns the names that failed (each failure is logged).

    Outside a transaction every index is its own statement, and ``helpers`` (more Django
    connections) build some at the same time: the GIN index takes longest, so it goes first
    and the B-trees share the other connections meanwhile.
    """
    if not indexes:
        return []
    if connection.in_atomic_block:
        return _recreate_in_transaction(connection, indexes)
    todo: queue.Queue[IndexDef] = queue.Queue()
    for index in sorted(indexes, key=lambda i: " USING gin " not in i.definition):
        todo.put(index)
    failed: list[str] = []

    def build(raw) -> None:
        with raw.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            try:
                while True:
                    try:
                        index = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        cursor.execute(index.create_sql)
                    except Exception:
                        logger.exception("could not rebuild index %s: %s", index.name, index.definition)
                        failed.append(index.name)
            finally:
                cursor.execute("RESET maintenance_work_mem")

    raws = [connection.connection, *(helper.connection for helper in helpers or [])]
    threads = [threading.Thread(target=build, args=(raw,), name=f"synthetic-index-{n}") for n, raw in enumerate(raws)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failed


def _recreate_in_transaction(connection, indexes: list[IndexDef]) -> list[str]:
    # A table with foreign-key checks still pending in this transaction cannot be indexed:
    # run the checks now (they would run at commit anyway), then defer again.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    failed = []
    for index in indexes:
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
                cursor.execute(index.create_sql)
        except Exception:
            logger.exception("could not rebuild index %s: %s", index.name, index.definition)
            failed.append(index.name)
    return failed
