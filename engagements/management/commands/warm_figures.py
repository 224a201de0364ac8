from django.core.management.base import BaseCommand

from engagements.dashboard import warmup


class Command(BaseCommand):
    help = (
        "Build the figures most visits need (the overview, each recently active country, the first "
        "page of each list) for the current data version, so no visitor waits after a change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="countries engaged within DAYS of the latest engagement"
        )

    def handle(self, *args, days, verbosity, **options):
        if not warmup.cache_is_shared():
            self.stderr.write(
                "The cache is this process's own memory (CACHE_URL unset): the servers will not see these "
                "figures. Set CACHE_URL to a Redis shared with them."
            )
        result = warmup.warm(days)
        if verbosity > 1:
            for path, status, seconds in result.pages:
                self.stdout.write(f"{status} {seconds * 1000:7.0f} ms  {path}")
        self.stdout.write(f"Data version {result.version}: {len(result.pages)} pages warmed in {result.seconds:.1f} s.")
