"""Every benchmark at one database size: ``make bench`` (100k) or ``make bench SIZE=1000000``.

Makes the bench database engagements_bench_<SIZE> on DATABASE_URL's server (or the local
one) when it is missing or of another size (generate_synthetic, timed: that is the bulk-load
figure), then runs, each printing its own figures:

  pages.py        latency p50/p95/max and queries per request of every page
  popular_warm.py the first visit of popular filtered pages after a change, warmed or not
  admin_pages.py  the same as pages.py for the editors' admin (lists, searches, change pages)
  csv_export.py   export rows/s, first byte and peak memory, against COPY of the same rows
  api.py          API list pages p50/p95 at any cursor position, and a full pull in rows/s
  parse_speed.py  parser readouts/s on one core and adversarial inputs
  import_speed.py import_readouts of 10,000 readouts into an empty database
  load_test.py    wrk against gunicorn with production settings (20 connections)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import ROOT, bench_database, server_url  # noqa: E402


def ensure_database(size: int) -> None:
    name = bench_database(size)
    admin = psycopg2.connect(server_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if exists:
        with psycopg2.connect(server_url(name)) as conn, conn.cursor() as cursor:
            try:
                cursor.execute("SELECT count(*) FROM engagements_engagement")
                if cursor.fetchone()[0] == size:
                    print(f"Using {name} ({size:,} engagements).", flush=True)
                    return
            except psycopg2.Error:
                pass
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {**os.environ, "DATABASE_URL": server_url(name)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    print(f"Bulk load of {size:,} synthetic engagements into {name}:", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "generate_synthetic", "--engagements", str(size), "--seed", "1", "--no-progress"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(f"  (wall {time.perf_counter() - started:.0f} s, rollup rebuilt included)", flush=True)
    # Fresh visibility map and statistics, as autovacuum would leave them on a live server.
    conn = psycopg2.connect(server_url(name))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip", nargs="*", default=[], help="benchmarks to leave out (e.g. load_test)")
    args = parser.parse_args()
    started = time.perf_counter()
    ensure_database(args.size)
    runs = [
        ("pages.py", ["--size", str(args.size), "--repeat", "20"]),
        ("pages.py", ["--size", str(args.size), "--repeat", "20", "--cold"]),
        ("popular_warm.py", ["--size", str(args.size)]),
        ("admin_pages.py", ["--size", str(args.size), "--repeat", "20"]),
        ("csv_export.py", ["--size", str(args.size)]),
        ("api.py", ["--size", str(args.size)]),
        ("parse_speed.py", []),
        ("import_speed.py", []),
        ("load_test.py", ["--size", str(args.size)]),
    ]
    failed = []
    for script, extra in runs:
        if script.removesuffix(".py") in args.skip:
            continue
        print(f"\n== {script} {' '.join(extra)}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / script), *extra], cwd=ROOT)
        if result.returncode:
            failed.append(script)
    print(f"\nAll benchmarks at {args.size:,} engagements in {time.perf_counter() - started:.0f} s.")
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
