"""CSV export speed and memory, against PostgreSQL's own COPY of the same rows.

    .venv/bin/python bench/csv_export.py --size 1000000

For the engagements report at about 100,000 rows (a date range) and at every row: time to
first byte, rows per second, and the growth of this process's peak memory while streaming
(sampled every 10 ms); then, in the same run, ``COPY (the report's query) TO STDOUT`` of the same
rows and cells, and of the engagements' bare rows without their related facts, with the
ratio of the export's speed to each.
"""

from __future__ import annotations

import argparse
import io
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, server_url, setup_django, table


class PeakRSS:
    """The highest resident set size seen while the block runs, sampled on a thread."""

    def __init__(self):
        import psutil

        self.process = psutil.Process()
        self.peak = self.start = self.process.memory_info().rss
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def window_for(rows: int):
    """A date range holding about ``rows`` engagements, from the monthly rollup."""
    from engagements.models import YearlyCount

    by_year = dict(
        YearlyCount.objects.filter(country__isnull=True, kind="", dimension="kind", year__isnull=False)
        .values_list("year")
        .annotate(n=__import__("django.db.models", fromlist=["Sum"]).Sum("n"))
        .order_by("-year")
    )
    total, years = 0, []
    for year in sorted(by_year, reverse=True):
        years.append(year)
        total += by_year[year]
        if total >= rows:
            break
    return f"date_from={min(years)}-01-01&date_to={max(years)}-12-31", total


def export(client, query: str):
    rows, first_byte = 0, None
    started = time.perf_counter()
    response = client.get("/engagements.csv" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    with PeakRSS() as memory:
        for piece in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            rows += piece.count(b"\r\n")
    seconds = time.perf_counter() - started
    return rows - 1, seconds, first_byte, memory.growth_mb  # minus the header


def copy_same_rows(query: str):
    """PostgreSQL's own COPY of the report's query (the same rows and cells), then of the
    engagements' bare rows (id, date, kind, title, location, forum, publication, URL)."""
    from django.db import connection
    from django.http import QueryDict

    from engagements.dashboard import exports, selectors
    from engagements.dashboard.filters import EngagementFilter

    filters = EngagementFilter(QueryDict(query) if query else None)
    engagements = selectors.engagement_list(filters=filters)
    report = exports.engagement_report_rows(engagements, lambda path: "http://testserver" + path)
    bare = engagements.values_list(
        "id",
        "date",
        "kind",
        "readout__title",
        "location",
        "forum__short_name",
        "readout__published_on",
        "readout__publisher__name",
        "readout__url",
    )
    results = []
    for rows in (report, bare):
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            statement = cursor.mogrify(sql, params).decode()
            sink = _CountingSink()
            started = time.perf_counter()
            cursor.copy_expert(f"COPY ({statement}) TO STDOUT WITH CSV", sink)
            results.append((sink.lines, time.perf_counter() - started))
    return results


class _CountingSink(io.RawIOBase):
    def __init__(self):
        self.lines = 0

    def write(self, data):
        self.lines += bytes(data).count(b"\n")
        return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="the bench database to use")
    parser.add_argument("--rows", type=int, nargs="*", default=None, help="report sizes (default 100k and all)")
    args = parser.parse_args()
    setup_django(server_url(bench_database(args.size)))

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)

    cases = []
    for wanted in args.rows or [100_000, None]:
        if wanted is None or wanted >= args.size:
            cases.append(("all rows", ""))
        else:
            query, _ = window_for(wanted)
            cases.append((f"~{wanted:,} rows", query))
    results = []
    for name, query in cases:
        rows, seconds, first_byte, growth = export(client, query)
        (copied, copy_seconds), (bare, bare_seconds) = copy_same_rows(query)
        rate, copy_rate, bare_rate = rows / seconds, copied / copy_seconds, bare / bare_seconds
        results.append(
            [
                name,
                f"{rows:,}",
                f"{seconds:.1f}",
                f"{rate:,.0f}",
                f"{first_byte * 1000:.0f}",
                f"{growth:.1f}",
                f"{copied:,}",
                f"{copy_rate:,.0f}",
                f"{rate / copy_rate:.2f}",
                f"{bare_rate:,.0f}",
                f"{rate / bare_rate:.2f}",
                query or "-",
            ]
        )
        print(f"  {name}: {rate:,.0f} rows/s, COPY {copy_rate:,.0f} rows/s, bare {bare_rate:,.0f}", file=sys.stderr)
    print(f"Engagements CSV export at {args.size:,} engagements:")
    print(
        table(
            results,
            [
                "report",
                "rows",
                "s",
                "rows/s",
                "first byte ms",
                "peak RSS growth MB",
                "COPY rows",
                "COPY rows/s",
                "ratio",
                "bare COPY rows/s",
                "ratio to bare",
                "filter",
            ],
        )
    )


if __name__ == "__main__":
    main()
