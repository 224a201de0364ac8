"""Load test: wrk against gunicorn with the production settings, on 127.0.0.1, bounded in time.

    .venv/bin/python bench/load_test.py --size 100000 [--users 20] [--seconds 30]

Serves the bench database of that size with gunicorn (DEBUG off, HTTPS behind a proxy: wrk
sends X-Forwarded-Proto), logs a bench analyst in, and has wrk's users rotate through the
overview, a filtered engagement list and a filtered CSV export. Two runs: users who read
each page for about a second before the next (the goal: zero errors, p95 under 500 ms at 20
users), then the same users with no pause at all (the server's saturation throughput).
Prints requests/s, p50/p95/p99/max and errors for each.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_database, server_url, setup_django

PATHS = [
    "/",
    "/engagements/?country=JPN&date_from=2020-01-01&date_to=2022-12-31",
    "/engagements.csv?country=KEN&date_from=2023-01-01&date_to=2023-12-31",
]


def session_cookie() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package wrk): apt-get install wrk")
    database = server_url(bench_database(args.size))
    # The session cookie made here must be valid in gunicorn: the same key signs both.
    os.environ["SECRET_KEY"] = secret = secrets.token_urlsafe(64)
    setup_django(database)
    cookie = session_cookie()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "1",
        "BEHIND_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    port = 8765
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except Exception:
                time.sleep(0.2)
        # Warm every worker's connections and caches before measuring.
        subprocess.run(
            ["wrk", "-t2", f"-c{args.workers * 2}", "-d5s", "-s", str(Path(__file__).parent / "wrk_paths.lua"), base],
            env={**os.environ, "WRK_PATHS": "|".join(PATHS), "WRK_COOKIE": cookie},
            capture_output=True,
            check=True,
        )
        print(
            f"Load test at {args.size:,} engagements: gunicorn {args.workers} workers x {args.threads} threads, "
            f"{args.users} users, {args.seconds} s per run; paths: {', '.join(PATHS)}"
        )
        for label, think in (("users reading ~1 s between pages", 1000), ("users with no pause", 0)):
            result = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.users}",
                    f"-d{args.seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(Path(__file__).parent / "wrk_paths.lua"),
                    base,
                ],
                env={**os.environ, "WRK_PATHS": "|".join(PATHS), "WRK_COOKIE": cookie, "WRK_THINK_MS": str(think)},
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            errors = sum(
                figures[k]
                for k in ("non_2xx_3xx", "redirects", "connect_errors", "read_errors", "write_errors", "timeouts")
            )
            print(
                f"  {label:<36} {figures['requests'] / figures['seconds']:6.1f} req/s  p50 {figures['p50_ms']:6.0f} ms"
                f"  p95 {figures['p95_ms']:6.0f} ms  p99 {figures['p99_ms']:6.0f} ms  max {figures['max_ms']:6.0f} ms"
                f"  errors {errors} of {figures['requests']}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
