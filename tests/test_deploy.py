"""compose.yaml and the Dockerfile say what a trust's IT team will run, and the
app, worker and scheduler commands they name really start here: gunicorn answers
/healthz and serves static files through WhiteNoise, and the worker and the scheduler
run until told to stop."""

import gzip
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # .venv/bin: where `pip install` put gunicorn and harbour
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
# Every variable compose.yaml insists on, with stand-in values for `config`.
REQUIRED = {
    "HARBOUR_SECRET_KEY": "stand-in-secret",
    "HARBOUR_EVIDENCE_KEYS": "k1:stand-in",
    "HARBOUR_ALLOWED_HOSTS": "harbour.example-trust.org.uk",
    "HARBOUR_BASE_URL": "https://harbour.example-trust.org.uk",
    "HARBOUR_DB_PASSWORD": "stand-in-password",
    "HARBOUR_EMAIL_HOST": "smtp.example-trust.org.uk",
    "HARBOUR_DEFAULT_FROM_EMAIL": "Harbour <harbour@example-trust.org.uk>",
}
# From the environment: required (":?message") or optional with no default (":-").
INTERPOLATED = re.compile(r"^\$\{(?P<name>[A-Z_]+)(:\?[^}]+|:-)\}$")


# --- what the files say ----------------------------------------------------------------------


def test_compose_names_the_six_services():
    assert set(SERVICES) == {"app", "worker", "scheduler", "migrate", "db", "redis"}
    assert SERVICES["db"]["image"].split(":")[0] == "postgres"
    assert SERVICES["db"]["image"].split(":")[1] in {"15", "16"}
    assert SERVICES["redis"]["image"] == "redis:7"
    assert SERVICES["migrate"]["command"] == ["harbour", "migrate", "--no-input"]
    assert SERVICES["worker"]["command"] == ["harbour", "db_worker"]
    assert SERVICES["scheduler"]["command"] == ["harbour", "scheduler"]


