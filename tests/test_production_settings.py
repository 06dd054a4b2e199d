"""Production settings: `check --deploy` finds nothing to warn about, every page
carries the security headers, and the logs are JSON lines with the request's id
and no narrative."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from harbour.cases.models import Incident
from tests import factories

# What a trust's deployment sets (README: running in production).
PRODUCTION = {
    "HARBOUR_DEBUG": "false",
    "HARBOUR_SECRET_KEY": "k" * 20 + "a-long-random-secret-of-our-own-9f3Kq7Zp2Lm8Xv4Rt6Yw1",
    "HARBOUR_EVIDENCE_KEYS": "k1:" + "A" * 43,
    "HARBOUR_ALLOWED_HOSTS": "harbour.example-trust.org.uk",
    "HARBOUR_SECURE_COOKIES": "true",
    "HARBOUR_SSL_REDIRECT": "true",
}


def _harbour(*args, **env) -> subprocess.CompletedProcess:
    # Nothing of the test run's own environment: not its HARBOUR_ settings, nor the
    # DJANGO_ALLOW_ASYNC_UNSAFE the browser journeys set for their live server.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HARBOUR_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(PRODUCTION, **env)
    command = [sys.executable, "-c", "from harbour.cli import main; main()", *args]
    return subprocess.run(command, env=clean, capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_no_issues_with_production_settings():
    result = _harbour("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_check_deploy_still_warns_about_a_production_start_that_serves_plain_http():
    # The check is real: a deployment that neither redirects to HTTPS nor sends HSTS is told.
    result = _harbour("check", "--deploy", HARBOUR_SSL_REDIRECT="false", HARBOUR_HSTS_SECONDS="0")
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_hsts_preload_without_subdomains_stops_the_start_by_name():
    result = _harbour("check", HARBOUR_HSTS_PRELOAD="true")
    assert (
        result.returncode != 0
        and "HARBOUR_HSTS_PRELOAD needs HARBOUR_HSTS_INCLUDE_SUBDOMAINS" in result.stderr
    )
    chosen = _harbour(
        "check", "--deploy", HARBOUR_HSTS_PRELOAD="true", HARBOUR_HSTS_INCLUDE_SUBDOMAINS="true"
    )
    assert chosen.returncode == 0 and "no issues (0 silenced)" in chosen.stdout


def test_a_page_over_https_carries_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # what a production start sets (the tests run as one)
    response = client.get("/sign-in/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"  # no subdomains, no preload
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
    assert len(response["X-Request-ID"]) == 32
    # Not over plain HTTP: a browser ignores it there, and the proxy may not be HTTPS yet.
    assert "Strict-Transport-Security" not in client.get("/sign-in/")


def test_the_session_and_csrf_cookies_are_secure_and_http_only(world, client):
    csrf = client.get("/sign-in/", secure=True).cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    signed_in = client.post(
        "/sign-in/", {"username": "employee", "password": factories.PASSWORD}, secure=True
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_each_request_gets_its_own_id_and_a_proxys_id_is_kept(client):
    first, second = client.get("/sign-in/"), client.get("/sign-in/")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    given = "0f6c3d4e9a8b4c2d8e7f6a5b4c3d2e1f"
    assert client.get("/sign-in/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    # Anything but an id is not repeated into the logs or the answer.
    assert client.get("/sign-in/", HTTP_X_REQUEST_ID="Erin Employee")["X-Request-ID"] != "Erin Employee"


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes, while the test runs."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    out = io.StringIO()
    previous = handler.setStream(out)
    yield out
    handler.setStream(previous)


def test_a_log_line_is_json_with_the_request_id_and_no_posted_narrative(world, console):
    narrative = "He followed Erin home past the church on Mill Lane and waited outside"
    client = world.client("manager")
    # A case that does not exist: Django logs the 404, which is what a log line is made of.
    response = client.post(
        "/cases/987654/incidents/new/", {"account": narrative, "location_detail": "Mill Lane"}
    )
    assert response.status_code == 404
    written = console.getvalue()
    lines = [json.loads(line) for line in written.splitlines()]  # every line is a JSON object
    mine = [line for line in lines if line.get("request_id") == response["X-Request-ID"]]
    assert mine, written
    assert {"time", "level", "logger", "message"} <= set(mine[0])
    assert mine[0]["logger"] == "django.request" and "/cases/987654/incidents/new/" in mine[0]["message"]
    assert narrative not in written and "Mill Lane" not in written and "Erin" not in written
    assert not Incident.objects.filter(account=narrative).exists()
