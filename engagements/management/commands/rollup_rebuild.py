import time

from django.core.management.base import BaseCommand

from engagements import rollup


class Command(BaseCommand):
    help = "Recount the monthly rollup the charts read (after a bulk load or to repair it)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rollup.rebuild()
        self.stdout.write(f"Rollup rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s.")
