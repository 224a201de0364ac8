"""Load test of the scaled set-up: two gunicorn servers behind nginx sharing one Redis.

    .venv/bin/python bench/scale_load.py --size 1000000 [--database NAME] [--users 50] [--seconds 60]

On 127.0.0.1 only, bounded in time: starts its own redis-server and nginx (temporary
configuration, free ports) and two gunicorn servers with the production settings
(CACHE_URL to that Redis), warms the figures (manage.py warm_figures), then has wrk's users
read a mix of pages with about a second between pages. Two runs: Redis up throughout, then
Redis stopped halfway (pages compute their figures from then on; errors must stay 0).
Prints requests/s, p50/p95/p99/max, errors, and how many requests each server answered.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_database, server_url, setup_django, summary, table
from load_test import session_cookie

NGINX_CONF = """
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$upstream_addr $status $request_time $request_uri';
    access_log {tmp}/nginx-access.log upstream;
    client_body_temp_path {tmp}/client;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {site}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_config(ports: list[int], listen: int) -> str:
    """deploy/nginx/scale.conf with loopback addresses for the compose services' names."""
    text = (ROOT / "deploy" / "nginx" / "scale.conf").read_text()
    text = text.replace("server app1:8000", f"server 127.0.0.1:{ports[0]}")
    text = text.replace("server app2:8000", f"server 127.0.0.1:{ports[1]}")
    return text.replace("listen 80;", f"listen 127.0.0.1:{listen};")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def pages() -> list[str]:
    from engagements.models import Engagement

    latest = Engagement.objects.order_by("-id").values_list("pk", flat=True).first()
    return [
        "/",
        "/engagements/",
        "/engagements/?country=JPN&date_from=2020-01-01&date_to=2022-12-31",
        "/countries/JPN/",
        "/countries/KEN/",
        "/countries/",
        "/agreements/",
        "/people/",
        "/readouts/?q=maritime+security",
        f"/engagements/{latest}/",
    ]


