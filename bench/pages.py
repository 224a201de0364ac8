"""Page latency and queries per request, in-process (Django's test client, an analyst).

    .venv/bin/python bench/pages.py --size 1000000 [--repeat 20]

Prints p50/p95/max in milliseconds and the queries of one request, for the overview
(unfiltered, and a country + date range), each list (first page and page 500, sorted; the
last page of a list too short for 500), each
detail page, and full-text search, against the bench database of that size (bench/run_all.py
makes it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, server_url, setup_django, summary, table, timed


def cases():
    from django.db.models import Count, Sum

    from engagements.dashboard.pagination import PER_PAGE
    from engagements.models import (
        Agreement,
        AgreementEvent,
        Country,
        Engagement,
        EngagementSource,
        Exercise,
        ExerciseMention,
        PairCount,
        Person,
        Readout,
    )

    def deep(model) -> int:
        """Page 500, or the last page of a list too short to have one."""
        return max(1, min(500, -(-model.objects.count() // PER_PAGE)))

    pages = {model: deep(model) for model in (Engagement, AgreementEvent, ExerciseMention, Readout)}

    busiest = (
        Country.objects.filter(code__in=["JPN", "KOR", "PHL", "GBR", "AUS"])
        .order_by("code")
        .values_list("code", flat=True)
        .first()
        or "JPN"
    )
    engagement = Engagement.objects.order_by("-id").values_list("pk", flat=True).first()
    # An engagement reported by two readouts or more (the import bench's pairs), if any.
    several = (
        EngagementSource.objects.filter(decided_by=EngagementSource.DecidedBy.MATCHER)
        .order_by("-id")
        .values_list("engagement_id", flat=True)
        .first()
    )
    person = Person.objects.filter(country=busiest).order_by("id").values_list("pk", flat=True).first()
    agreement = Agreement.objects.annotate(n=Count("events")).order_by("-n").values_list("pk", flat=True).first()
    exercise = Exercise.objects.order_by("id").values_list("pk", flat=True).first()
    window = "date_from=2015-01-01&date_to=2020-12-31"
    worst = worst_filters()
    region = Country.objects.filter(code=busiest).values_list("region", flat=True).first() or "Asia"
    # Relationships: the busiest pair (the publisher and its first partner) and a pair of two
    # partners, which meet only in multilateral engagements.
    pairs = list(PairCount.objects.values("country_a_id", "country_b_id").annotate(n=Sum("n")).order_by("-n")[:200])
    busiest_pair = f"{pairs[0]['country_a_id']}-{pairs[0]['country_b_id']}" if pairs else "JPN-USA"
    quiet_pair = next(
        (
            f"{p['country_a_id']}-{p['country_b_id']}"
            for p in pairs
            if "USA" not in (p["country_a_id"], p["country_b_id"])
        ),
        busiest_pair,
    )
    return [
        ("overview", "/"),
        ("overview, country + dates", f"/?country={busiest}&{window}"),
        ("overview, partial months", f"/?country={busiest}&date_from=2015-03-12&date_to=2020-07-03"),
        ("engagements p1", "/engagements/"),
        (f"engagements p{pages[Engagement]} oldest", f"/engagements/?sort=oldest&page={pages[Engagement]}"),
        ("engagements filtered", f"/engagements/?country={busiest}&{window}"),
        ("agreements p1", "/agreements/"),
        (f"agreements p{pages[AgreementEvent]} oldest", f"/agreements/?sort=oldest&page={pages[AgreementEvent]}"),
        ("exercises p1", "/exercises/"),
        (f"exercises p{pages[ExerciseMention]} oldest", f"/exercises/?sort=oldest&page={pages[ExerciseMention]}"),
        ("people p1", "/people/"),
        ("people p50 name", "/people/?sort=name&page=50"),
        ("readouts p1", "/readouts/"),
        (f"readouts p{pages[Readout]} oldest", f"/readouts/?sort=oldest&page={pages[Readout]}"),
        ("readouts filtered", f"/readouts/?country={busiest}&{window}"),
        ("search readouts", "/readouts/?q=maritime+security"),
        ("search engagements", "/engagements/?q=cyber"),
        ("engagement detail", f"/engagements/{engagement}/"),
        *([("engagement detail, several sources", f"/engagements/{several}/")] if several else []),
        ("country profile", f"/countries/{busiest}/"),
        ("country profile, small", "/countries/NZL/"),
        ("person detail", f"/people/{person}/"),
        ("agreement detail", f"/agreements/{agreement}/"),
        ("exercise detail", f"/exercises/{exercise}/"),
        ("countries index", "/countries/"),
        ("relationship", f"/relations/{busiest_pair}/"),
        ("relationship, dates + kind", f"/relations/{busiest_pair}/?{window}&kind=meeting"),
        ("relationship p100", f"/relations/{busiest_pair}/?page=100"),
        ("relationship, partners", f"/relations/{quiet_pair}/"),
        ("relations index", "/relations/"),
        ("relations index, dates", f"/relations/?{window}"),
        ("network", "/network/"),
        ("network, dates + kind", f"/network/?{window}&kind=call"),
        ("network, country + partial months", f"/network/?country={busiest}&date_from=2015-03-12&date_to=2020-07-03"),
        ("network, topic", f"/network/?topic=maritime+security&{window}"),
        (
            "network, topic + partial months",
            "/network/?topic=maritime+security&date_from=2015-03-12&date_to=2020-07-03",
        ),
        (
            "network, two topics",
            f"/network/?topic=maritime+security&topic=cybersecurity&{window}",
        ),
        # One filter the rollups do not answer (not a country nor dates): each chart and count
        # aggregates the matching engagements' rows.
        ("overview, one region", f"/?region={region}"),
        ("overview, one topic", "/?topic=maritime+security"),
        ("overview, one kind", "/?kind=call"),
        ("overview, search + country", f"/?q=maritime+security&country={busiest}"),
        ("overview, search + topic", "/?q=cyber&topic=cybersecurity"),
        ("overview, search alone", "/?q=maritime+security"),
        ("overview, country + topic", f"/?country={busiest}&topic=maritime+security"),
        ("overview, region + topic", "/?region=Oceania&topic=cybersecurity"),
        ("engagements, one region", f"/engagements/?region={region}"),
        ("people, one topic", "/people/?topic=maritime+security"),
        # The fact lists' search: the search table's words and facets, as the engagements'.
        ("people, search + country", f"/people/?q=maritime+security&country={busiest}"),
        # A broad search's people (85,169 engagements at 1M), by name and by last seen.
        ("people, search", "/people/?q=maritime+security"),
        ("people, search by last seen", "/people/?q=maritime+security&sort=recent"),
        ("readouts, one kind", "/readouts/?kind=call"),
        # Kinds with a country or one region, topic or forum: the rollups by kind.
        ("overview, country + kind", f"/?country={busiest}&kind=call"),
        ("overview, region + kind", f"/?region={region}&kind=meeting"),
        ("overview, topic + kinds + dates", f"/?topic=cybersecurity&kind=call&kind=visit&{window}"),
        ("engagements, country + kind", f"/engagements/?country={busiest}&kind=call"),
        # The people of a country, a kind, one region or topic: the rollups' participants.
        ("people, one country", f"/people/?country={busiest}"),
        ("people, one kind", "/people/?kind=call"),
        ("people, region + kind", f"/people/?region={region}&kind=call"),
        ("people, topic by engagements, p3", "/people/?topic=cybersecurity&sort=most&page=3"),
        # Any of several countries or regions: the largest one's rollup and the rest's rows of
        # facts (SplitCounts); the people of a country and a topic, chosen by the rows of facts.
        ("overview, two countries", f"/?country=USA&country={busiest}"),
        ("overview, two regions", f"/?region={region}&region=Europe"),
        ("people, country + topic", "/people/?country=USA&topic=cybersecurity"),
        ("worst filters: overview", f"/?{worst}"),
        ("worst filters: engagements", f"/engagements/?{worst}"),
        ("worst filters: people", f"/people/?{worst}"),
    ]


def worst_filters() -> str:
    """The costliest query string the filter form accepts: every multi-value filter at its
    bound (the most common countries, topics, forums and people), every choice, a search,
    name fragments and a date range."""
    from django.conf import settings
    from django.db.models import Count
    from django.http import QueryDict

    from engagements.models import AgreementAction, AgreementKind, Country, Forum, Kind, Person, Topic

    most = settings.FILTER_MAX_VALUES

    def common(model, key, relation):
        return [
            str(v) for v in model.objects.annotate(n=Count(relation)).order_by("-n").values_list(key, flat=True)[:most]
        ]

    countries = common(Country, "code", "engagement_links")
    topics = common(Topic, "name", "engagement_links")
    query = QueryDict(mutable=True)
    query.setlist("country", countries)
    query.setlist("with_country", countries)
    query.setlist("topic", topics)
    query.setlist("with_topic", topics)
    query.setlist("region", sorted(set(Country.objects.exclude(region="").values_list("region", flat=True))))
    query.setlist("kind", list(Kind.values)[:most])
    query.setlist("forum", common(Forum, "short_name", "engagements"))
    query.setlist("person", common(Person, "pk", "participations"))
    query.setlist("agreement_kind", list(AgreementKind.values)[:most])
    query.setlist("agreement_action", list(AgreementAction.values)[:most])
    query.update({"q": "maritime security", "participant": "a", "exercise": "a"})
    query.update({"date_from": "2000-01-01", "date_to": "2024-12-31"})
    return query.urlencode()


def change() -> None:
    """A real committed change: the latest engagement's location rewritten as it was. The
    database moves the data version (every figure's key) as it commits."""
    from django.db.models import F

    from engagements.models import Engagement

    latest = Engagement.objects.order_by("-id").values_list("pk", flat=True).first()
    Engagement.objects.filter(pk=latest).update(location=F("location"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", help="run the cases whose name contains this (several: comma-separated)")
    parser.add_argument(
        "--database", help="another database of the same server (a copy of the bench database, migrated further)"
    )
    parser.add_argument("--slow-queries", action="store_true", help="also list each page's slowest queries")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--cold", action="store_true", help="empty the figures cache before every request (each one counts and draws)"
    )
    mode.add_argument(
        "--after-change",
        action="store_true",
        help="a real data change before every request (the data version moves; nothing warms it)",
    )
    mode.add_argument(
        "--warmed",
        action="store_true",
        help="one data change, then warm_figures, then the requests (the first visitor after a change)",
    )
    mode.add_argument(
        "--during-warm-up",
        action="store_true",
        help="warm_figures, one data change, then the requests while a warm-up of the new version runs",
    )
    args = parser.parse_args()
    setup_django(server_url(args.database or bench_database(args.size)))

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client

    # Django empties the query log when a request starts; keep it for the count.
    request_started.disconnect(reset_queries)
    timings: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)

    if args.warmed:
        from engagements.dashboard import warmup

        change()
        warmed = timed(warmup.warm)[1]
        print(f"  warm_figures after the change: {warmed / 1000:.0f} s", file=sys.stderr)

    warming = None
    if args.during_warm_up:
        import threading

        from engagements.dashboard import warmup

        warmup.warm()
        change()
        warming = threading.Thread(target=warmup.warm, name="warm-up")
        warming.start()
        print("  a warm-up of the new version started", file=sys.stderr)
    during = after = 0

    rows = []
    for name, url in cases():
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        # Counted on a request that builds its figures (cache empty): a page's whole work;
        # after a warm-up, on the first visitor's request.
        if not (args.warmed or args.during_warm_up):
            cache.clear()
        if args.after_change:
            change()
        timings.clear()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            first = (time.perf_counter() - started) * 1000
        queries = list(timings)
        assert response.status_code == 200, (url, response.status_code)
        if args.slow_queries:
            for ms, sql in sorted(queries, reverse=True)[:4]:
                print(f"    {ms:7.1f} ms  {sql[:300]}", file=sys.stderr)
        samples = []
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            if args.after_change:
                change()
            samples.append(timed(lambda url=url: client.get(url))[1])
            if warming is not None:
                if warming.is_alive():
                    during += 1
                else:
                    after += 1
        figures = summary(samples)
        rows.append(
            [
                name,
                f"{first:.0f}",
                f"{figures['p50']:.0f}",
                f"{figures['p95']:.0f}",
                f"{figures['max']:.0f}",
                len(queries),
                url[:100],
            ]
        )
        print(f"  {name}: p95 {figures['p95']:.0f} ms", file=sys.stderr)
    state = "figures cache warm after the first request"
    if args.cold:
        state = "figures cache emptied before each request"
    elif args.after_change:
        state = "a data change before each request, no warm-up"
    elif args.warmed:
        state = "a data change, then warm_figures, then the first and later requests"
    elif args.during_warm_up:
        state = f"a data change, then {during} requests while its warm-up ran and {after} after it ended"
    state += "; ms; first: the first request (timed with its queries logged), which the others follow"
    state += "; queries: that request's"
    print(f"Pages at {args.size:,} engagements, {args.repeat} requests each after a first, {state}):")
    print(table(rows, ["page", "first", "p50", "p95", "max", "queries", "url"]))


if __name__ == "__main__":
    main()
