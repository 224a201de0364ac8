"""The warm-up: after a change, build the figures most visits need before anyone asks.

What it builds: the overview unfiltered, the profile of each country engaged within
WARM_RECENT_DAYS of the latest engagement, the first page of each list, the countries index,
the network and the relationships index unfiltered, the pages of the busiest
relationships (a big pair's page counts a hundred thousand engagements: one to two seconds
cold at 1M), and the filtered pages readers opened most this week (popular.py: a search
with a topic, 0.7 s cold at 1M). It renders those pages in-process through their own views, as an analyst sees
them, so it fills exactly the cache entries a visit would read (figures and whole pages,
keys, filters and all) and warms the database's pages on the way.

Who starts it: ``manage.py warm_figures`` (the importer, the demo and synthetic loaders call
it when the cache is shared; a poller or cron may too); a server, in a background thread,
after an editor's write and whenever a page finds figures older than the data with nobody
warming (charts/cache.py). While it runs, pages serve the previous version's figures and pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.db.models import Max, OuterRef, Subquery
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve, reverse

from config.routers import reading_from
from engagements.dashboard import popular
from engagements.dashboard.charts.cache import READY_KEY, WARMING_KEY, WARMING_TIMEOUT, building
from engagements.dashboard.filters import RelationshipFilter
from engagements.dashboard.views.relations import busiest
from engagements.derived.rollup import data_version
from engagements.models import Country, EngagementCountry

logger = logging.getLogger(__name__)

LISTS = ["engagements", "agreements", "exercises", "people", "readouts"]
# The relationships whose pages are warmed: the busiest over all dates, as the index lists them.
BUSIEST_PAIRS = 20


@dataclass
class Warmed:
    version: int
    pages: list[tuple[str, int, float]] = field(default_factory=list)  # path, status, seconds

    @property
    def seconds(self) -> float:
        return sum(s for _, _, s in self.pages)


def cache_is_shared() -> bool:
    """Whether figures built in this process serve other processes too (not local memory)."""
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def recent_countries(days: int) -> list[str]:
    """Countries engaged within ``days`` of the latest engagement (not of today: a data set
    that ends in the past still has its active countries)."""
    latest = EngagementCountry.objects.aggregate(last=Max("date"))["last"]
    if latest is None:
        return []
    last = EngagementCountry.objects.filter(country=OuterRef("pk")).order_by("-date").values("date")[:1]
    # One probe of the (country, date) index per country, not a scan of the year's rows.
    rows = Country.objects.annotate(last=Subquery(last)).filter(last__gte=latest - dt.timedelta(days=days))
    return list(rows.order_by("code").values_list("code", flat=True))


def paths(days: int | None = None) -> list[str]:
    days = settings.WARM_RECENT_DAYS if days is None else days
    found = [reverse("engagements:overview")]
    found += [reverse("engagements:country", args=[code]) for code in recent_countries(days)]
    found += [reverse(f"engagements:{name}") for name in LISTS]
    found += [reverse("engagements:countries"), reverse("engagements:network"), reverse("engagements:relations")]
    # The index's own cache entry (built here first when cold, then read by its page).
    pairs = busiest(RelationshipFilter(QueryDict(), pair=("", "")))[:BUSIEST_PAIRS]
    found += [row["url"] for row in pairs]
    # The filtered pages readers opened most this week (popular.py).
    found += [path for path in popular.most_opened(settings.WARM_POPULAR) if path not in found]
    return found


def warm(days: int | None = None) -> Warmed:
    """Build the figures of the current data version (read from the primary) and then mark
    that version ready, so pages stop serving the previous one."""
    with reading_from(None):
        version = data_version()
        cache.set(WARMING_KEY, version, WARMING_TIMEOUT)
        result = Warmed(version)
        try:
            factory = RequestFactory()
            user = _warm_user()
            with building():
                for path in paths(days):
                    started = time.perf_counter()
                    status = _render(factory, user, path)
                    result.pages.append((path, status, time.perf_counter() - started))
            ready = cache.get(READY_KEY)
            if ready is None or ready < version:
                cache.set(READY_KEY, version, None)
        finally:
            cache.delete(WARMING_KEY)
    return result


def _warm_user():
    """A reader like most visitors, since pages are kept per audience (page_cache.py): an
    analyst, or anyone when the dashboard is public."""
    if settings.DASHBOARD_PUBLIC:
        return AnonymousUser()
    # Never saved: an active superuser passes every permission check without a query; not
    # staff, as analysts are not.
    return get_user_model()(username="warm-up", is_active=True, is_superuser=True, is_staff=False)


def _render(factory: RequestFactory, user, path: str) -> int:
    request = factory.get(path)
    request.user = user
    setattr(request, popular.WARM_UP, True)
    match = resolve(urlsplit(path).path)
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Exception:  # one page failing leaves the others warmed; its visitors compute it
        logger.exception("warming %s failed", path)
        return 500
    return response.status_code


def after_change(write) -> None:
    """At the end of an import or a load: warm now when the servers share the cache (a
    command's own memory would keep the figures from them)."""
    if not settings.WARM_FIGURES_AUTO or not cache_is_shared():
        return
    result = warm()
    write(f"Figures of data version {result.version} warmed: {len(result.pages)} pages in {result.seconds:.1f} s.")


# -- in a server: one background thread per process ---------------------------------------------

_lock = threading.Lock()
_thread: threading.Thread | None = None
_again = False


def request_warm() -> None:
    """Warm in the background unless the current version is ready or being warmed. Returns
    at once; a request asking while a warm-up runs makes it check again when it ends."""
    global _thread, _again
    if not settings.WARM_FIGURES_AUTO:
        return
    with _lock:
        if _thread is not None:
            _again = True
            return
        _thread = threading.Thread(target=_run, name="warm-figures", daemon=True)
        _thread.start()


def _run() -> None:
    global _thread, _again
    try:
        while True:
            with _lock:
                _again = False
            try:
                _warm_if_behind()
            except Exception:  # a warm-up must never take the server down; pages compute
                logger.exception("warming the figures failed")
            with _lock:
                if not _again:
                    _thread = None
                    return
    finally:
        connection.close()  # this thread's own connection


def _warm_if_behind() -> None:
    with reading_from(None):
        version = data_version()
    if cache.get(READY_KEY) == version:
        return
    # One warm-up at a time across servers sharing the cache (add is atomic in Redis).
    if not cache.add(WARMING_KEY, version, WARMING_TIMEOUT):
        return
    result = warm()
    logger.info(
        "figures of data version %s warmed: %s pages in %.1f s", result.version, len(result.pages), result.seconds
    )
