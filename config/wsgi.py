"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config import heap, statement_timeout  # noqa: E402 (needs the settings loaded above)

statement_timeout.install()
heap.settle()
