"""Whole pages cached per data version: a visit to a page someone has seen since the last
change costs a cache read, not its queries and its template.

A page is the same for everyone who sees the same things: the key holds its URL, the data
version and the reader's audience (signed in, staff, may export), never the reader. The two
parts that are one reader's own, the account name and the logout form's CSRF token, are
rendered as placeholders (``account`` below, a context processor) and filled in on the way
out, for a cached page and a fresh one alike.

Not cached: anything but GET and HEAD, a reader with messages waiting, and a reader pinned to
the primary after a write (an editor who has just saved sees the data as it now is, not the
previous version's page while the warm-up runs). Only complete HTML pages with status 200 are
kept; one built from the previous version's figures (while a warm-up runs) only until the
warm-up ends.
Pages are kept compressed: a page is mostly repeated markup and chart data.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from config.routers import pinned
from engagements.dashboard import popular
from engagements.dashboard.charts.cache import keep, keep_interim, look_up, reading_version, served_previous
from engagements.dashboard.views.common import can_export
from engagements.derived.rollup import data_version

# Private-use characters: never in the data, untouched by HTML escaping.
ACCOUNT_NAME = "\ue000account-name\ue000"
CSRF_PLACEHOLDER = "\ue000csrf-token\ue000"
RENDERING = "_page_cache_rendering"  # set on the request while its page is rendered for the cache


@dataclass(frozen=True)
class CachedPage:
    body: bytes  # zlib-compressed, placeholders in
    content_type: str


def account(request) -> dict:
    """The reader's own parts of every page: placeholders while the page is rendered for the
    cache (the CSRF one in the token's place, which ``{% csrf_token %}`` writes into its
    field), the reader's name otherwise."""
    if getattr(request, RENDERING, False):
        # Constants of our own, replaced before the page leaves.
        return {"account_name": mark_safe(ACCOUNT_NAME), "csrf_token": mark_safe(CSRF_PLACEHOLDER)}  # noqa: S308
    user = getattr(request, "user", None)
    return {"account_name": user.get_username() if user is not None and user.is_authenticated else ""}


def audience(request) -> str:
    user = request.user
    return f"{int(user.is_authenticated)}{int(user.is_staff)}{int(can_export(request))}"


def page_key(request, version: int) -> str:
    text = f"{audience(request)}|{request.get_full_path()}#{version}"
    return "page:" + hashlib.sha256(text.encode()).hexdigest()


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not pinned(request) and not _has_messages(request)


def _filled(request, body: str) -> str:
    """The page with this reader's name and CSRF token in place of the placeholders."""
    if ACCOUNT_NAME in body:
        body = body.replace(ACCOUNT_NAME, str(conditional_escape(request.user.get_username())))
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    return body


def _kept(response) -> CachedPage | None:
    """What to keep of a freshly rendered response, or None for one that is not a plain page."""
    content_type = response.get("Content-Type", "")
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not content_type.startswith("text/html")
    ):
        return None
    return CachedPage(zlib.compress(response.content, 1), content_type)


def whole_page(view):
    """Serve the view's page from the cache when this version's (or, while a warm-up runs,
    the previous version's) is there; otherwise render it, keep it, and serve it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = served(request, *args, **kwargs)
        # A visit (not the warm-up's) of a page shown: counted among the popular ones.
        if response.status_code == 200 and request.method == "GET" and not getattr(request, popular.WARM_UP, False):
            popular.record(request.get_full_path())
        return response

    def served(request, *args, **kwargs):
        if not settings.PAGE_CACHE or not cacheable_request(request):
            return view(request, *args, **kwargs)
        # The page and its figures key on one version, read once.
        with reading_version(data_version()):
            found = look_up(lambda version: page_key(request, version))
            if isinstance(found.value, CachedPage):
                body = zlib.decompress(found.value.body).decode()
                return HttpResponse(_filled(request, body), content_type=found.value.content_type)
            setattr(request, RENDERING, True)
            try:
                response = view(request, *args, **kwargs)
                # A TemplateResponse renders late: here, while the placeholders are on.
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                setattr(request, RENDERING, False)
            # Rendered from the previous version's figures while a warm-up runs: kept for
            # the rest of the warm-up only; this version's page is the next visitor's after it.
            current = not served_previous()
        page = _kept(response)
        if page is not None:
            (keep if current else keep_interim)(page_key(request, found.version), page)
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            response.content = _filled(request, response.content.decode()).encode()
        return response

    return wrapped
