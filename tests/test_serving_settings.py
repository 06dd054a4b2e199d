"""Production serving settings from the environment: persistent database
connections, the Redis cache, and gunicorn's configuration module."""

import importlib
import json
import os
import subprocess
import sys

import pytest

from harbour.env import ConfigurationError

PRODUCTION = {
    "HARBOUR_DEBUG": "false",
    "HARBOUR_SECRET_KEY": "a-long-random-secret-of-our-own",
    "HARBOUR_EVIDENCE_KEYS": "k1:" + "A" * 43,
}
SHOW = (
    "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'harbour.settings'; django.setup();"
    "from django.conf import settings as s; d = s.DATABASES['default'];"
    "print(json.dumps({'age': d['CONN_MAX_AGE'], 'checks': d['CONN_HEALTH_CHECKS'],"
    " 'cache': s.CACHES['default'], 'redirect': s.SECURE_SSL_REDIRECT}))"
)


def _settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_") and k != "DATABASE_URL"}
    clean.update(PRODUCTION, **env)
    return subprocess.run([sys.executable, "-c", SHOW], env=clean, capture_output=True, text=True, timeout=60)


def _shown(**env) -> dict:
    result = _settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_keeps_connections_and_checks_them_before_reuse():
    shown = _shown(DATABASE_URL="postgres://harbour@127.0.0.1:5432/harbour")
    assert shown["age"] == 60 and shown["checks"] is True


def test_sqlite_reconnects_each_request_unless_told():
    assert _shown(DATABASE_URL="sqlite:////tmp/harbour-example.sqlite3")["age"] == 0
    assert _shown(DATABASE_URL="postgres://h@127.0.0.1/h", HARBOUR_DB_CONN_MAX_AGE="5")["age"] == 5


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_a_bad_connection_age_stops_the_start_by_name(value):
    result = _settings(HARBOUR_DB_CONN_MAX_AGE=value)
    assert result.returncode != 0 and "HARBOUR_DB_CONN_MAX_AGE" in result.stderr


def test_redis_cache_only_when_its_url_is_set():
    assert _shown()["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    cache = _shown(HARBOUR_REDIS_URL="redis://127.0.0.1:6379/15")["cache"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/15"


def test_redis_options_are_ones_the_client_accepts():
    """Build the client as Django does; redis-py dials lazily, so nothing is contacted."""
    from django.core.cache.backends.redis import RedisCache

    from harbour.settings import _cache

    config = _cache("redis://127.0.0.1:6379/15")
    pool = RedisCache(config["LOCATION"], config)._cache.get_client().connection_pool
    assert pool.connection_kwargs["socket_connect_timeout"] == 2
    assert pool.connection_kwargs["socket_timeout"] == 2 and pool.connection_kwargs["db"] == 15


def test_https_redirect_is_off_unless_asked():
    assert _shown()["redirect"] is False
    assert _shown(HARBOUR_SSL_REDIRECT="true")["redirect"] is True


# --- gunicorn ------------------------------------------------------------------------------


def _gunicorn_conf(monkeypatch, **env):
    for name in [k for k in os.environ if k.startswith("HARBOUR_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import harbour.gunicorn_conf

    return importlib.reload(harbour.gunicorn_conf)


def test_gunicorn_defaults(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    assert conf.bind == ["127.0.0.1:8000"]
    assert conf.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert conf.threads == 1 and conf.timeout == 30
    assert conf.preload_app is True
    assert conf.max_requests > 0 and 0 < conf.max_requests_jitter < conf.max_requests
    assert conf.control_socket_disable is True
    assert conf.wsgi_app == "harbour.wsgi:application"


def test_gunicorn_reads_the_environment(monkeypatch):
    conf = _gunicorn_conf(
        monkeypatch,
        HARBOUR_WEB_BIND="0.0.0.0:8000, unix:/run/harbour.sock",
        HARBOUR_WEB_WORKERS="3",
        HARBOUR_WEB_THREADS="4",
        HARBOUR_WEB_TIMEOUT="60",
        HARBOUR_WEB_PRELOAD="false",
        HARBOUR_FORWARDED_ALLOW_IPS="10.0.0.2",
    )
    assert conf.bind == ["0.0.0.0:8000", "unix:/run/harbour.sock"]
    assert (conf.workers, conf.threads, conf.timeout) == (3, 4, 60)
    assert conf.preload_app is False and conf.forwarded_allow_ips == "10.0.0.2"


def test_gunicorn_takes_empty_values_as_unset(monkeypatch):
    """compose.yaml passes variables nobody set as empty strings."""
    conf = _gunicorn_conf(monkeypatch, HARBOUR_WEB_BIND="", HARBOUR_WEB_WORKERS="", HARBOUR_LOG_LEVEL="")
    assert conf.bind == ["127.0.0.1:8000"] and conf.workers >= 3 and conf.loglevel == "info"


@pytest.mark.parametrize("value", ["0", "lots"])
def test_gunicorn_refuses_a_bad_worker_count_by_name(monkeypatch, value):
    with pytest.raises(ConfigurationError, match="HARBOUR_WEB_WORKERS"):
        _gunicorn_conf(monkeypatch, HARBOUR_WEB_WORKERS=value)


def test_access_log_has_the_path_but_no_query_string_or_referrer(monkeypatch):
    fmt = _gunicorn_conf(monkeypatch).access_log_format
    assert "%(U)s" in fmt  # the path
    for leaks in ("%(r)s", "%(q)s", "%(f)s", "%({"):  # request line, query, referrer, raw headers
        assert leaks not in fmt


def test_the_preloaded_app_is_warmed_and_frozen_before_the_workers_fork(monkeypatch):
    """What the master loaded is moved out of the collector's reach, so no
    worker's request pays for walking it; without preloading there is nothing
    shared to warm or freeze."""
    import gc

    class Log:
        def __init__(self):
            self.lines = []

        def info(self, message, *args):
            self.lines.append(message % args)

    conf = _gunicorn_conf(monkeypatch)
    server = type("Server", (), {"log": Log()})()
    gc.unfreeze()
    try:
        conf.when_ready(server)
        assert gc.get_freeze_count() > 0
        assert server.log.lines and "templates before forking" in server.log.lines[0]
    finally:
        gc.unfreeze()
    unloaded = _gunicorn_conf(monkeypatch, HARBOUR_WEB_PRELOAD="false")
    unloaded.when_ready(server)
    assert gc.get_freeze_count() == 0 and len(server.log.lines) == 1
