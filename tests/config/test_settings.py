"""Settings come from the environment and fail loudly on values they cannot use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("off", False), ("", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("N", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_int("N", 3) == 12
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 3)


def test_env_float_reads_seconds_and_refuses_a_word_or_a_negative(monkeypatch):
    monkeypatch.setenv("FETCH_TIMEOUT", "2.5")
    assert env_float("FETCH_TIMEOUT", 20.0, minimum=0.1) == 2.5
    monkeypatch.setenv("FETCH_TIMEOUT", "soon")
    with pytest.raises(ImproperlyConfigured, match="is not a number"):
        env_float("FETCH_TIMEOUT", 20.0)
    monkeypatch.setenv("FETCH_TIMEOUT", "-1")
    with pytest.raises(ImproperlyConfigured, match="below its minimum"):
        env_float("FETCH_TIMEOUT", 20.0, minimum=0.1)


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        ALLOWED_HOSTS="engagements.example.org",
        HTTPS="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def test_deploy_checklist_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_short_secret_key_is_refused():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(SECRET_KEY="short"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
