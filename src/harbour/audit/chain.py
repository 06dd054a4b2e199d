"""The audit trail's own hash chains: one per school; for events outside any
school, one per actor, and "harbour" for those with no actor. Each event carries
its position in its chain, the previous event's hash and its own:

    entry_hash = SHA-256 of canonical JSON of the event's fields (HASHED) and
                 previous_hash

so rewriting, removing or inserting an event breaks its chain, even for someone
who went behind the app and the triggers. Positions are taken under a lock per
chain (PostgreSQL advisory lock held to the end of the transaction; SQLite's
write transactions are serialised already)."""

import zlib

from django.db import connection

from harbour.audit.hashing import GENESIS, canonical, plain, sha256

__all__ = ["GENESIS", "HASHED", "chain_of", "event_hash", "hash_of", "last_of", "lock"]

# Fixed: a new column does not join the hash, so events chained earlier still verify.
HASHED = (
    "chain", "position", "at", "actor_id", "action", "school_id", "case_id",
    "object_type", "object_id", "ip_address", "via", "detail",
)  # fmt: skip


def chain_of(school_id, actor_id=None) -> str:
    """An event about a school goes in that school's chain. One outside any school
    (a case list, a sign-in) goes in its actor's own chain, so the lists a whole
    trust reads all day do not queue behind a single lock; "harbour" holds only
    events with neither (the command line, a refused sign-in)."""
    if school_id is not None:
        return f"school-{school_id}"
    return f"user-{actor_id}" if actor_id is not None else "harbour"


def event_hash(values: dict, previous_hash: str) -> str:
    return sha256(
        canonical({**{name: plain(values[name]) for name in HASHED}, "previous_hash": previous_hash})
    )


def hash_of(event) -> str:
    """The hash an event should carry, from what it records."""
    return event_hash({name: getattr(event, name) for name in HASHED}, event.previous_hash)


def lock(chain: str) -> None:
    """Hold the chain's lock to the end of the transaction, so two writers never
    take the same position. Reentrant within a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [0x4842, zlib.crc32(chain.encode()) - 2**31]
            )


def last_of(model, chain: str) -> tuple[int, str]:
    """The chain's last position and hash. Written as SQL (one index lookup on the
    chain and position): every page view writes an event, and the ORM took longer
    to compose this query than the database took to answer it."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT position, entry_hash FROM {table} WHERE chain = %s ORDER BY position DESC LIMIT 1",  # noqa: S608 - the table name comes from the model
            [chain],
        )
        last = cursor.fetchone()
    return (last[0], last[1]) if last else (0, GENESIS)
