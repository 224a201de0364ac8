"""The embedded PostgreSQL default: a project-local server from the ``pgserver`` package.

Used when no DATABASE_URL is set, so a laptop needs nothing but Python. The server keeps
running between commands (``cleanup_mode=None``) and is reused by every process that asks:
pgserver takes a file lock, so concurrent ``manage.py`` processes share one postmaster.
``python -m config.embedded_db stop`` (``make stop``) stops it; the next command starts it.
"""

import logging
import os
import subprocess
import sys
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


def embedded_stop(data_dir: Path) -> str:
    """Stop the embedded server of ``data_dir`` if it runs; says what it did.

    Reads no settings: they would start the server to connect to it.
    """
    if not (data_dir / "postmaster.pid").exists():
        return f"The embedded PostgreSQL in {data_dir} is not running."
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    # Run as root, pgserver runs the server as its own "pgserver" user, and pg_ctl refuses root.
    user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    try:
        pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    except subprocess.CalledProcessError as exc:
        # pg_ctl says "no server running" when the pid file is stale (a crash, a reboot).
        if (data_dir / "postmaster.pid").exists():
            raise RuntimeError(f"pg_ctl could not stop the server in {data_dir} (exit {exc.returncode})") from exc
    return f"Stopped the embedded PostgreSQL in {data_dir}."


def _data_dir() -> Path:
    # The settings' VAR_DIR, read the same way (var/ beside config/ unless VAR_DIR is set).
    var_dir = Path(os.environ.get("VAR_DIR", str(Path(__file__).resolve().parent.parent / "var")))
    return var_dir / "pgdata"


if __name__ == "__main__":
    if sys.argv[1:] != ["stop"]:
        sys.exit("usage: python -m config.embedded_db stop")
    print(embedded_stop(_data_dir()))
