"""`/healthz` for load balancers and container health checks.

200 when the database answers and every migration this code ships is applied;
503 otherwise, naming which of the two failed and nothing more. It is polled every
few seconds by machines with no sign-in, so it costs one small query: the
migrations this code expects are read from disk once per process (the files
cannot change under a running process) and compared with `django_migrations` on
each call. It writes no audit event: nobody looks at a case.

The middleware answers before host validation, HTTPS redirects, sessions and
sign-in, because a load balancer probes by address over plain HTTP. The URL is
registered as well, so that it has its row in the role × URL matrix.
"""

import functools
import logging

from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PATH = "/healthz"
DATABASE_UNREACHABLE = "database unreachable"
MIGRATIONS_PENDING = "migrations not applied"


@functools.cache
def expected_migrations() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """{(app, name): the migrations it replaces} for every migration on disk.

    Loaded without a connection, so a squashed migration stays in the graph; it
    counts as applied when it, or everything it replaces, is recorded."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(loader.disk_migrations[key].replaces) for key in loader.graph.nodes}


def problem(connection) -> str | None:
    """What stops this process serving, or None when nothing does."""
    expected = expected_migrations()
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        logger.warning("healthz: %s (%s)", DATABASE_UNREACHABLE, type(error).__name__)
        return DATABASE_UNREACHABLE
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError as error:
        # Connected a moment ago: either the line dropped or the table is missing
        # (a database never migrated). Only this failure path pays for telling them apart.
        reason = DATABASE_UNREACHABLE if not _usable(connection) else MIGRATIONS_PENDING
        logger.warning("healthz: %s (%s)", reason, type(error).__name__)
        return reason
    pending = [
        key
        for key, replaces in expected.items()
        if key not in applied and not (replaces and applied.issuperset(replaces))
    ]
    if pending:
        logger.warning("healthz: %s (%d)", MIGRATIONS_PENDING, len(pending))
        return MIGRATIONS_PENDING
    return None


def _usable(connection) -> bool:
    try:
        return connection.is_usable()
    except DatabaseError:
        return False


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    found = problem(connections["default"])
    if found:
        response = JsonResponse({"status": "unavailable", "problem": found}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
    # Never kept by a proxy: a stale "ok" would hide an outage.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers GET/HEAD /healthz before anything can refuse or
    redirect it. Other methods fall through to the URL, which answers 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info == PATH and request.method in {"GET", "HEAD"}:
            return healthz(request)
        return self.get_response(request)
