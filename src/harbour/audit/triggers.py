"""Database triggers that refuse to rewrite append-only tables, below the ORM:
what a raw SQL UPDATE or DELETE from the app's database user meets.

PostgreSQL refuses UPDATE and DELETE (TRUNCATE, which test databases are reset
with, is left alone). SQLite refuses UPDATE; DELETE is refused by the queryset
(append_only.py) and caught by the chains and head log, because Django resets
SQLite test databases between tests with DELETE FROM, which a trigger would stop.
Someone able to drop a trigger is still caught by the hash chains (verify)."""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION harbour_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'harbour: % is append-only; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def install(schema_editor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, None)  # no parameters: its % are PL/pgSQL's own
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION harbour_refuse_rewrite()"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'harbour: {table} is append-only; UPDATE refused'); END"
        )


def remove(schema_editor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
    elif vendor == "sqlite":
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only"')


def operation(table: str):
    from django.db import migrations

    return migrations.RunPython(
        lambda apps, schema_editor: install(schema_editor, table),
        lambda apps, schema_editor: remove(schema_editor, table),
    )
