"""The database restarting under the app: a clean 503 page, then recovery without a restart.

Runs gunicorn against a PostgreSQL server of its own (from pgserver, in a temporary
folder), stops that server, then starts it again.
"""

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.support import ROOT, app_env, free_port, manage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    pgserver = pytest.importorskip("pgserver")
    from pgserver._commands import pg_ctl

    data = tmp_path_factory.mktemp("faults") / "pgdata"
    server = pgserver.get_server(data, cleanup_mode="delete")
    server.psql("CREATE DATABASE faults;")
    info = server.get_postmaster_info()
    url = f"postgres://postgres@{str(info.socket_dir).replace('/', '%2F')}/faults"

    def stop():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)

    def start():
        server.ensure_postgres_running()

    yield url, stop, start
    start()  # pgserver's own clean-up expects a running server
    server.cleanup()
    shutil.rmtree(data, ignore_errors=True)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_requests_fail_cleanly_while_the_database_is_down_and_recover_after(own_server):
    url, stop, start = own_server
    env = app_env(url, DASHBOARD_PUBLIC="1", CONN_MAX_AGE="600", DATABASE_CONNECT_TIMEOUT="2")
    subprocess.run(manage("migrate", "--noinput", "-v", "0"), env=env, check=True, cwd=ROOT, timeout=300)
    port = free_port()
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--timeout",
            "30",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                status, _ = fetch(base)
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert status == 200

        stop()
        status, body = fetch(base)
        assert status == 503
        assert "The database is not answering right now" in body
        assert "Traceback" not in body

        start()
        # The persistent connection from before the restart is dead: the health check
        # replaces it, so the very next request works without restarting gunicorn.
        status, _ = fetch(base)
        assert status == 200
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=10)
