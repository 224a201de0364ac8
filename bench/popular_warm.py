"""The first visit of popular filtered pages after a change, warmed or not (popular.py).

    .venv/bin/python bench/popular_warm.py --size 1000000

Each filtered overview below is opened once (so it counts as popular), a real change moves the
data version, and then either the warm-up runs (WARM_POPULAR pages included) or nothing does;
the first visit of each page after it is timed. Prints ms per page and the warm-up's seconds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, server_url, setup_django, table, timed

PAGES = [
    ("overview, search alone", "/?q=maritime+security"),
    ("overview, search + topic", "/?q=cyber&topic=cybersecurity"),
    ("overview, search + country", "/?q=maritime+security&country=AUS"),
    ("overview, country + topic", "/?country=AUS&topic=maritime+security"),
    ("engagements, region + topic", "/engagements/?region=Oceania&topic=cybersecurity"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    setup_django(server_url(bench_database(args.size)))

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client
    from pages import change

    from engagements.dashboard import warmup

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)

    rows = {name: [name] for name, _ in PAGES}
    for popular in (0, settings.WARM_POPULAR):
        settings.WARM_POPULAR = popular
        cache.clear()
        for _, url in PAGES:
            assert client.get(url).status_code == 200  # one visit: popular
        change()
        warm = timed(warmup.warm)[1] / 1000
        for name, url in PAGES:
            rows[name].append(f"{timed(lambda url=url: client.get(url))[1]:.0f}")
        print(f"  WARM_POPULAR={popular}: warm-up {warm:.1f} s", file=sys.stderr)
    print(f"First visit after a change at {args.size:,} engagements, ms (the warm-up ran first):")
    print(table(list(rows.values()), ["page", "popular not warmed", "popular warmed"]))


if __name__ == "__main__":
    main()
