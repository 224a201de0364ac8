from pathlib import Path

from django.core.management.base import BaseCommand

from engagements.dashboard import warmup
from engagements.ingest.imports import import_sources
from engagements.models import Readout

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo" / "readouts"


class Command(BaseCommand):
    help = "Load the demo readouts (written by this team) through the real parser. Safe to run twice."

    def handle(self, *args, **options):
        report = import_sources([DEMO_DIR], source=Readout.Source.DEMO)
        for line in report.problem_lines():
            self.stderr.write(line)
        self.stdout.write(report.summary())
        warmup.after_change(self.stdout.write)
