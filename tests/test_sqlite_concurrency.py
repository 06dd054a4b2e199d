"""Concurrent writers on SQLite queue instead of failing with "database is locked".

Each thread reads then writes inside a transaction: exactly the pattern that fails
with a DEFERRED transaction (the read lock cannot be upgraded while another writer
holds it) and that IMMEDIATE transactions serialise. The transaction is begun the
way django.db.transaction.atomic begins it, on connections built from Harbour's
own settings helper."""

import threading

import pytest
from django.db.utils import ConnectionHandler

from harbour.settings import _database


def _hammer(config, writers=8, rounds=15) -> tuple[list[str], int]:
    handler = ConnectionHandler({"default": config})
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    errors: list[str] = []
    start = threading.Barrier(writers)

    def work():
        connection = handler["default"]  # thread-local: each thread gets its own
        start.wait()
        try:
            for _ in range(rounds):
                # What Atomic.__enter__ does for SQLite: BEGIN <transaction_mode>.
                connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT value FROM counter WHERE id = 1")
                        (value,) = cursor.fetchone()
                        cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
                    connection.commit()
                except Exception:
                    connection.rollback()
                    raise
                finally:
                    connection.set_autocommit(True)
        except Exception as error:  # noqa: BLE001 - any failure is what the test reports
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = handler["default"]
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        total = cursor.fetchone()[0]
    check.close()
    return errors, total


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, total = _hammer(_database(f"sqlite:///{tmp_path / 'harbour.sqlite3'}"))
    assert errors == []
    assert total == 8 * 15


def test_the_same_load_fails_without_immediate_transactions(tmp_path, django_db_blocker):
    """Shows the test above can fail: with DEFERRED transactions some writers hit 'database is locked'."""
    config = _database(f"sqlite:///{tmp_path / 'deferred.sqlite3'}")
    config["OPTIONS"] = {**config["OPTIONS"], "transaction_mode": "DEFERRED", "timeout": 1}
    with django_db_blocker.unblock():
        errors, _ = _hammer(config)
    if not errors:
        pytest.fail("expected lock errors with DEFERRED transactions; the concurrency test may prove nothing")
    assert any("locked" in error for error in errors)
