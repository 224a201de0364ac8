import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engagements.extraction import parse
from engagements.extraction.countries import is_code
from engagements.extraction.jsonl import extract_lines
from engagements.ingest.imports import shown
from engagements.ingest.sources import SourceError, read_sources


class Command(BaseCommand):
    help = (
        "Print one JSON line per readout in the shared extraction schema, with its id "
        "(from the JSONL record, or the file name). Reads no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", help="a JSONL file of readouts (id, text, published)")
        parser.add_argument("files", nargs="*", help="readout files (text, Markdown, HTML)")
        parser.add_argument(
            "--publisher",
            help="ISO alpha-3 code of the publishing country, for every readout (else each record's "
            "own, its official site, its text, then settings.DEFAULT_PUBLISHER)",
        )

    def handle(self, *args, jsonl, files, publisher, **options):
        if not jsonl and not files:
            raise CommandError("give --jsonl FILE or one or more readout files")
        publisher = (publisher or "").strip().upper() or None
        if publisher and not is_code(publisher):
            raise CommandError(f"unknown publisher country code {publisher!r}")
        default = settings.DEFAULT_PUBLISHER or None
        if jsonl:
            try:
                with open(jsonl, encoding="utf-8") as fh:
                    for row in extract_lines(fh, publisher=publisher, default_publisher=default):
                        self.stdout.write(json.dumps(row, ensure_ascii=False))
            except OSError as exc:
                raise CommandError(f"cannot read {jsonl}: {exc.strerror or exc}") from None
            except ValueError as exc:
                raise CommandError(f"{jsonl}: {exc}") from None
        for record in read_sources(files):
            if isinstance(record, SourceError):
                print(shown(f"{record.origin}: {record.reason}"), file=sys.stderr)
                continue
            given, how = (publisher, "flag") if publisher else (record.publisher, "jsonl")
            extraction = parse(
                record.text,
                published=record.published,
                title=record.title or None,
                publisher=given,
                publisher_how=how,
                url=record.url or None,
                default_publisher=default,
            )
            self.stdout.write(json.dumps({"id": record.id, **extraction.to_schema()}, ensure_ascii=False))
