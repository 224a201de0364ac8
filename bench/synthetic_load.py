"""Bulk-load benchmark: ``generate_synthetic`` into a scratch database, one size after another.

For each size: create a database on the server, migrate it, run the loader in a child
process, print its rows, seconds, rows/s and peak RSS, then drop the database. The figures
come from the loader's own summary line (generation, COPY, index rebuild and ANALYZE
included); "wall" adds the child's start-up.

    .venv/bin/python bench/synthetic_load.py                      # 10k, 100k and 1M engagements
    .venv/bin/python bench/synthetic_load.py --sizes 50000 --keep # and keep the database

The server is DATABASE_URL's (its database name is ignored) or postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PHASES = re.compile(r"^phases: (.*)$", re.MULTILINE)
SUMMARY = re.compile(r"\(([^)]*)\): ([\d,]+) rows in ([\d.]+) s \(([\d,]+) rows/s\)")


def server_url(database: str) -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def admin_connection():
    connection = psycopg2.connect(server_url("postgres"))
    connection.autocommit = True
    return connection


def run_size(size: int, seed: int, batch: int | None, writers: int, keep: bool) -> dict:
    name = f"synthetic_bench_{os.getpid()}_{size}"
    admin = admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {**os.environ, "DATABASE_URL": server_url(name), "PYTHONPATH": str(ROOT)}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        command = [
            sys.executable,
            "manage.py",
            "generate_synthetic",
            "--engagements",
            str(size),
            "--seed",
            str(seed),
            *(["--batch", str(batch)] if batch else []),
            "--writers",
            str(writers),
            "--no-progress",
            "-v",
            "2",  # and the phases line: where the time went
        ]
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        output = child.stdout.read()
        # wait4: the child's own peak RSS (ru_maxrss is in kB on Linux), not this process's.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"generate_synthetic failed for {size:,} engagements (exit {child.returncode})")
        match = SUMMARY.search(output)
        if not match:
            raise SystemExit(f"no summary line in the output: {output!r}")
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(%s)", [name])
            database_bytes = cursor.fetchone()[0]
        return {
            "engagements": size,
            "tables": match.group(1),
            "rows": int(match.group(2).replace(",", "")),
            "seconds": float(match.group(3)),
            "rows_per_s": int(match.group(4).replace(",", "")),
            "wall": wall,
            "rss_mb": usage.ru_maxrss / 1024,
            "db_mb": database_bytes / 1e6,
            "phases": PHASES.search(output).group(1) if PHASES.search(output) else "",
            "database": name,
        }
    finally:
        if not keep:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--size", type=int, help="one size (what `make bench SIZE=...` passes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, help="engagements per batch (default: the command's)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()
    sizes = [args.size] if args.size else args.sizes
    results = []
    for size in sizes:
        print(f"loading {size:,} engagements ...", flush=True)
        result = run_size(size, args.seed, args.batch, args.writers, args.keep)
        results.append(result)
        print(f"  {result['tables']}", flush=True)
        print(f"  {result['phases']}", flush=True)
        print(
            f"  {result['rows']:,} rows in {result['seconds']:.1f} s = {result['rows_per_s']:,} rows/s "
            f"({size / result['seconds']:,.0f} engagements/s); wall {result['wall']:.1f} s; "
            f"peak RSS {result['rss_mb']:,.0f} MB; database {result['db_mb']:,.0f} MB"
            + (f" (kept: {result['database']})" if args.keep else ""),
            flush=True,
        )
    print()
    print(
        f"{'engagements':>12} {'rows':>12} {'seconds':>9} {'rows/s':>9} {'eng/s':>8} {'peak RSS MB':>12} {'DB MB':>8}"
    )
    for r in results:
        print(
            f"{r['engagements']:>12,} {r['rows']:>12,} {r['seconds']:>9.1f} {r['rows_per_s']:>9,} "
            f"{r['engagements'] / r['seconds']:>8,.0f} {r['rss_mb']:>12,.0f} {r['db_mb']:>8,.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
