"""The editors' admin: latency and queries per request of every list, search and change page.

    .venv/bin/python bench/admin_pages.py --size 1000000 [--repeat 10] [--database NAME]

Logs in as a superuser it creates (bench-editor) in the bench database, and prints
p50/p95/max in milliseconds and the queries of one request for each model's list, the
searches editors make, a filtered list, the change pages of the busiest rows and an
autocomplete. ``--database`` measures another database (a migrated copy of the bench one).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, server_url, setup_django, summary, table, timed


def cases() -> list[tuple[str, str]]:
    from django.db.models import Count

    from engagements.models import (
        AgreementEvent,
        Engagement,
        EngagementCountry,
        Exercise,
        Participation,
        Person,
        Readout,
    )

    def newest(model) -> int:
        return model.objects.order_by("-pk").values_list("pk", flat=True).first()

    engagement = newest(Engagement)
    readout = Engagement.objects.filter(pk=engagement).values_list("readout_id", flat=True).first()
    # The busiest person, agreement and exercise: their pages list the most rows. Found
    # through the rows of one recent year, so finding them is not itself the slow part.
    recent = Participation.objects.filter(date__year=2023)
    person = recent.values("person").annotate(n=Count("id")).order_by("-n").values_list("person", flat=True).first()
    agreement = (
        AgreementEvent.objects.values("agreement")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("agreement", flat=True)
        .first()
    )
    exercise = Exercise.objects.annotate(n=Count("mentions")).order_by("-n").values_list("pk", flat=True).first()
    name = Person.objects.filter(pk=person).values_list("name", flat=True).first() or "Austin"
    surname = name.split()[-1]
    url = Readout.objects.exclude(url="").values_list("url", flat=True).first()
    a = "/admin/engagements"
    return [
        ("index", "/admin/"),
        ("readouts", f"{a}/readout/"),
        ("readouts ?q=cyber", f"{a}/readout/?q=cyber"),
        ("readouts ?q=a URL", f"{a}/readout/?q={quote(url or 'https://example.org/')}"),
        ("readouts status=needs_review", f"{a}/readout/?status__exact=needs_review"),
        ("readouts page 200", f"{a}/readout/?p=200"),
        ("engagements", f"{a}/engagement/"),
        ("engagements ?q=Malaysia", f"{a}/engagement/?q=Malaysia"),
        ("engagements ?q=maritime security", f"{a}/engagement/?q=maritime+security"),
        ("engagements kind=call", f"{a}/engagement/?kind__exact=call"),
        ("engagements region", f"{a}/engagement/?country_links__country__region=Asia"),
        ("people", f"{a}/person/"),
        (f"people ?q={surname}", f"{a}/person/?q={surname}"),
        ("participations", f"{a}/participation/"),
        (f"participations ?q={surname}", f"{a}/participation/?q={surname}"),
        ("engagement countries", f"{a}/engagementcountry/"),
        ("engagement countries ?q=Japan", f"{a}/engagementcountry/?q=Japan"),
        ("engagement topics", f"{a}/engagementtopic/"),
        ("agreement events", f"{a}/agreementevent/"),
        ("exercise mentions", f"{a}/exercisemention/"),
        ("agreements", f"{a}/agreement/"),
        ("exercises", f"{a}/exercise/"),
        ("topics", f"{a}/topic/"),
        ("forums", f"{a}/forum/"),
        ("countries", f"{a}/country/"),
        ("readout change", f"{a}/readout/{readout}/change/"),
        ("engagement change", f"{a}/engagement/{engagement}/change/"),
        ("person change", f"{a}/person/{person}/change/"),
        ("participation change", f"{a}/participation/{newest(Participation)}/change/"),
        ("engagement country change", f"{a}/engagementcountry/{newest(EngagementCountry)}/change/"),
        ("agreement change (busiest)", f"{a}/agreement/{agreement}/change/"),
        ("exercise change (busiest)", f"{a}/exercise/{exercise}/change/"),
        (
            "autocomplete engagement",
            "/admin/autocomplete/?app_label=engagements&model_name=participation&field_name=engagement&term=cyber",
        ),
        (
            "autocomplete person",
            f"/admin/autocomplete/?app_label=engagements&model_name=participation&field_name=person&term={surname}",
        ),
        ("agreement add", f"{a}/agreement/add/"),
        ("participation add", f"{a}/participation/add/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database", help="another database than engagements_bench_<size>")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--slow-queries", action="store_true", help="also list each page's slowest queries")
    args = parser.parse_args()
    setup_django(server_url(args.database or bench_database(args.size)))

    from django.contrib.auth import get_user_model
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client

    request_started.disconnect(reset_queries)
    timings: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    user, created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)

    rows = []
    for name, url in cases():
        if args.only and args.only not in name:
            continue
        timings.clear()
        with connection.execute_wrapper(timer):
            response = client.get(url)
        queries = list(timings)
        assert response.status_code == 200, (url, response.status_code)
        if args.slow_queries:
            for ms, sql in sorted(queries, reverse=True)[:3]:
                print(f"    {ms:7.1f} ms  {sql[:400]}", file=sys.stderr)
        samples = [timed(lambda url=url: client.get(url))[1] for _ in range(args.repeat)]
        figures = summary(samples)
        rows.append(
            [name, f"{figures['p50']:.0f}", f"{figures['p95']:.0f}", f"{figures['max']:.0f}", len(queries), url[:90]]
        )
        print(f"  {name}: p95 {figures['p95']:.0f} ms ({len(queries)} queries)", file=sys.stderr)
    where = args.database or f"{args.size:,} engagements"
    print(f"Admin pages at {where}, {args.repeat} requests each (ms, and the queries of one request):")
    print(table(rows, ["page", "p50", "p95", "max", "queries", "url"]))


if __name__ == "__main__":
    main()
