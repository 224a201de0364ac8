"""The embedded PostgreSQL default: a project-local server from the ``pgserver`` package.

Used when no DATABASE_URL is set, so a laptop needs nothing but Python. The server keeps
running between commands (``cleanup_mode=None``) and is reused by every process that asks:
pgserver takes a file lock, so concurrent ``manage.py`` processes share one postmaster.
"""

import logging
import warnings
from pathlib import Path

DATABASE_NAME = "engagements"


def embedded_database(data_dir: Path) -> dict:
    # pgserver logs each start and handle at INFO and platformdirs warns about a missing
    # XDG_RUNTIME_DIR on servers: noise on every manage.py command.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver  # imported late: only this path needs it

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (a constant)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir) if info.socket_dir else (info.hostname or "127.0.0.1"),
        "PORT": str(info.port or ""),
    }
