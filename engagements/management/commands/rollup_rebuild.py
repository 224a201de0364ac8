import time

from django.core.management.base import BaseCommand

from engagements.derived import upkeep


class Command(BaseCommand):
    help = (
        "Recompute all derived data: the fact rows' copied dates and partner flags, the engagements' "
        "report summaries, the monthly rollup the charts read and the pair rollup of relationships (to "
        "repair them; the database keeps "
        "them in step otherwise)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        upkeep.rebuild()
        self.stdout.write(f"Derived data rebuilt in {time.perf_counter() - started:.1f} s.")