def varied_pages(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct filtered pages (lists, the overview, country profiles, searches):
    analysts' own queries, which no warm-up foresees and few repeat within a run."""
    import random

    from engagements.models import Country

    rng = random.Random(seed)
    codes = list(Country.objects.order_by("code").values_list("code", flat=True))
    words = ["maritime", "cyber", "space", "training", "logistics", "exercise", "security", "visit"]
    found: set[str] = set()
    while len(found) < count:
        start = rng.randint(2000, 2023)
        query = f"country={rng.choice(codes)}&date_from={start}-01-01&date_to={start + rng.randint(0, 4)}-12-31"
        route = rng.choice(["/", "/engagements/", "/agreements/", "/exercises/", "/people/", "/readouts/", "country"])
        if route == "country":
            found.add(f"/countries/{rng.choice(codes)}/?date_from={start}-01-01")
        elif route == "/readouts/":
            found.add(f"/readouts/?q={rng.choice(words)}+{rng.choice(words)}&{query}")
        elif route == "/engagements/":
            found.add(f"/engagements/?{query}&page={rng.randint(1, 5)}")
        else:
            found.add(f"{route}?{query}")
    return sorted(found, key=lambda _: rng.random())


def wrk(base: str, paths: list[str], cookie: str, users: int, seconds: int, think_ms: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listed:
        listed.write("\n".join(paths) + "\n")
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{users}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "wrk_paths.lua"),
            base,
        ],
        env={**os.environ, "WRK_PATHS_FILE": listed.name, "WRK_COOKIE": cookie, "WRK_THINK_MS": str(think_ms)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def from_log(log: Path, ports: list[int], per_path: dict) -> str:
    """Requests each server answered (nginx's log, emptied for the next run); each path's
    times go to ``per_path``."""
    counts = collections.Counter()
    for line in log.read_text().splitlines():
        address, _status, seconds, path = line.split(" ", 3)
        per_path.setdefault(path, []).append(float(seconds) * 1000)
        for n, port in enumerate(ports, start=1):
            if address.endswith(f":{port}"):
                counts[f"app{n}"] += 1
    log.write_text("")
    return " / ".join(f"{counts[f'app{n}']}" for n in range(1, len(ports) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database", help="database name (default: the bench database of --size)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think-ms", type=int, default=1000, help="mean pause between a user's pages")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--varied",
        type=int,
        default=0,
        metavar="N",
        help="also N distinct filtered pages, mostly asked once each (what no cache or warm-up foresees)",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "redis-server"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is not installed (Debian: apt-get install wrk nginx redis-server)")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    database = server_url(args.database or bench_database(args.size))
    tmp = Path(tempfile.mkdtemp(prefix="scale-load-"))
    redis_port, nginx_port = free_port(), free_port()
    app_ports = [free_port(), free_port()]
    secret = secrets.token_urlsafe(64)
    cache_url = f"redis://127.0.0.1:{redis_port}/0"
    # This process warms the figures and logs the analyst in: same key, same cache as the servers.
    os.environ.update(SECRET_KEY=secret, CACHE_URL=cache_url)
    processes: list[subprocess.Popen] = []

    def start(command: list[str], name: str, env=None) -> subprocess.Popen:
        with open(tmp / f"{name}.log", "w") as log:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        return process

    try:
        redis = start(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            "redis",
        )
        setup_django(database)
        cookie = session_cookie()
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            # nginx here speaks plain HTTP on loopback (X-Forwarded-Proto: http); in production
            # it terminates TLS and the servers run with HTTPS=1.
            "HTTPS": "0",
            "BEHIND_PROXY": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # The warm-up is this script's (below), not each worker's.
            "WARM_FIGURES_AUTO": "0",
        }
        for n, port in enumerate(app_ports, start=1):
            gunicorn = ["gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--timeout", "60"]
            gunicorn += ["--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread"]
            start(
                [sys.executable, "-m", *gunicorn],
                f"app{n}",
                env,
            )
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, site=site_config(app_ports, nginx_port)))
        start([nginx, "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"], "nginx")
        base = f"http://127.0.0.1:{nginx_port}"
        for port in app_ports:
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        wait_for(base + "/accounts/login/")

        from engagements.dashboard import warmup

        started = time.perf_counter()
        warmed = warmup.warm()
        print(f"warm_figures: {len(warmed.pages)} pages in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        popular = pages()
        paths = popular
        if args.varied:
            # Every other page a varied one: half the visits are analysts' own queries, mostly
            # asked once in a run (wrk's threads start at random places in the list).
            varied = varied_pages(args.varied)
            paths = [page for n, path in enumerate(varied) for page in (path, popular[n % len(popular)])]
        # Each worker's database connections and code paths, once, before measuring.
        wrk(base, paths, cookie, users=8, seconds=5, think_ms=0)
        from_log(tmp / "nginx-access.log", app_ports, {})

        rows, paths_rows = [], []
        for label, stop_redis in (("Redis up", False), ("Redis stopped halfway", True)):
            timer = None
            if stop_redis:
                timer = threading.Timer(args.seconds / 2, redis.terminate)
                timer.start()
            per_path: dict[str, list[float]] = {}
            figures = wrk(base, paths, cookie, args.users, args.seconds, args.think_ms)
            if timer:
                timer.join()
            errors = sum(
                figures[k]
                for k in ("non_2xx_3xx", "redirects", "connect_errors", "read_errors", "write_errors", "timeouts")
            )
            rows.append(
                [
                    label,
                    f"{figures['requests'] / figures['seconds']:.1f}",
                    f"{figures['p50_ms']:.0f}",
                    f"{figures['p95_ms']:.0f}",
                    f"{figures['p99_ms']:.0f}",
                    f"{figures['max_ms']:.0f}",
                    f"{errors} of {figures['requests']}",
                    from_log(tmp / "nginx-access.log", app_ports, per_path),
                ]
            )
            if args.varied:
                shown = [*popular, "(the varied pages)"]
                per_path["(the varied pages)"] = [t for p, ts in per_path.items() if p not in shown for t in ts]
            else:
                shown = paths
            for path in shown:
                times = per_path.get(path) or [0.0]
                timing = summary(times)
                row = [label, path[:70], len(times), *(f"{timing[k]:.0f}" for k in ("p50", "p95", "max"))]
                paths_rows.append(row)
            print(f"  {label}: p95 {figures['p95_ms']:.0f} ms, errors {errors}", file=sys.stderr)
        print(
            f"Scaled set-up at {args.size:,} engagements: nginx round robin over 2 gunicorn servers "
            f"({args.workers} workers x {args.threads} threads each), one Redis; {args.users} users reading "
            f"~{args.think_ms} ms between pages, {args.seconds} s per run; pages: {', '.join(popular)}"
            + (f" and {args.varied} distinct filtered pages" if args.varied else "")
        )
        print(table(rows, ["run", "req/s", "p50", "p95", "p99", "max", "errors", "app1 / app2"]))
        print("Each page, as nginx timed it (ms):")
        print(table(paths_rows, ["run", "path", "requests", "p50", "p95", "max"]))
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        print(f"logs in {tmp}", file=sys.stderr)


if __name__ == "__main__":
    main()
