# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core; each has its own test database.
PYTEST_WORKERS ?= auto
SIZE ?= 100000

.PHONY: run test setup install browser lint screenshots bench serve audit stop

# The virtualenv, rebuilt when a requirements file changes.
$(VENV)/.deps: requirements-server.txt requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.deps

# Database (embedded PostgreSQL under var/ unless DATABASE_URL is set), schema, static files.
setup: install
	$(PY) -m config.createdb
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Debian's Chromium for the browser tests (the test tool's own browser download is not used),
# and axe-core from the npm registry for their accessibility check.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
	@# axe-core, pinned in package.json, for the accessibility check (into node_modules/, not committed).
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund --silent; } \
		|| echo "npm is missing: the accessibility browser test will be skipped"

run: setup
	$(PY) manage.py load_demo
	$(PY) manage.py demo_users
	@echo "Serving on http://$(HOST):$(PORT)/"
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The embedded PostgreSQL (var/pgdata) keeps running after `make run` or `make test` end, so
# the next command starts at once; this stops it (the next command starts it again).
stop:
	@if test -x $(PY); then $(PY) -m config.embedded_db stop; else echo "Nothing to stop: no $(VENV) yet"; fi

# Production-like serving: gunicorn with DEBUG off.
serve: setup
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WORKERS:-3} --timeout $${GUNICORN_TIMEOUT:-30} --access-logfile -

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The test loads the demo readouts into its own database (the sample set if they do not load).
screenshots: setup browser
	$(PY) -m pytest tests/browser/test_screenshots.py -p no:randomly --screenshots-dir=screenshots -q
	@echo "Screenshots in screenshots/"

bench: setup
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PY) bench/run_all.py --size $(SIZE)

# Known vulnerabilities in the pinned runtime requirements (needs PyPI's JSON API).
audit: install
	$(BIN)/pip-audit --requirement requirements.txt --strict
