import time

from django.core.management.base import BaseCommand

from engagements.derived import rollup, summaries


class Command(BaseCommand):
    help = (
        "Recount the monthly rollup the charts read and the engagements' report summaries "
        "(after a bulk load, or to repair them)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rollup.rebuild()
        self.stdout.write(f"Rollup rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s.")
        started = time.perf_counter()
        summaries.rebuild()
        self.stdout.write(f"Report summaries rebuilt in {time.perf_counter() - started:.1f} s.")
