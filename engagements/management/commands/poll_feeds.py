import re
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from engagements.ingest.fetch import Fetcher
from engagements.ingest.imports import shown
from engagements.ingest.polling import PollReport, feed_poll, feeds_poll
from engagements.models import Country, Feed

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """ "15m", "1h", "90s" or a number of seconds."""
    match = _DURATION.match(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise CommandError(f"--every {text!r}: give a duration such as 15m, 1h or 900 (seconds).")
    return float(match.group(1)) * _SECONDS[match.group(2)]


class Command(BaseCommand):
    help = (
        "Poll the active feeds and listing pages: follow new items to their pages, import those that are "
        "readouts of defence engagements, record the others as skipped with the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="poll this one feed (RSS, Atom or listing page) instead of the active ones")
        parser.add_argument("--publisher", help="with --url: ISO alpha-3 code of the country that publishes it")
        parser.add_argument("--listing", action="store_true", help="with --url: it is a listing page of links")
        parser.add_argument(
            "--every",
            metavar="DURATION",
            help="keep running, polling again this long after each poll started (15m, 1h); stops cleanly "
            "on SIGTERM or Ctrl-C",
        )

    def handle(self, *args, url, publisher, listing, every, verbosity, **options):
        interval = duration(every) if every else None
        if publisher and not url:
            raise CommandError("--publisher goes with --url (a source in the admin has its own publisher).")
        if publisher and not Country.objects.filter(code=publisher.upper()).exists():
            raise CommandError(f"Unknown publisher country code {publisher!r}.")
        stopping = threading.Event()
        if interval:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.set())
        total = PollReport()
        rounds = 0
        while True:
            rounds += 1
            started = timezone.now()
            fetcher = Fetcher()
            if url:
                feed = self._adhoc_feed(url, publisher, listing)
                report = feed_poll(feed, fetcher=fetcher, stop=stopping.is_set)
                self._progress(feed, report)
            else:
                feeds = Feed.objects.filter(active=True).select_related("publisher").order_by("name")
                report = feeds_poll(feeds, fetcher=fetcher, stop=stopping.is_set, progress=self._progress)
            for line in report.problem_lines():
                self.stderr.write(line)
            total.merge(report)
            if not interval:
                self.stdout.write(report.summary())
                return
            self.stdout.write(f"{started:%Y-%m-%d %H:%M:%S} round {rounds}: {report.summary()}")
            wait = interval - (timezone.now() - started).total_seconds()
            if stopping.wait(max(wait, 0)) or stopping.is_set():
                break
        self.stdout.write(f"Stopped after {rounds} round{'s' if rounds != 1 else ''}. In all: {total.summary()}")

    def _adhoc_feed(self, url, publisher, listing) -> Feed:
        # An ad hoc poll records its items like any source's (so the next poll skips them):
        # the source is kept, inactive unless an editor already made it active.
        feed, created = Feed.objects.get_or_create(
            url=url,
            defaults={
                "name": url[:200],
                "publisher_id": publisher.upper() if publisher else None,
                "kind": Feed.Kind.LISTING if listing else Feed.Kind.FEED,
                "active": False,
            },
        )
        if not created and publisher and feed.publisher_id != publisher.upper():
            feed.publisher_id = publisher.upper()
            feed.save(update_fields=["publisher"])
        return feed

    def _progress(self, feed, report) -> None:
        # The reasons of failures and skips follow on stderr, one line each.
        self.stdout.write(shown(f"{feed.name}: {feed.last_result}"))
