"""A rate limit per token (or per session's user, or per address when the API is public).

Rates read the API_RATE setting when a request arrives (DRF's own classes read theirs once,
at import). Counts live in the default cache: per process with the local-memory cache, shared
by every server with a shared one (Redis). A refusal is DRF's 429 with Retry-After.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str | None:
        return settings.API_RATE or None

    def get_cache_key(self, request, view) -> str:
        token = request.auth
        if token is not None and getattr(token, "pk", None):
            ident = f"token:{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
