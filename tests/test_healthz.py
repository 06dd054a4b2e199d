"""/healthz: 200 only when the database answers and every migration is applied;
503 naming which check failed; no sign-in, no audit, one query, never redirected."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings

from harbour import health
from harbour.audit.models import AuditEvent
from harbour.settings import _database

# Nothing listens on port 1; the directory does not exist. Both fail at once, locally.
UNREACHABLE = {
    "postgresql": "postgres://harbour@127.0.0.1:1/harbour",
    "sqlite": "sqlite:////nonexistent-harbour-dir/harbour.sqlite3",
}


def test_healthy_answers_200_to_anyone_without_a_trace(db):
    before = AuditEvent.objects.count()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert AuditEvent.objects.count() == before


def test_healthy_means_what_djangos_own_migration_plan_says(db):
    """The cheap check agrees with the executor's plan for every app's leaf node."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert health.problem(connection) is None
    assert set(health.expected_migrations()) == set(MigrationLoader(connection).graph.nodes)


def test_an_unapplied_migration_answers_503(db):
    """Forget one applied migration, as the recorder would after `migrate app <previous>`."""
    app, name = sorted(health.expected_migrations())[-1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) != []  # Django agrees
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problem": "migrations not applied"}
    assert name not in response.content.decode()  # says which check, not the internals


def test_a_squashed_migration_counts_as_applied_when_all_it_replaces_is(db, monkeypatch):
    real = dict(health.expected_migrations())
    applied = sorted(real)[:2]
    squashed = ("cases", "0001_squashed_not_recorded")
    monkeypatch.setattr(health, "expected_migrations", lambda: {**real, squashed: tuple(applied)})
    assert health.problem(connection) is None
    missing = (*applied, ("cases", "9999_never_applied"))
    monkeypatch.setattr(health, "expected_migrations", lambda: {**real, squashed: missing})
    assert health.problem(connection) == health.MIGRATIONS_PENDING


@pytest.mark.parametrize("vendor", sorted(UNREACHABLE))
def test_an_unreachable_database_answers_503(db, monkeypatch, vendor):
    broken = ConnectionHandler({"default": _database(UNREACHABLE[vendor])})
    monkeypatch.setattr(health, "connections", broken)
    try:
        response = Client().get("/healthz")
    finally:
        broken.close_all()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problem": "database unreachable"}
    assert "127.0.0.1" not in response.content.decode() and "nonexistent" not in response.content.decode()


def test_one_query_per_poll_and_the_graph_is_read_once(db, django_assert_num_queries, monkeypatch):
    health.expected_migrations.cache_clear()
    builds = []
    original = MigrationLoader.build_graph
    monkeypatch.setattr(MigrationLoader, "build_graph", lambda self: builds.append(1) or original(self))
    client = Client()
    client.get("/healthz")
    for _ in range(3):
        with django_assert_num_queries(1):  # SELECT app, name FROM django_migrations
            assert client.get("/healthz").status_code == 200
    assert len(builds) == 1


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["harbour.example-trust.org.uk"])
def test_load_balancers_probe_by_address_over_plain_http(db):
    client = Client()
    # Anything else from the same probe is redirected or refused: the settings are live.
    assert client.get("/sign-in/", HTTP_HOST="harbour.example-trust.org.uk").status_code == 301
    assert client.get("/sign-in/", HTTP_HOST="10.0.0.7").status_code == 400
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert client.head("/healthz", HTTP_HOST="10.0.0.7").status_code == 200


def test_only_get_and_head(db):
    assert Client().post("/healthz").status_code == 405
