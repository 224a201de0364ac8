"""Loading a synthetic run into PostgreSQL: ids, indexes, batches, sequences, summary.

The run adds to what the database holds. Primary keys are assigned here, after the highest
id in use (or handed out by the sequence); the sequences are set past them at the end.
People, agreements, exercises and forums the database already has are reused, and the
agreements' histories continue from what is stored: an agreement signed before is never
signed again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import OperationalError, connections, transaction
from django.db.models import Max, Min, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

import synthetic as synthetic
from engagements.models import Agreement, AgreementEvent, Engagement, Exercise, Forum, Person, Topic
from synthetic import indexes
from synthetic.copy import Batch, CopyWriter
from synthetic.rows import BIG_TABLES, TABLE, TABLES, BatchBuilder, Known
from synthetic.scenes import Planner
from synthetic.texts import Composer
from synthetic.world import World

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 20_000
# Two connections COPY at once: the server's share of the work (search vectors above all)
# is larger than the generator's, so a second backend keeps up with one Python thread.
DEFAULT_WRITERS = 2
# From this size a load drops the big tables' secondary indexes and builds them after,
# unless the tables already hold more than the load adds (rebuilding would cost more).
DROP_INDEXES_FROM = 50_000
_UNKNOWN_DATE = dt.date(1900, 1, 1)


@dataclass
class LoadResult:
    engagements: int
    counts: dict[str, int]
    seconds: float
    dropped_indexes: list[str] = field(default_factory=list)
    # Where the time went: generating (this thread), writing (the COPY thread, overlapped),
    # waiting for the writer, rebuilding indexes, the after-load hook.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def phases_line(self) -> str:
        return "phases: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.phases.items())

    def summary(self) -> str:
        tables = ", ".join(f"{name} {count:,}" for name, count in self.counts.items() if count)
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (
            f"{self.engagements:,} synthetic engagements loaded ({tables}): "
            f"{self.rows:,} rows in {self.seconds:.1f} s ({rate:,.0f} rows/s)"
        )


def load_synthetic(
    *,
    engagements: int,
    seed: int = 1,
    batch_size: int | None = None,
    drop_indexes: bool | None = None,
    writers: int = DEFAULT_WRITERS,
    progress: Callable[[int], None] | None = None,
    using: str = "default",
) -> LoadResult:
    """Generate ``engagements`` synthetic engagements and COPY them into the database.

    Outside a transaction each batch commits on its own (a failure keeps the batches before
    it); inside one (an ``atomic`` block, as in tests) the whole load joins it.
    ``drop_indexes``: None decides by size (see ``DROP_INDEXES_FROM``). ``writers``: database
    connections that COPY at once (one inside a transaction).
    """
    started = time.monotonic()
    batch_size = batch_size or default_batch(engagements)
    connection = connections[using]
    connection.ensure_connection()
    world = World(seed)
    known = _known_rows(world, using)
    planner = Planner(world, seed)
    composer = Composer(world, planner.rng)
    codes = planner.dates(engagements)
    next_ids, sequences = _next_ids(connection)
    builder = BatchBuilder(next_ids, known, timezone.now().isoformat(), connection.ops.quote_name)
    if drop_indexes is None:
        drop_indexes = engagements >= DROP_INDEXES_FROM and engagements >= Engagement.objects.using(using).count()
    in_transaction = connection.in_atomic_block
    # More connections only when each batch commits on its own: a caller's transaction
    # lives on its one connection.
    helpers = [] if in_transaction else _helpers(using, writers - 1)
    dropped: list[indexes.IndexDef] = []
    failed: list[str] = []
    phases = {"prepare": time.monotonic() - started}
    with transaction.atomic(using=using) if in_transaction else nullcontext():
        finished = False
        try:
            if drop_indexes:
                dropped = indexes.secondary_indexes(connection, [TABLE[name].db_table for name in BIG_TABLES])
                indexes.drop(connection, dropped)
            raw_connections = [connection.connection, *(helper.connection for helper in helpers)]
            batches = _batches(planner, composer, builder, codes, batch_size, sequences)
            phases.update(_stream(raw_connections, batches, own_transactions=not in_transaction, progress=progress))
            finished = True
        finally:
            # Inside a transaction a failure rolls the drops back; outside, the committed
            # batches keep their rows, so the indexes and sequences must follow them.
            if finished or not in_transaction:
                mark = time.monotonic()
                failed = indexes.recreate(connection, dropped, helpers)
                _set_sequences(connection, [t.name for t in TABLES if builder.counts[t.name]], sequences)
                phases["indexes"] = time.monotonic() - mark
            for helper in helpers:
                helper.close()
        if failed:
            raise RuntimeError(f"the load finished but these indexes could not be rebuilt: {', '.join(failed)}")
        mark = time.monotonic()
        synthetic.after_load(connection)
        phases["after load"] = time.monotonic() - mark
    return LoadResult(engagements, dict(builder.counts), time.monotonic() - started, [i.name for i in dropped], phases)


def default_batch(engagements: int) -> int:
    """~20,000 engagements a batch; smaller loads in ten batches or so, so that generating
    one batch overlaps writing the one before."""
    return max(1_000, min(DEFAULT_BATCH, -(-engagements // 10)))


def _batches(planner, composer, builder, codes, batch_size, sequences) -> Iterator[Batch]:
    """The run's scenes, written up and turned into rows, one batch at a time."""
    for first in range(0, len(codes), batch_size):
        chunk = codes[first : first + batch_size]
        for offset, code in enumerate(chunk):
            scene = planner.scene(first + offset + 1, code)
            readout_id = builder.allocate("readouts")
            # The release number is the readout's id: unique however many runs add to a database.
            builder.add(scene, composer.compose(scene, f"SR-{readout_id:06d}"), readout_id)
        yield builder.take(len(chunk), sequences)


