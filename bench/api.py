"""The API's speed: list pages at any cursor position, and a full pull of every engagement.

    .venv/bin/python bench/api.py --size 1000000 [--repeat 20] [--database NAME] [--http | --http-only]

In-process (Django's test client, an analyst's token, JSON rendered as a client receives
it). For each list and sort: p50/p95/max of the first page and of pages that start 10%, 50%
and 90% of the way down (their cursor made from the row there), at 100 and 1,000 rows a
page (people: 100, their most); then every engagement pulled through ``next`` at 1,000 a page, in rows/s.
With --http the pull is also made as a script makes it: over HTTP from gunicorn (production
settings, its own process), reading each page's JSON in this process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, server_url, setup_django, summary, table, timed


def cursor_at(path: str, params: dict, fraction: float) -> str:
    """The cursor of the row ``fraction`` of the way down the list (read once, by OFFSET)."""
    from django.http import QueryDict

    from engagements.api.pagination import encode, keys_of, value_of
    from engagements.api.urls import ENDPOINTS

    view = ENDPOINTS[path.rsplit("/", 1)[-1]][0]
    query = QueryDict(mutable=True)
    query.update(params)
    filters = view.filterset_class(query or None)
    rows = view.select(filters=filters)
    total = rows.count()
    keys = keys_of(filters.ordering())
    row = rows[max(0, int(total * fraction) - 1)]
    return encode(filters.sort_key(), [value_of(row, key.name) for key in keys])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database", help="another database than engagements_bench_SIZE")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-pull", action="store_true", help="leave out the full pull")
    parser.add_argument("--http", action="store_true", help="also pull over HTTP from gunicorn, as a script would")
    parser.add_argument("--http-only", action="store_true", help="only the pull over HTTP")
    args = parser.parse_args()
    setup_django(server_url(args.database or bench_database(args.size)))

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from engagements.api.tokens import api_token_create

    settings.API_RATE = ""  # the bench measures the work, not the limit
    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name="analysts"))
    key = api_token_create(user=user, name="bench")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    if args.http_only:
        http_pull(server_url(args.database or bench_database(args.size)), key, workers=1)
        return
    lists = [
        ("engagements", "/api/v1/engagements", {}),
        ("engagements, oldest", "/api/v1/engagements", {"sort": "oldest"}),
        ("engagements, a country", "/api/v1/engagements", {"country": "JPN"}),
        ("agreements", "/api/v1/agreements", {}),
        ("exercises", "/api/v1/exercises", {}),
        ("readouts", "/api/v1/readouts", {}),
        ("people", "/api/v1/people", {}),
    ]
    rows = []
    for name, path, params in lists:
        positions = [("first", None)] + [(f"{int(f * 100)}%", cursor_at(path, params, f)) for f in (0.1, 0.5, 0.9)]
        for size in (100, 1000) if name != "people" else (100,):
            for where, cursor in positions:
                query = {**params, "page_size": size, **({"cursor": cursor} if cursor else {})}
                response = client.get(path, query)
                assert response.status_code == 200, (path, query, response.content[:300])
                samples = [timed(lambda p=path, q=query: client.get(p, q))[1] for _ in range(args.repeat)]
                figures = summary(samples)
                rows.append(
                    [
                        f"{name} @{where}",
                        size,
                        f"{figures['p50']:.0f}",
                        f"{figures['p95']:.0f}",
                        f"{figures['max']:.0f}",
                    ]
                )
                print(f"  {name} @{where} x{size}: p95 {figures['p95']:.0f} ms", file=sys.stderr)
    print(f"API list pages at {args.size:,} engagements, {args.repeat} requests each (ms):")
    print(table(rows, ["list @ cursor position", "rows", "p50", "p95", "max"]))

    if args.no_pull:
        return
    if args.http:
        http_pull(server_url(args.database or bench_database(args.size)), key, workers=1)
    pulled, pages, page_ms = 0, 0, []
    started = time.perf_counter()
    response = client.get("/api/v1/engagements", {"page_size": 1000})
    while True:
        body = response.json()
        pulled += len(body["results"])
        pages += 1
        if not body["next"]:
            break
        response, ms = timed(lambda url=body["next"]: client.get(url))
        assert response.status_code == 200
        page_ms.append(ms)
    elapsed = time.perf_counter() - started
    figures = summary(page_ms or [0.0])
    print(
        f"\nFull pull of the engagements: {pulled:,} rows in {pages:,} pages of 1,000, {elapsed:.1f} s, "
        f"{pulled / elapsed:,.0f} rows/s (page p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
        f"max {figures['max']:.0f} ms)"
    )


def http_pull(database: str, key: str, workers: int) -> None:
    """The full pull as a script sees it: gunicorn with the production settings in its own
    processes, and this process asking for each page over HTTP and reading its JSON (the
    standard library's json, as requests' .json() does), following ``next``."""
    import json
    import secrets
    import socket
    import subprocess
    import urllib.request

    from common import ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "API_RATE": "1000000/min",  # the bench measures the work, not the limit
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    gunicorn = ["gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    server = subprocess.Popen(
        [sys.executable, "-m", *gunicorn, "--timeout", "60"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(url: str) -> dict:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    try:
        first = f"http://127.0.0.1:{port}/api/v1/engagements?page_size=1000"
        for _ in range(150):
            try:
                get(first)
                break
            except OSError:
                time.sleep(0.2)
        pulled, pages, page_ms = 0, 0, []
        started = time.perf_counter()
        url = first
        while url:
            body, ms = timed(lambda url=url: get(url))
            page_ms.append(ms)
            pulled += len(body["results"])
            pages += 1
            url = body["next"]
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = summary(page_ms)
    print(
        f"Full pull over HTTP (gunicorn, {workers} worker(s), DEBUG off; urllib + json in another process): "
        f"{pulled:,} rows in {pages:,} pages of 1,000, {elapsed:.1f} s, {pulled / elapsed:,.0f} rows/s "
        f"(page p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, max {figures['max']:.0f} ms)"
    )


if __name__ == "__main__":
    main()
