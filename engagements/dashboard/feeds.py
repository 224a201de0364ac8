"""Atom feeds of the newest engagements of any filtered list or country, for feed readers.

The feed reads the engagements list's FilterSet and selector, newest first whatever sort the
URL names, so it announces what the list shows. Feed readers cannot log in: besides the
session-guarded /engagements.atom, each analyst may make a feed token (account page) and
subscribe to /feeds/<token>/engagements.atom?..., revocable at any time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from engagements.api.tokens import api_token_for_key
from engagements.dashboard import selectors
from engagements.dashboard.access import VIEW_DASHBOARD, analyst_required
from engagements.dashboard.filters import EngagementFilter
from engagements.models import Country, Engagement, TokenPurpose

FEED_LIMIT = 50
# A reader polls; a few minutes' staleness is nothing to it.
FEED_MAX_AGE = 300


@dataclass
class FeedScope:
    filters: EngagementFilter
    query: str  # the canonical filters, as the list's URL carries them
    country: Country | None = None


class EngagementsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Defense engagements dashboard"

    def get_object(self, request, scope: FeedScope):
        return scope

    def title(self, scope: FeedScope) -> str:
        if scope.country is not None:
            return f"Engagements with {scope.country.name}"
        return "Engagements" + (" matching these filters" if scope.filters.active else "")

    def subtitle(self, scope: FeedScope) -> str:
        return f"The {FEED_LIMIT} newest engagements{' · ' + scope.query if scope.query else ''}."

    def link(self, scope: FeedScope) -> str:
        if scope.country is not None:
            return scope.country.get_absolute_url()
        return reverse("engagements:engagements") + (f"?{scope.query}" if scope.query else "")

    def feed_url(self, scope: FeedScope) -> str:
        # The public address, even when read through a private one: the token stays out of
        # what the reader stores and shows.
        if scope.country is not None:
            return reverse("engagements:country_feed", args=[scope.country.code])
        return reverse("engagements:engagements_feed") + (f"?{scope.query}" if scope.query else "")

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


def _respond(request, params: QueryDict, country: Country | None = None):
    params = params.copy()
    params["sort"] = "newest"  # a feed announces the newest, whatever the list's sort
    if country is not None:
        params.setlist("country", [country.code])
    filters = EngagementFilter(params)
    canonical = filters.canonical()
    if canonical is None:
        return HttpResponseBadRequest("The filters are not valid, so there is no feed.", content_type="text/plain")
    response = ENGAGEMENTS_FEED(request, scope=FeedScope(filters, canonical.urlencode(), country))
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    return response


@analyst_required
def engagements_feed(request):
    return _respond(request, request.GET)


@analyst_required
def country_feed(request, code: str):
    return _respond(request, request.GET, get_object_or_404(Country, code=code.upper()))


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
    response = _respond(request, request.GET)
    response["X-Robots-Tag"] = "noindex"
    return response


def private_country_feed(request, key: str, code: str):
    _feed_reader(request, key)
    response = _respond(request, request.GET, get_object_or_404(Country, code=code.upper()))
    response["X-Robots-Tag"] = "noindex"
    return response
