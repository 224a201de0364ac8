"""Turn a lost database, or a query stopped by the statement timeout, into a clean 503 page
instead of a 500 with a traceback."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.template.response import SimpleTemplateResponse
from psycopg2.errors import QueryCanceled

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if isinstance(exception.__cause__, QueryCanceled):
            # The connection is fine: only this request asked too much of it.
            logger.warning("statement timeout on %s: %s", request.path, exception)
            seconds = settings.DATABASE_STATEMENT_TIMEOUT_MS / 1000
            response = SimpleTemplateResponse("503.html", {"timed_out": True, "seconds": f"{seconds:g}"}, status=503)
            return response.render()
        logger.warning("database unavailable: %s", exception)
        # Drop the broken connection now so the next request opens a fresh one.
        close_old_connections()
        response = SimpleTemplateResponse("503.html", status=503)
        response["Retry-After"] = "10"
        return response.render()


class WarmAfterWriteMiddleware:
    """After a successful writing request (an editor's save, a delete), start the warm-up in
    the background: the editor does not wait, and the next analyst finds the figures ready.
    The warm-up itself returns at once when the data version did not move (a login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            from engagements.dashboard import warmup

            warmup.request_warm()
        return response
