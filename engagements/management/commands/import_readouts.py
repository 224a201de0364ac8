from django.core.management.base import BaseCommand
from tqdm import tqdm

from engagements.dashboard import warmup
from engagements.ingest.imports import import_sources


class Command(BaseCommand):
    help = (
        "Import readouts from text, Markdown, HTML and JSONL files or folders of them. "
        "Each readout is stored, then parsed; the same readout twice is reported unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--publisher",
            help="ISO alpha-3 code of the publishing country, for every readout (else each record's own, "
            "its official site, its text, then settings.DEFAULT_PUBLISHER)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="import the files symbolic links point at (refused by default: a link may point anywhere)",
        )

    def handle(self, *args, paths, publisher, no_progress, follow_symlinks, verbosity, **options):
        bar = tqdm(unit=" readouts", disable=no_progress or verbosity == 0, file=self.stderr._out)
        report = import_sources(paths, publisher=publisher, follow_symlinks=follow_symlinks, progress=bar.update)
        bar.close()
        for line in report.problem_lines():
            self.stderr.write(line)
        self.stdout.write(report.summary())
        warmup.after_change(self.stdout.write)
