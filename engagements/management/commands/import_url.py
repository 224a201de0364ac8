from django.core.management.base import BaseCommand, CommandError

from engagements.ingest.fetch import Fetcher
from engagements.ingest.imports import shown
from engagements.ingest.polling import url_import
from engagements.models import Country

REPORTED = ("new", "unchanged", "failed", "refused")


class Command(BaseCommand):
    help = (
        "Fetch release pages by URL and import each as a readout: its main text, headline and date "
        "are read from the page, the URL is kept as its source. A URL already stored is not fetched again."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL", help="http or https URL of a release page")
        parser.add_argument(
            "--publisher",
            help="ISO alpha-3 code of the publishing country (else the official site it came from, its text, "
            "then settings.DEFAULT_PUBLISHER)",
        )

    def handle(self, *args, urls, publisher, **options):
        if publisher and not Country.objects.filter(code=publisher.upper()).exists():
            raise CommandError(f"Unknown publisher country code {publisher!r}.")
        fetcher = Fetcher()
        counts = dict.fromkeys(REPORTED, 0)
        for url in urls:
            result = url_import(url, fetcher=fetcher, publisher=publisher.upper() if publisher else None)
            outcome = str(result.outcome)
            counts[outcome] = counts.get(outcome, 0) + 1
            where = f" (readout {result.readout.pk})" if result.readout else ""
            line = shown(f"{outcome}: {url}{where}: {result.message}")
            (self.stdout if result.ok else self.stderr).write(line)
        summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n or k in REPORTED)
        self.stdout.write(f"Imported: {summary}.")
