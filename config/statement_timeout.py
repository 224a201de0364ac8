"""A time limit on every SQL statement of the web server's database connections.

Set once per connection when it opens (``connection_created``), so a request costs no extra
query. Only the web server installs it (config/wsgi.py): imports, benchmarks and other
management commands may legitimately run long statements. A streamed CSV export reads for as
long as the download lasts, so it gets the longer EXPORT_STATEMENT_TIMEOUT_MS (``relaxed``),
still below gunicorn's timeout.
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.signals import connection_created

_SET = "SELECT set_config('statement_timeout', %s, false)"
_installed = False


def limit_statements(sender, connection, **kwargs) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_SET, [str(settings.DATABASE_STATEMENT_TIMEOUT_MS)])


def install() -> None:
    global _installed
    connection_created.connect(limit_statements, dispatch_uid="web_statement_timeout")
    _installed = True


def uninstall() -> None:
    """Undo ``install`` (tests that load the web server's set-up put things back)."""
    global _installed
    connection_created.disconnect(dispatch_uid="web_statement_timeout")
    _installed = False


def relaxed(pieces: Iterable) -> Iterator:
    """Yield ``pieces`` under the export's limit, then put the web limit back (the connection
    outlives the request)."""
    if not _installed:
        yield from pieces
        return
    with connection.cursor() as cursor:
        cursor.execute(_SET, [str(settings.EXPORT_STATEMENT_TIMEOUT_MS)])
    try:
        yield from pieces
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(_SET, [str(settings.DATABASE_STATEMENT_TIMEOUT_MS)])
        except DatabaseError:
            connection.close()  # a fresh connection starts with the web limit