def test_app_and_worker_start_only_after_migrations_and_healthy_services():
    for name in ("app", "worker", "scheduler"):
        assert SERVICES[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }, name
    assert SERVICES["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert SERVICES["migrate"]["restart"] == "no"  # a one-off, never restarted in a loop


def test_healthchecks_where_something_can_be_asked():
    assert "/healthz" in " ".join(SERVICES["app"]["healthcheck"]["test"])
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"]
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    # Same image as the app, so its /healthz check must be switched off or they'd never be healthy.
    for name in ("worker", "scheduler", "migrate"):
        assert SERVICES[name]["healthcheck"] == {"disable": True}, name


def test_no_secret_is_written_in_compose():
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"SECRET|PASSWORD|KEYS?$|TOKEN", key) and value:
                # Never a value, nor a default one ("${X:-value}" would be written here).
                assert INTERPOLATED.match(str(value)), f"{name}.{key} = {value!r}"
        url = (service.get("environment") or {}).get("DATABASE_URL")
        if url:
            password = re.match(r"postgres://[^:]+:(?P<p>.+)@db:5432/harbour$", url)["p"]
            assert INTERPOLATED.match(password), url
    assert "stand-in" not in (ROOT / "compose.yaml").read_text()
    tracked = subprocess.run(["git", "ls-files", ".env"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == ""


def test_app_worker_and_scheduler_share_the_evidence_volume():
    # The scheduler's retention job removes erased cases' evidence files.
    assert "evidence" in COMPOSE["volumes"]
    for name in ("app", "worker", "scheduler"):
        service = SERVICES[name]
        mount = f"evidence:{service['environment']['HARBOUR_EVIDENCE_DIR']}"
        assert mount in service["volumes"], name


def test_dockerfile_builds_assets_in_node_then_installs_the_package():
    stages = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert stages[0].startswith("node:20") and stages[-1].startswith("python:3.11-slim")
    assert "npm ci" in DOCKERFILE and "node scripts/build-assets.mjs" in DOCKERFILE
    assert (ROOT / "scripts" / "build-assets.mjs").exists() and (ROOT / "package-lock.json").exists()
    assert "pip install /tmp/harbour" in DOCKERFILE and "-e " not in DOCKERFILE  # not editable
    assert "collectstatic" in DOCKERFILE
    assets_dir = re.search(r"HARBOUR_ASSETS_DIR=(\S+)", DOCKERFILE)[1]
    assert f"COPY --from=assets /src/build/static/ {assets_dir}/" in DOCKERFILE


def test_dockerfile_runs_unprivileged_and_checks_health():
    user = re.findall(r"^USER (\S+)", DOCKERFILE, re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000$", DOCKERFILE, re.MULTILINE)
    assert "HARBOUR_WEB_BIND=0.0.0.0:8000" in DOCKERFILE
    check = re.search(r"^HEALTHCHECK .*?CMD (\[.*?\])$", DOCKERFILE, re.MULTILINE | re.DOTALL)[1]
    url = re.search(r"http://127\.0\.0\.1:8000(/\S+?)'", check)[1]
    assert resolve(url).url_name == "healthz"


def test_dockerfile_cmd_is_the_apps_command_and_its_config_exists():
    cmd = yaml.safe_load(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)[1])
    assert cmd == SERVICES["app"]["command"]
    config = cmd[cmd.index("-c") + 1]
    assert config.startswith("python:")
    import importlib.util

    assert importlib.util.find_spec(config.removeprefix("python:")) is not None
    assert cmd[-1] == settings.WSGI_APPLICATION.replace(".application", ":application")


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "node_modules", "var"} <= ignored


def test_make_serve_runs_the_same_gunicorn_without_the_demo_secret():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^serve:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)[1]
    assert "gunicorn -c python:harbour.gunicorn_conf" in recipe
    assert "collectstatic" in recipe
    for demo in ("DEMO_ENV", "HARBOUR_DEBUG", "HARBOUR_SECRET_KEY", "DEMO_SECRET"):
        assert demo not in recipe


# --- docker compose config ---------------------------------------------------------------------


def _compose_cli() -> list[str]:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    found = shutil.which("docker-compose")
    assert found, (
        "needs `docker compose`, or Debian's docker-compose: "
        "apt-get install --no-install-recommends docker-compose"
    )
    return [found]