def _stream(raw_connections, batches: Iterator[Batch], *, own_transactions: bool, progress) -> dict[str, float]:
    """Generate batch after batch on this thread while the writer threads COPY the last ones."""
    writer = CopyWriter(raw_connections, own_transactions=own_transactions, on_batch=progress).start()
    generating = waiting = 0.0
    try:
        while True:
            mark = time.monotonic()
            batch = next(batches, None)
            generating += time.monotonic() - mark
            if batch is None:
                break
            mark = time.monotonic()
            writer.put(batch)
            waiting += time.monotonic() - mark
    except BaseException:
        writer.cancel()
        raise
    finally:
        mark = time.monotonic()
        writer.close()
        waiting += time.monotonic() - mark
    return {"generate": generating, "copy (overlapped)": writer.busy, "wait for copy": waiting}


def _helpers(using: str, count: int) -> list:
    """More connections to the database, as many as the server grants (one fewer writer each)."""
    helpers = []
    for _ in range(count):
        helper = connections.create_connection(using)
        try:
            helper.ensure_connection()
        except OperationalError as exc:
            logger.warning("writing on %d connection(s): another one was refused (%s)", len(helpers) + 1, exc)
            break
        helpers.append(helper)
    return helpers


def _known_rows(world: World, using: str) -> Known:
    known = Known()
    known.people = {(c, k): pk for pk, c, k in Person.objects.using(using).values_list("id", "country_id", "name_key")}
    known.agreements = dict(Agreement.objects.using(using).values_list("key", "id"))
    known.exercises = dict(Exercise.objects.using(using).values_list("key", "id"))
    known.topics = dict(Topic.objects.using(using).values_list("name", "id"))
    for pk, short_name, name, aliases in Forum.objects.using(using).values_list("id", "short_name", "name", "aliases"):
        for label in (short_name, name, *aliases):
            if label:
                known.forums.setdefault(label.lower(), pk)
    # Where stored agreements stand: signed (or renewed) once means never again, and never
    # signed before the last readout that still plans it.
    history = (
        AgreementEvent.objects.using(using)
        .filter(action__in=("planned", "signed", "renewed"))
        .values_list("agreement__key", "action")
        .annotate(
            first=Min(Coalesce("date", Value(_UNKNOWN_DATE))),
            last=Max(Coalesce("date", Value(_UNKNOWN_DATE))),
        )
    )
    for key, action, first, last in history:
        world.history.setdefault(key, {})[action] = last if action == "planned" else first
    return known


def _next_ids(connection) -> tuple[dict[str, int], dict[str, str]]:
    """The first free id of each table (after its rows and its sequence) and the sequence."""
    next_ids, sequences = {}, {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [quote(table.db_table)])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                # Table names come from the models, quoted.
                f"SELECT COALESCE(MAX(id), 0), COALESCE(pg_sequence_last_value(%s::regclass), 0) "  # noqa: S608
                f"FROM {quote(table.db_table)}",
                [sequence],
            )
            highest, last_value = cursor.fetchone()
            next_ids[table.name] = max(highest, last_value) + 1
            sequences[table.name] = sequence
    return next_ids, sequences


def _set_sequences(connection, names: list[str], sequences: dict[str, str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(
                f"SELECT setval(%s::regclass, GREATEST((SELECT MAX(id) FROM {quote(TABLE[name].db_table)}), "  # noqa: S608
                f"COALESCE(pg_sequence_last_value(%s::regclass), 1)))",
                [sequences[name], sequences[name]],
            )
