"""Atom feeds of the newest engagements of any filtered list or country, for feed readers.

The feed reads the engagements list's FilterSet and selector, newest first whatever sort the
URL names, so it announces what the list shows. Feed readers cannot log in: besides the
session-guarded /engagements.atom, each analyst may make a feed token (account page) and
subscribe to /feeds/<token>/engagements.atom?..., revocable at any time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from engagements.api.tokens import api_token_for_key
from engagements.dashboard import relations, selectors
from engagements.dashboard.access import VIEW_DASHBOARD, analyst_required
from engagements.dashboard.filters import EngagementFilter, RelationshipFilter
from engagements.models import Country, Engagement, TokenPurpose

FEED_LIMIT = 50
# A reader polls; a few minutes' staleness is nothing to it.
FEED_MAX_AGE = 300


@dataclass
class FeedScope:
    """What one feed lists: the filters, and for a page's own feed (a country, a
    relationship) its title, page and public feed address."""

    filters: EngagementFilter
    query: str  # the canonical filters, as the list's URL carries them
    title: str = ""
    page: str = ""
    feed_path: str = ""


class EngagementsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Defense engagements dashboard"

    def get_object(self, request, scope: FeedScope):
        return scope

    def title(self, scope: FeedScope) -> str:
        return scope.title or "Engagements" + (" matching these filters" if scope.filters.active else "")

    def subtitle(self, scope: FeedScope) -> str:
        return f"The {FEED_LIMIT} newest engagements{' · ' + scope.query if scope.query else ''}."

    def link(self, scope: FeedScope) -> str:
        return scope.page or reverse("engagements:engagements") + (f"?{scope.query}" if scope.query else "")

    def feed_url(self, scope: FeedScope) -> str:
        # The public address, even when read through a private one: the token stays out of
        # what the reader stores and shows.
        return scope.feed_path or reverse("engagements:engagements_feed") + (f"?{scope.query}" if scope.query else "")

    def items(self, scope: FeedScope):
        engagements = selectors.engagement_list(filters=scope.filters)
        return selectors.engagements_for_table(engagements)[:FEED_LIMIT]

    def item_title(self, engagement: Engagement) -> str:
        return engagement.readout.title or f"Engagement {engagement.pk}"

    def item_link(self, engagement: Engagement) -> str:
        return engagement.get_absolute_url()

    def item_description(self, engagement: Engagement) -> str:
        parts = [engagement.get_kind_display()]
        if engagement.date:
            parts.append(engagement.date.strftime("%-d %B %Y"))
        if engagement.partners:
            parts.append("with " + ", ".join(link.country.name for link in engagement.partners))
        if engagement.location:
            parts.append(engagement.location)
        if engagement.participants:
            parts.append("; ".join(p.person.name for p in engagement.participants))
        if engagement.topic_list:
            parts.append("topics: " + ", ".join(t.topic.label for t in engagement.topic_list))
        # The summary's type is HTML: escaped, the readout's words stay words.
        return escape(" · ".join(parts))

    def item_pubdate(self, engagement: Engagement) -> dt.datetime:
        if engagement.date:
            return dt.datetime.combine(engagement.date, dt.time(), tzinfo=dt.UTC)
        return engagement.readout.created_at

    def item_updateddate(self, engagement: Engagement) -> dt.datetime:
        return engagement.readout.updated_at

    def item_categories(self, engagement: Engagement) -> list[str]:
        return [t.topic.label for t in engagement.topic_list]


ENGAGEMENTS_FEED = EngagementsFeed()


def respond(
    request,
    params: QueryDict,
    *,
    fixed: dict[str, list[str]] | None = None,
    filterset: Callable[[QueryDict], EngagementFilter] = EngagementFilter,
    **page,
) -> HttpResponse:
    """The feed of the newest engagements the filters keep. ``fixed``: filters a page's own
    feed always applies (its country: {"country": ["MYS"]}); ``filterset``: the page's own
    FilterSet, when it is not the engagements list's (a relationship's); ``page``: its title,
    page and feed_path (FeedScope)."""
    params = params.copy()
    params["sort"] = "newest"  # a feed announces the newest, whatever the list's sort
    for name, values in (fixed or {}).items():
        params.setlist(name, values)
    filters = filterset(params)
    canonical = filters.canonical()
    if canonical is None:
        return HttpResponseBadRequest("The filters are not valid, so there is no feed.", content_type="text/plain")
    response = ENGAGEMENTS_FEED(request, scope=FeedScope(filters, canonical.urlencode(), **page))
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    return response


def _country(request, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    return respond(
        request,
        request.GET,
        fixed={"country": [country.code]},
        title=f"Engagements with {country.name}",
        page=country.get_absolute_url(),
        feed_path=reverse("engagements:country_feed", args=[country.code]),
    )


def _relationship(request, slug: str) -> HttpResponse:
    """A relationship page's feed: the pair's engagements in the page's dates and kinds, read
    through the page's own FilterSet (any order or case of the codes names the pair)."""
    codes = relations.parse_slug(slug)
    pair = relations.relationship(*codes) if codes else None
    if pair is None:
        raise Http404("No such relationship: name two different country codes, as in JPN-PHL.")
    query = RelationshipFilter(request.GET, pair=pair.codes).canonical()
    suffix = f"?{query.urlencode()}" if query else ""
    return respond(
        request,
        request.GET,
        filterset=lambda params: RelationshipFilter(params, pair=pair.codes),
        title=f"Engagements of {pair.name}",
        page=relations.relationship_url(*pair.codes) + suffix,
        feed_path=reverse("engagements:relationship_feed", args=[pair.slug]) + suffix,
    )


@analyst_required
def engagements_feed(request):
    return respond(request, request.GET)


@analyst_required
def country_feed(request, code: str):
    return _country(request, code)


def _feed_reader(request, key: str) -> None:
    """The feed token's owner becomes the request's user, with the dashboard's rule; any
    other key is a 404 (nothing says whether a token ever existed)."""
    token = api_token_for_key(key, purpose=TokenPurpose.FEED)
    if token is None:
        raise Http404("No such feed.")
    request.user = token.user
    if not settings.DASHBOARD_PUBLIC and not token.user.has_perm(VIEW_DASHBOARD):
        raise PermissionDenied("The account of this feed is not in the analysts or editors group.")


def private_engagements_feed(request, key: str):
    _feed_reader(request, key)
    response = respond(request, request.GET)
    response["X-Robots-Tag"] = "noindex"
    return response


def private_country_feed(request, key: str, code: str):
    _feed_reader(request, key)
    response = _country(request, code)
    response["X-Robots-Tag"] = "noindex"
    return response


@analyst_required
def relationship_feed(request, slug: str):
    return _relationship(request, slug)


def private_relationship_feed(request, key: str, slug: str):
    _feed_reader(request, key)
    response = _relationship(request, slug)
    response["X-Robots-Tag"] = "noindex"
    return response
