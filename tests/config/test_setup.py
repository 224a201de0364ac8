"""Set-up from a clean clone: the Docker image and compose file, and `make stop`."""

import fnmatch
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def dockerignore_patterns() -> list[tuple[bool, str]]:
    """(is an exception "!", pattern) in file order, as docker reads them."""
    patterns = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        patterns.append((negated, line.lstrip("!").strip("/")))
    return patterns


def ignored(path: str) -> bool:
    """Whether docker leaves ``path`` out of the build context: a pattern matches the path or
    one of its folders from the context's root (``**/`` at any depth); the last match decides."""
    parts = path.split("/")
    folders = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for negated, pattern in dockerignore_patterns():
        if pattern.startswith("**/"):
            # Any depth: match the pattern's rest against each folder's trailing part.
            names = {"/".join(parts[k : n + 1]) for n in range(len(parts)) for k in range(n + 1)}
            pattern = pattern[3:]
        else:
            names = set(folders)
        if any(fnmatch.fnmatchcase(name, pattern) for name in names):
            result = not negated
    return result


@pytest.mark.parametrize(
    "path",
    [
        ".venv/lib/python3.11/site-packages/django/__init__.py",
        "var/secret_key",
        "var/pgdata/postmaster.pid",
        "var/static/css/app.css",
        ".git/HEAD",
        "node_modules/axe-core/axe.min.js",
        "screenshots/overview-1440.png",
        "engagements/__pycache__/admin.cpython-311.pyc",
        ".pytest_cache/v/cache/lastfailed",
        ".ruff_cache/CACHEDIR.TAG",
        ".hypothesis/examples/x",
        ".env",
        "bench/results/pages.json",
    ],
)
def test_the_build_context_leaves_local_state_out(path):
    assert ignored(path), path


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "requirements-server.txt",
        "config/settings.py",
        "engagements/models/readouts.py",
        "engagements/migrations/0001_initial.py",
        "templates/base.html",
        "static/css/app.css",
        ".env.example",
    ],
)
def test_the_build_context_keeps_the_app(path):
    assert (ROOT / path).exists(), path
    assert not ignored(path), path


def requirement_names(filename: str) -> set[str]:
    """Package names of a requirements file, following ``-r`` includes."""
    names = set()
    for line in (ROOT / filename).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= requirement_names(line[2:].strip())
        elif line:
            names.add(re.split(r"[=<>~!\[; ]", line, maxsplit=1)[0].lower())
    return names


def test_the_image_installs_the_server_requirements_without_the_embedded_database():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installed = re.findall(r"pip install -r (\S+)", dockerfile)
    assert installed == ["requirements-server.txt"]
    assert "pgserver" not in requirement_names("requirements-server.txt")
    # A laptop keeps it: requirements.txt is the server set plus the embedded database.
    assert requirement_names("requirements.txt") == requirement_names("requirements-server.txt") | {"pgserver"}
    assert requirement_names("requirements-server.txt") <= requirement_names("requirements-dev.txt")


def test_compose_requires_a_secret_key_and_keeps_no_key_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    # ${VAR:?message}: compose refuses to start without it.
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", web["environment"]["SECRET_KEY"])
    assert not any(":/app/var" in str(volume) for volume in web.get("volumes", []))
    assert re.search(r"^ENV .*SECRET_KEY_REQUIRED=1", (ROOT / "Dockerfile").read_text(), re.MULTILINE | re.DOTALL)


def test_without_a_key_a_container_fails_loudly_and_writes_no_key_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(SECRET_KEY_REQUIRED="1", VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


@pytest.fixture
def var_dir():
    # Not pytest's tmp_path: another pytest process on the machine resets its parent folder to
    # mode 700, which locks out the "pgserver" user the server runs as under root.
    with tempfile.TemporaryDirectory(prefix="embedded-stop-") as folder:
        yield Path(folder)


def test_make_stop_stops_the_embedded_database(var_dir):
    pytest.importorskip("pgserver")
    from config.embedded_db import embedded_database

    data_dir = var_dir / "pgdata"
    embedded_database(data_dir)  # starts it, as settings do without DATABASE_URL
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    assert psutil.pid_exists(pid)

    env = {**os.environ, "VAR_DIR": str(var_dir)}
    result = subprocess.run(["make", "stop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Stopped the embedded PostgreSQL" in result.stdout
    assert not (data_dir / "postmaster.pid").exists()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE

    again = subprocess.run(["make", "stop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "is not running" in again.stdout


def test_the_scale_profile_runs_two_app_servers_behind_nginx_sharing_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    scale = {name for name, service in services.items() if "scale" in service.get("profiles", [])}
    assert {"app1", "app2", "nginx", "redis"} <= scale
    for name in ("app1", "app2"):
        environment = services[name]["environment"]
        assert environment["CACHE_URL"].startswith("redis://redis:")
        assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", environment["SECRET_KEY"])
        # Migrations run once, before either server starts.
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    nginx = (ROOT / "deploy" / "nginx" / "scale.conf").read_text()
    assert "server app1:8000" in nginx and "server app2:8000" in nginx
    assert any("deploy/nginx/scale.conf" in volume for volume in services["nginx"]["volumes"])
    assert "db" not in scale and "web" not in scale  # `docker compose up` is unchanged
