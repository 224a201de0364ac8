"""Helpers for tests that run the app in other processes against the test database."""

import os
import socket
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for a Django connection's settings (a socket directory included)."""
    host = settings_dict.get("HOST") or ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    user = settings_dict.get("USER") or "postgres"
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{quote(user, safe='')}{password}@{quote(host, safe='')}{port}/{settings_dict['NAME']}"


def app_env(database: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_reference_data():
    """Countries, topics and the two groups, as the data migrations load them (idempotent).

    Live-server tests run in real transactions and the database is flushed after each one,
    reference data included. Django's serialized_rollback cannot bring it back here: playwright
    switches greenlets, each with its own context, so the connection that serialized the data is
    not the one that later restores it.
    """
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from engagements.models import Country

    if Country.objects.exists():
        return
    apps = MigrationExecutor(connection).loader.project_state(("engagements", "0004_groups")).apps
    import_module("engagements.migrations.0002_countries").load_countries(apps, None)
    import_module("engagements.migrations.0003_topics").load_topics(apps, None)
    import_module("engagements.migrations.0004_groups").create_groups(apps, None)
    # Later migrations' grants to the groups (the sources watched, 0018).
    from django.apps import apps as current_apps

    import_module("engagements.migrations.0018_feeds").grant_editors(current_apps, None)


def counting(monkeypatch, module, name) -> list:
    """Count the calls of ``module.name`` (still made): one item in the list per call."""
    calls = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls
