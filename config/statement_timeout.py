"""A time limit on every SQL statement of the web server's database connections.

Set once per connection when it opens (``connection_created``), so a request costs no extra
query. Only the web server installs it (config/wsgi.py): imports, benchmarks and other
management commands may legitimately run long statements.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def limit_statements(sender, connection, **kwargs) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [str(settings.DATABASE_STATEMENT_TIMEOUT_MS)]
        )


def install() -> None:
    connection_created.connect(limit_statements, dispatch_uid="web_statement_timeout")
