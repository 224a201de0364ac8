"""Import throughput: readouts per second through ``manage.py import_readouts``.

    .venv/bin/python bench/import_speed.py [--readouts 10000]

Writes N synthetic readouts (``generate_synthetic --jsonl-out``: templated texts in the
genre, so the real parser works on them) to a JSON Lines file, imports them into a scratch
database (created, migrated, dropped), and prints the time and readouts per second of the
import command, store + parse + rows + rollup included. Then imports the same file again
(everything unchanged) and prints that time too.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, server_url

DATABASE = "engagements_bench_import"


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readouts", type=int, default=10_000)
    parser.add_argument("--twice", type=float, default=0.2, help="share of events reported twice (default 0.2)")
    parser.add_argument("--database", default=DATABASE, help=f"scratch database (default {DATABASE})")
    args = parser.parse_args()
    database = args.database
    admin = psycopg2.connect(server_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    env = {**os.environ, "DATABASE_URL": server_url(database), "DJANGO_SETTINGS_MODULE": "config.settings"}
    try:
        run(["migrate", "--noinput", "-v", "0"], env)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "readouts.jsonl"
            run(
                [
                    "generate_synthetic",
                    "--engagements",
                    str(args.readouts),
                    "--seed",
                    "7",
                    "--twice",
                    str(args.twice),
                    "--jsonl-out",
                    str(path),
                    "--no-progress",
                ],
                env,
            )
            size = path.stat().st_size
            figures = []
            matched = None
            for label in ("first import", "same file again"):
                started = time.perf_counter()
                result = run(["import_readouts", str(path), "--no-progress"], env)
                seconds = time.perf_counter() - started
                summary = result.stdout.strip().splitlines()[-1]
                figures.append((label, seconds, summary))
                if not matched:
                    matched = _matching(database)
        print(f"Import of {args.readouts:,} readouts ({size / 1e6:.1f} MB of JSON Lines) into an empty database:")
        for label, seconds, summary in figures:
            print(f"  {label:<16} {seconds:6.1f} s  {args.readouts / seconds:7,.0f} readouts/s   {summary}")
        engagements, joined = matched
        print(f"  {engagements:,} engagements; {joined:,} readouts joined an engagement as another source")
        new = int(re.search(r"(\d+) new", figures[0][2]).group(1))
        if new != args.readouts:
            print(f"  note: {args.readouts - new} readouts were not new (see the summary)")
    finally:
        admin.cursor().execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def _matching(database: str) -> tuple[int, int]:
    with psycopg2.connect(server_url(database)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM engagements_engagement), "
            "(SELECT count(*) FROM engagements_engagementsource WHERE decided_by = 'matcher')"
        )
        return cursor.fetchone()


if __name__ == "__main__":
    main()
