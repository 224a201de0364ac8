"""A big import killed half-way: running it again finishes the rest, doubles nothing, and
leaves no count short."""

import json
import signal
import subprocess
import time

import pytest
from django.db import connection

from engagements.models import Engagement, Readout
from tests.derived.oracle import assert_settled_state_equals_a_rebuild
from tests.support import ROOT, app_env, database_url, manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

COUNTRIES = ["Japanese", "Australian", "Polish", "Danish", "Kenyan", "Peruvian", "Thai", "Indian"]


def test_rerunning_an_interrupted_import_finishes_it(tmp_path):
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as fh:
        for n in range(400):
            demonym = COUNTRIES[n % len(COUNTRIES)]
            text = (
                f"Secretary of Defense Lloyd J. Austin III met with the {demonym} Minister of Defense "
                f"at the Pentagon today to discuss regional security. Release number {n}."
            )
            # A month of its own for each of the first readouts: the run killed after its first
            # batches leaves months that the second run's readouts never touch.
            published = f"{1990 + n // 12:04d}-{1 + n % 12:02d}-02"
            fh.write(json.dumps({"id": f"r{n}", "published": published, "text": text}) + "\n")
    env = app_env(database_url(connection.settings_dict))
    first = subprocess.Popen(
        manage("import_readouts", str(batch), "--no-progress"),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    # Killed once a batch of rows is saved (SAVE_BATCH readouts).
    while Engagement.objects.count() < 100 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stored = Readout.objects.count()
    assert 0 < stored < 400, first.stderr.read()

    second = subprocess.run(
        manage("import_readouts", str(batch), "--no-progress"),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    assert Readout.objects.count() == 400
    assert Engagement.objects.count() == 400
    assert not Readout.objects.filter(status=Readout.Status.PENDING).exists()
    assert "unchanged" in second.stdout
    # The months of the readouts saved before the kill are counted too (issue 10: the
    # overview showed 24,644 engagements against 26,044 stored).
    assert_settled_state_equals_a_rebuild()
