"""Configuration comes from the environment and a production start refuses an unsafe secret."""

import os
import subprocess
import sys

import pytest

from harbour.env import ConfigurationError, env_bool, env_int


def _start(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='harbour.settings'; django.setup()",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_without_a_secret_stops_with_a_clear_message():
    result = _start(HARBOUR_DEBUG="false")
    assert result.returncode != 0
    assert "HARBOUR_SECRET_KEY is not set" in result.stderr


def test_production_start_with_the_demo_secret_stops():
    from harbour.settings import DEMO_SECRET_KEY

    result = _start(HARBOUR_DEBUG="false", HARBOUR_SECRET_KEY=DEMO_SECRET_KEY)
    assert result.returncode != 0 and "published demo secret" in result.stderr


OWN_EVIDENCE_KEY = "k1:" + "A" * 43  # 32 bytes in base64url


def test_production_start_with_its_own_secrets_runs():
    result = _start(
        HARBOUR_DEBUG="false",
        HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own",
        HARBOUR_EVIDENCE_KEYS=OWN_EVIDENCE_KEY,
    )
    assert result.returncode == 0, result.stderr


def test_production_start_without_evidence_keys_stops_with_a_clear_message():
    result = _start(HARBOUR_DEBUG="false", HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own")
    assert result.returncode != 0 and "HARBOUR_EVIDENCE_KEYS is not set" in result.stderr


def test_production_start_with_the_demo_evidence_key_stops():
    from harbour.settings import DEMO_EVIDENCE_KEYS

    result = _start(
        HARBOUR_DEBUG="false",
        HARBOUR_SECRET_KEY="a-long-random-secret-of-our-own",
        HARBOUR_EVIDENCE_KEYS=f"{OWN_EVIDENCE_KEY},{DEMO_EVIDENCE_KEYS}",
    )
    assert result.returncode != 0 and "published demo key" in result.stderr


def test_demo_mode_runs_without_a_secret():
    assert _start(HARBOUR_DEBUG="true").returncode == 0


def test_bad_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("HARBOUR_DEBUG", "perhaps")
    with pytest.raises(ConfigurationError, match="HARBOUR_DEBUG"):
        env_bool("HARBOUR_DEBUG")
    monkeypatch.setenv("HARBOUR_EMAIL_PORT", "twenty-five")
    with pytest.raises(ConfigurationError, match="HARBOUR_EMAIL_PORT"):
        env_int("HARBOUR_EMAIL_PORT", 25)


def test_sqlite_runs_in_wal_with_immediate_transactions():
    from harbour.settings import _database

    config = _database("sqlite:////tmp/example.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert (
        "OPTIONS" not in _database("postgres://postgres@127.0.0.1:5432/test")
        or not _database("postgres://postgres@127.0.0.1:5432/test")["OPTIONS"]
    )


def test_postgresql_binds_parameters_on_the_server_unless_told_not_to():
    """Server-side binding is what lets psycopg prepare the queries a kept connection
    runs again and again; a pooler in transaction mode needs it off."""
    from harbour.settings import _database

    url = "postgres://postgres@127.0.0.1:5432/test"
    assert _database(url, 60, True)["OPTIONS"]["server_side_binding"] is True
    assert "server_side_binding" not in _database(url, 60, False).get("OPTIONS", {})
    assert "server_side_binding" not in _database("sqlite:////tmp/example.sqlite3", 0, True)["OPTIONS"]
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='harbour.settings'; django.setup(); "
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('server_side_binding'))"
    )
    for value, expected in (("", "True"), ("false", "None")):
        env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")}
        env.update(HARBOUR_DEBUG="true", DATABASE_URL=url)
        if value:
            env["HARBOUR_DB_SERVER_SIDE_BINDING"] = value
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
        assert out.stdout.strip() == expected, out.stderr
