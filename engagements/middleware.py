"""Turn a lost database into a clean 503 page instead of a 500 with a traceback."""

import logging

from django.db import InterfaceError, OperationalError, close_old_connections
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("database unavailable: %s", exception)
        # Drop the broken connection now so the next request opens a fresh one.
        close_old_connections()
        response = SimpleTemplateResponse("503.html", status=503)
        response["Retry-After"] = "10"
        return response.render()
