"""Changing the record behind the app's back, as someone with the database's
password would: raw SQL, and for the append-only tables first the trigger out
of the way (DDL, rolled back with the test's transaction)."""

from django.db import connection


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def drop_triggers(*tables: str) -> None:
    """Out of the way for the rest of the test: on PostgreSQL the session stops
    firing triggers (session_replication_role, as a superuser can), on SQLite the
    trigger is dropped (DDL that the test's rollback undoes)."""
    for table in tables:
        if connection.vendor == "postgresql":
            sql("SET LOCAL session_replication_role = replica")
        else:
            sql(f'DROP TRIGGER IF EXISTS "{table}_append_only"')


def delete_row(model, pk) -> None:
    sql(f'DELETE FROM "{model._meta.db_table}" WHERE id = %s', [pk])


def update_row(model, pk, **values) -> None:
    columns = ", ".join(f'"{model._meta.get_field(name).column}" = %s' for name in values)
    sql(f'UPDATE "{model._meta.db_table}" SET {columns} WHERE id = %s', [*values.values(), pk])
