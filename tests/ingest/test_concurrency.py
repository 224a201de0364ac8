"""Several processes importing the same readouts at once make one row per readout."""

import re
import subprocess

import pytest
from django.db import connection

from engagements.models import Engagement, Person, Readout
from tests.ingest import readouts
from tests.support import ROOT, app_env, database_url, manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXTS = [readouts.MALAYSIA_MEETING, readouts.MALAYSIA_CALL_LATER, readouts.PHILIPPINES_PLAN, readouts.PHILIPPINES_SIGN]


def test_concurrent_imports_of_the_same_readouts_store_each_once(tmp_path):
    for n, text in enumerate(TEXTS):
        # Twelve distinct readouts of twelve events: four texts, each in three dated variants
        # (days apart, a month per text: no two report one meeting).
        for day in (1, 4, 7):
            (tmp_path / f"r{n}-{day}.txt").write_text(
                f"---\npublished: 2024-0{n + 1}-0{day}\n---\n{text}\nRelease {n}-{day}.", encoding="utf-8"
            )
    env = app_env(database_url(connection.settings_dict))
    processes = [
        subprocess.Popen(
            manage("import_readouts", str(tmp_path), "--no-progress"),
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=240) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    totals = {"new": 0, "unchanged": 0, "failed": 0}
    for out, _ in outputs:
        for key in totals:
            totals[key] += int(re.search(rf"(\d+) {key}", out).group(1))
    assert Readout.objects.count() == 12
    assert Engagement.objects.count() == 12
    assert totals == {"new": 12, "unchanged": 36, "failed": 0}
    # People matched across processes too: one Austin, whatever the interleaving.
    assert Person.objects.filter(country="USA", name_key="lloyd austin").count() == 1
