"""Writing rows with PostgreSQL COPY, on threads of their own.

Rows arrive as lines of COPY's text format (tab-separated, ``\\N`` for NULL). Writer
threads stream each batch with ``copy_expert``; psycopg2 releases the GIL while it sends
data and waits for the server, so the main thread generates the next batch meanwhile, and
with two connections the server computes two batches' search vectors at once.
"""

from __future__ import annotations

import io
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from engagements.derived.upkeep import bulk_load
from engagements.history import recording_paused

NULL = "\\N"
_CHUNK = 1 << 20  # bytes per read: fewer trips through Python per batch


def text(value: str) -> str:
    """A value escaped for COPY's text format (backslash, tab, newline, carriage return)."""
    # str.replace runs in C; most values need none of it (a translate table costs more).
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    if "\t" in value:
        value = value.replace("\t", "\\t")
    if "\r" in value:
        value = value.replace("\r", "\\r")
    return value


def array(values: Iterable[str]) -> str:
    """A text[] literal, every element quoted, escaped for COPY."""
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return text("{" + ",".join(quoted) + "}")


def boolean(value: bool) -> str:
    return "t" if value else "f"


@dataclass(slots=True)
class TableData:
    statement: str  # COPY ... FROM STDIN
    data: bytes
    rows: int


@dataclass(slots=True)
class Batch:
    # Rows later batches may point at (people, agreements, exercises, forums) and the rows
    # only this batch points at (readouts, engagements, facts).
    shared: list[TableData]
    own: list[TableData]
    engagements: int  # for the progress bar
    # (sequence, last id used) pairs: moved forward before the batch is written, so rows
    # inserted meanwhile by someone else take ids after ours.
    reservations: list[tuple[str, int]] = field(default_factory=list)
    number: int = 0  # set by the writer: 1, 2, ...


def copy_statement(table: str, columns: Iterable[str], quote: Callable[[str], str]) -> str:
    return f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"


def _copy(cursor, tables: list[TableData]) -> None:
    # Bulk mode: the derived data (copied columns, summaries, rollup) is rebuilt once after
    # the load (synthetic.after_load), not kept row by row; a load killed before that leaves
    # the rebuild owed, and the next transaction that settles pays it. Generated rows are
    # nobody's change: no revision history for them.
    bulk_load(cursor)
    with recording_paused(cursor):
        for table in tables:
            if table.rows:
                cursor.copy_expert(table.statement, io.BytesIO(table.data), size=_CHUNK)
    bulk_load(cursor, on=False)


def _reserve(cursor, reservations: list[tuple[str, int]]) -> None:
    for sequence, last_id in reservations:
        cursor.execute(
            "SELECT setval(%s::regclass, GREATEST(%s, COALESCE(pg_sequence_last_value(%s::regclass), 0)))",
            [sequence, last_id, sequence],
        )


class _Stopped(Exception):
    """Another writer failed: this one stops without writing."""


class CopyWriter:
    """Writes batches on one thread per connection.

    With ``own_transactions`` (a connection in autocommit mode) each batch is two
    transactions: its shared rows, committed in batch order, then its own rows. A batch's
    facts may name a person another connection inserted for an earlier batch; foreign keys
    are checked at commit and see committed rows only, hence the order. Without it (the
    caller holds a transaction, as in tests: one connection only) the batches join the
    caller's transaction. The first error stops every writer; ``put`` and ``close`` raise it.
    """

    def __init__(self, connections: list, *, own_transactions: bool, on_batch: Callable[[int], None] | None = None):
        if not own_transactions and len(connections) != 1:
            raise ValueError("inside the caller's transaction there is one connection to write on")
        self.own_transactions = own_transactions
        self.on_batch = on_batch
        self.error: BaseException | None = None
        self.busy = 0.0  # seconds spent writing, summed over the threads
        self._cancelled = False
        self._count = 0
        self._lock = threading.Lock()
        self._shared_done: dict[int, threading.Event] = {}
        # A batch or two queued per writer at most: memory stays bounded when the server
        # is the slower side.
        self._queue: queue.Queue[Batch | None] = queue.Queue(maxsize=len(connections) + 1)
        self._threads = [
            threading.Thread(target=self._run, args=(c,), name=f"synthetic-copy-{n}", daemon=True)
            for n, c in enumerate(connections, 1)
        ]

    def start(self) -> CopyWriter:
        for thread in self._threads:
            thread.start()
        return self

    def put(self, batch: Batch) -> None:
        self._count += 1
        batch.number = self._count
        self._shared_done[batch.number] = threading.Event()
        while True:
            if self.error is not None:
                raise self.error
            try:
                self._queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def cancel(self) -> None:
        """Write nothing more: the caller is failing and is about to ``close``."""
        self._cancelled = True

    def close(self) -> None:
        """Wait until every queued batch is written; raise the writers' error, if any."""
        for _ in self._threads:
            while any(t.is_alive() for t in self._threads):
                try:
                    self._queue.put(None, timeout=0.5)
                    break
                except queue.Full:
                    continue
        for thread in self._threads:
            thread.join()
        if self.error is not None:
            raise self.error

    def _run(self, connection) -> None:
        while True:
            batch = self._queue.get()
            if batch is None:
                return
            if self.error is not None or self._cancelled:
                self._shared_done[batch.number].set()
                continue  # drain what was queued before the failure
            started = time.monotonic()
            try:
                self._write(connection, batch)
            except _Stopped:
                continue
            except BaseException as exc:  # handed to the main thread, which reports it
                with self._lock:
                    self.error = self.error or exc
            finally:
                with self._lock:
                    self.busy += time.monotonic() - started
                # Wake whoever waits on this batch's shared rows (to go on, or to stop).
                self._shared_done[batch.number].set()
            if self.error is None and self.on_batch is not None:
                with self._lock:  # a progress bar is not made for two threads at once
                    self.on_batch(batch.engagements)

    def _write(self, connection, batch: Batch) -> None:
        with connection.cursor() as cursor:
            if not self.own_transactions:
                _reserve(cursor, batch.reservations)
                _copy(cursor, [*batch.shared, *batch.own])
                return
            _reserve(cursor, batch.reservations)
            self._wait_for_shared(batch.number - 1)
            self._transaction(cursor, batch.shared)
            self._shared_done[batch.number].set()
            self._transaction(cursor, batch.own)

    def _wait_for_shared(self, number: int) -> None:
        event = self._shared_done.get(number)
        while event is not None and not event.wait(0.5):
            if self.error is not None or self._cancelled:
                raise _Stopped
        if self.error is not None or self._cancelled:
            raise _Stopped

    def _transaction(self, cursor, tables: list[TableData]) -> None:
        if not any(t.rows for t in tables):
            return
        cursor.execute("BEGIN")
        try:
            # A scale-test load can lose its last batches in a crash; it need not wait for
            # each commit to reach the disk.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            _copy(cursor, tables)
            cursor.execute("COMMIT")
        except BaseException:
            try:
                cursor.execute("ROLLBACK")
            except Exception:  # noqa: S110 - a broken connection: the original error says why
                pass
            raise