def _compose_config(tmp_path, **env) -> subprocess.CompletedProcess:
    empty = tmp_path / "empty.env"  # never a developer's own .env
    empty.write_text("")
    clean = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DOCKER_HOST": "unix:///nonexistent.sock",
    }
    clean.update(env)
    return subprocess.run(
        [*_compose_cli(), "--env-file", str(empty), "-f", str(ROOT / "compose.yaml"), "config"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_docker_compose_config_accepts_the_file(tmp_path):
    result = _compose_config(tmp_path, **REQUIRED)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert set(resolved["services"]) == set(SERVICES)
    app = resolved["services"]["app"]["environment"]
    assert app["HARBOUR_SECRET_KEY"] == "stand-in-secret"
    assert app["DATABASE_URL"] == "postgres://harbour:stand-in-password@db:5432/harbour"


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_docker_compose_config_stops_without_a_required_variable(tmp_path, missing):
    result = _compose_config(tmp_path, **{k: v for k, v in REQUIRED.items() if k != missing})
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


# --- the commands it names, started here -------------------------------------------------------


def _test_database_url() -> str:
    """The database this test run created, for a subprocess to use."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(name).resolve()}"
    parts = urllib.parse.urlsplit(settings.DATABASE_URL)
    return parts._replace(path=f"/{name}").geturl()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _local(command: list[str]) -> list[str]:
    return [str(BIN / command[0]), *command[1:]]


def _start(command, env, log: Path) -> subprocess.Popen:
    import os

    full = {**os.environ, **env, "DATABASE_URL": _test_database_url()}
    with log.open("wb") as out:
        return subprocess.Popen(_local(command), env=full, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)


def _stop(process: subprocess.Popen) -> int | None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _get(url: str, headers=None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture
def app_server(transactional_db, tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    # One worker: the machine is shared. Persistent connections as compose sets them.
    env = {
        "HARBOUR_WEB_BIND": f"127.0.0.1:{port}",
        "HARBOUR_WEB_WORKERS": "1",
        "HARBOUR_ALLOWED_HOSTS": "127.0.0.1",
        "HARBOUR_DB_CONN_MAX_AGE": "60",
    }
    process = _start(SERVICES["app"]["command"], env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield base, log
    finally:
        _stop(process)


def test_the_app_command_serves_healthz_pages_and_static_files(app_server):
    base, log = app_server
    status, body, headers = _get(f"{base}/healthz")
    assert (status, body) == (200, b'{"status": "ok"}')
    assert headers["Server"] == "gunicorn"
    # A page from Django itself with DEBUG off.
    status, body, _ = _get(f"{base}/sign-in/")
    assert status == 200 and b"Sign in" in body
    # With DEBUG off Django serves no static files at all: a 200 here is WhiteNoise's.
    css = Path(settings.STATIC_ROOT) / "css" / "harbour.css"
    assert css.exists(), "run `make assets` first"
    status, body, headers = _get(f"{base}/static/css/harbour.css")
    assert status == 200 and body == css.read_bytes()
    assert headers["Content-Type"].startswith("text/css") and "max-age" in headers["Cache-Control"]
    assert _get(f"{base}/static/css/not-there.css")[0] == 404
    # The copy compressed by collectstatic, not the file as built.
    status, body, headers = _get(f"{base}/static/css/harbour.css", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == css.read_bytes()


def test_the_access_log_carries_paths_never_query_strings(app_server):
    base, log = app_server
    referrer = {"Referer": f"{base}/front-desk/?q=Jane+Referrer"}
    assert _get(f"{base}/healthz?name=Jane+Query", referrer)[0] == 200
    assert _get(f"{base}/front-desk/?q=Jane+Search", referrer)[0] == 200  # the sign-in page, after a redirect
    time.sleep(0.5)  # the access log is written after each response
    text = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in text and '"GET /front-desk/ HTTP/1.1" 302' in text
    assert "Jane" not in text and "q=" not in text


def test_the_worker_command_runs_until_told_to_stop(transactional_db, tmp_path):
    log = tmp_path / "worker.log"
    process = _start(SERVICES["worker"]["command"], {}, log)
    try:
        # Wait for it to say it has started (slow on a loaded machine), then make
        # sure it is still running rather than having started and exited.
        deadline = time.monotonic() + 60
        while "Starting worker" not in log.read_text() and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1)
        assert process.poll() is None, log.read_text()
        assert "Starting worker" in log.read_text()
    finally:
        code = _stop(process)
    assert code == 0, log.read_text()  # a clean exit on SIGTERM, as `docker compose stop` sends


def test_the_scheduler_command_logs_its_jobs_and_runs_until_told_to_stop(transactional_db, tmp_path):
    from harbour.schedule import JOBS

    log = tmp_path / "scheduler.log"
    process = _start(SERVICES["scheduler"]["command"], {"HARBOUR_LOG_LEVEL": "INFO"}, log)
    try:
        deadline = time.monotonic() + 60
        while "scheduler started" not in log.read_text() and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1)
        assert process.poll() is None, log.read_text()
        text = log.read_text()
        assert f"scheduler started with {len(JOBS)} jobs" in text
        for job in JOBS:
            spelt = job["command"].replace("_", "-")  # as cron and the README spell it
            assert f"scheduled job {job['name']}: harbour {spelt}, next at " in text, job
        assert "failed" not in text
    finally:
        code = _stop(process)
    assert code == 0, log.read_text()  # a clean exit on SIGTERM, as `docker compose stop` sends
    assert "scheduler stopped" in log.read_text()
