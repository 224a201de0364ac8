import json
import sys

from django.core.management.base import BaseCommand, CommandError

from engagements.extraction import parse
from engagements.extraction.jsonl import extract_lines
from engagements.imports import shown
from engagements.sources import SourceError, read_sources


class Command(BaseCommand):
    help = (
        "Print one JSON line per readout in the shared extraction schema, with its id "
        "(from the JSONL record, or the file name). Reads no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", help="a JSONL file of readouts (id, text, published)")
        parser.add_argument("files", nargs="*", help="readout files (text, Markdown, HTML)")

    def handle(self, *args, jsonl, files, **options):
        if not jsonl and not files:
            raise CommandError("give --jsonl FILE or one or more readout files")
        if jsonl:
            try:
                with open(jsonl, encoding="utf-8") as fh:
                    for row in extract_lines(fh):
                        self.stdout.write(json.dumps(row, ensure_ascii=False))
            except OSError as exc:
                raise CommandError(f"cannot read {jsonl}: {exc.strerror or exc}") from None
            except ValueError as exc:
                raise CommandError(f"{jsonl}: {exc}") from None
        for record in read_sources(files):
            if isinstance(record, SourceError):
                print(shown(f"{record.origin}: {record.reason}"), file=sys.stderr)
                continue
            extraction = parse(
                record.text, published=record.published, title=record.title or None, publisher=record.publisher or "USA"
            )
            self.stdout.write(json.dumps({"id": record.id, **extraction.to_schema()}, ensure_ascii=False))
