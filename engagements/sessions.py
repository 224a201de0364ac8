"""Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and in any case
SESSION_COOKIE_AGE seconds after the login (a fixed expiry, which the idle bookkeeping's
writes do not push back).

The time of the last request is kept in the session and written at most once a minute, so an
active analyst costs one session write a minute, not one per request.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

LAST_SEEN = "_last_seen"
REFRESH = 60  # seconds between two writes of the last request's time


@receiver(user_logged_in, dispatch_uid="session_started")
def session_started(sender, request, user, **kwargs):
    if not hasattr(request, "session"):
        return
    request.session[LAST_SEEN] = int(time.time())
    request.session.set_expiry(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)  # the page then asks for a login, as for anyone signed out
            elif last is None or now - last >= REFRESH:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
