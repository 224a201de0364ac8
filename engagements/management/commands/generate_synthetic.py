from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from engagements.dashboard import warmup
from synthetic.jsonl import TWICE, write_jsonl
from synthetic.loader import DEFAULT_BATCH, DEFAULT_WRITERS, load_synthetic


class Command(BaseCommand):
    help = (
        "Generate synthetic readouts, engagements and facts for scale testing and COPY them into the "
        "database (added to what it holds), or write the readouts to a JSONL file with --jsonl-out. "
        "The same seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--engagements", type=int, required=True, help="how many engagements (readouts)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--batch",
            type=int,
            help=f"engagements per COPY batch (default {DEFAULT_BATCH:,}; a tenth of smaller loads)",
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=DEFAULT_WRITERS,
            help=f"database connections that COPY at once (default {DEFAULT_WRITERS})",
        )
        parser.add_argument(
            "--jsonl-out", metavar="FILE", help="write the readouts as JSON lines instead of loading them"
        )
        parser.add_argument(
            "--twice",
            type=float,
            default=TWICE,
            help=f"with --jsonl-out: the share of events reported twice, by the other side or in a later "
            f"fuller release (default {TWICE}; 0 for one readout per event)",
        )
        parser.add_argument(
            "--gold", action="store_true", help="with --jsonl-out: add the expected extraction to each line"
        )
        indexes = parser.add_mutually_exclusive_group()
        indexes.add_argument(
            "--drop-indexes",
            dest="drop_indexes",
            action="store_true",
            default=None,
            help="drop and rebuild the big tables' secondary indexes (default: for 50,000 or more)",
        )
        indexes.add_argument("--keep-indexes", dest="drop_indexes", action="store_false", help="never drop indexes")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(
        self,
        *args,
        engagements,
        seed,
        batch,
        writers,
        jsonl_out,
        gold,
        twice,
        drop_indexes,
        no_progress,
        verbosity,
        **options,
    ):
        if engagements < 1:
            raise CommandError("--engagements must be at least 1")
        if (batch is not None and batch < 1) or writers < 1:
            raise CommandError("--batch and --writers must be at least 1")
        if not 0 <= twice <= 1:
            raise CommandError("--twice is a share between 0 and 1")
        if gold and not jsonl_out:
            raise CommandError("--gold goes with --jsonl-out")
        bar = tqdm(
            total=engagements,
            unit=" engagements",
            disable=no_progress or verbosity == 0,
            file=self.stderr._out,
        )
        try:
            if jsonl_out:
                result = write_jsonl(
                    jsonl_out, engagements=engagements, seed=seed, gold=gold, twice=twice, progress=bar.update
                )
            else:
                result = load_synthetic(
                    engagements=engagements,
                    seed=seed,
                    batch_size=batch,
                    drop_indexes=drop_indexes,
                    writers=writers,
                    progress=bar.update,
                )
        finally:
            bar.close()
        self.stdout.write(result.summary())
        if not jsonl_out:
            warmup.after_change(self.stdout.write)
        if verbosity > 1 and hasattr(result, "phases_line"):
            self.stdout.write(result.phases_line())
