"""Login throttling (django-axes): who the client is behind a proxy, and two limits.

- A username tried from one address: locked after AXES_FAILURE_LIMIT failures.
- One address trying many usernames (password spraying): locked after
  AXES_ADDRESS_FAILURE_LIMIT failures whatever the usernames.

Behind a reverse proxy (BEHIND_PROXY=1) every request comes from the proxy's address, so
without the client's own address one person could lock a known username out for everyone.
Each trusted proxy appends the address it received the request from to X-Forwarded-For;
entries further left were written by the client and prove nothing, so the client is the
TRUSTED_PROXY_COUNT-th entry from the right.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The client's address: AXES_CLIENT_IP_CALLABLE."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    if len(forwarded) < count:
        return remote  # not through every trusted proxy: only the connection's address is known
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler with a second, higher limit per address (AXES_HANDLER).

    AXES_LOCKOUT_PARAMETERS lists (username, address) first and the address alone second;
    axes compares one number with AXES_FAILURE_LIMIT, so the address's failures are scaled
    to that limit: a request is locked when either count reaches its own limit.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(pair, address * limit // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A success clears that username's failures only: a sprayer logging in to an account
        # of their own must not wipe the address's count.
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
