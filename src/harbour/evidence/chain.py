"""The per-case hash chain that makes the whole case record tamper-evident.

Every record the case's story is made of is appended, in the transaction that
saves it, as a ChainEntry:

    content_hash = SHA-256 of the record's hashed fields as canonical JSON
    entry_hash   = SHA-256 of canonical JSON {position, kind, object_id,
                   chained_at, content_hash, previous_hash}

so changing a record changes its content hash, and changing, removing or
re-ordering an entry breaks every link after it. Each append is also written to
the audit trail (itself chained, audit/chain.py) with its position and hash, and
to the head log outside the database (headlog.py), which is how deleting the
newest entries together with their audit anchors is noticed. verify.py
recomputes all of it.

Which records are chained is declared by each model, beside its fields:

    chain_kind = "meeting"            # the entry's kind, never renamed
    chain_label = "Meeting"           # how verify and packs name it
    chain_fields = ("id", "case_id", ...)   # fixed once records exist: a new
                                      # column does not join an existing kind's
                                      # hash, so records chained earlier verify
    chain_case = "case"               # the lookup from the record to its case
    chain_versioned = True            # optional: a record the app changes (a
                                      # plan action, a restriction) is appended
                                      # again at every change; its newest entry
                                      # is what it must hash to now
"""

import contextlib
import contextvars

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from harbour.audit.hashing import GENESIS, canonical, plain, sha256
from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case
from harbour.evidence import headlog
from harbour.evidence.models import ChainEntry

__all__ = ["GENESIS", "canonical", "plain", "sha256"]


def _declared() -> dict[str, type]:
    found = {}
    for model in apps.get_models():
        kind = model.__dict__.get("chain_kind")
        if kind:
            if kind in found:
                raise RuntimeError(f"Two models declare chain_kind {kind!r}.")
            found[kind] = model
    return found


KINDS: dict[str, type] = _declared()
KIND_LABELS = {
    kind: getattr(model, "chain_label", model._meta.verbose_name.capitalize())
    for kind, model in KINDS.items()
}


def case_path(model) -> str:
    return getattr(model, "chain_case", "case")


def is_versioned(kind: str) -> bool:
    return bool(getattr(KINDS.get(kind), "chain_versioned", False))


def content_of(kind: str, record) -> dict:
    return {name: plain(getattr(record, name)) for name in KINDS[kind].chain_fields}


def content_hash(kind: str, record) -> str:
    return sha256(canonical(content_of(kind, record)))


def entry_hash(
    *, position: int, kind: str, object_id: int, chained_at, content_hash: str, previous_hash: str
) -> str:
    return sha256(
        canonical(
            {
                "position": position,
                "kind": kind,
                "object_id": object_id,
                "chained_at": plain(chained_at),
                "content_hash": content_hash,
                "previous_hash": previous_hash,
            }
        )
    )


def link_hash(entry) -> str:
    """The hash an entry (a ChainEntry or a manifest row with the same names) should carry."""
    return entry_hash(
        position=entry.position,
        kind=entry.kind,
        object_id=entry.object_id,
        chained_at=entry.chained_at,
        content_hash=entry.content_hash,
        previous_hash=entry.previous_hash,
    )


def records_of(case: Case) -> dict[str, dict[int, object]]:
    """Every chained record of the case, by kind and id: what verify holds the chain against."""
    return {
        kind: {r.pk: r for r in model.objects.filter(**{case_path(model): case})}
        for kind, model in KINDS.items()
    }


_deferred: contextvars.ContextVar[list | None] = contextvars.ContextVar("chain_deferred", default=None)


@contextlib.contextmanager
def deferred():
    """Only for the demo's invented history, whose records are back-dated just after
    they are saved: appends are held and made, in the same order, when the block
    ends (inside the same transaction), so each record is hashed as it finally
    stands. Real records are always hashed as they are saved."""
    held: list = []
    token = _deferred.set(held)
    try:
        yield
    finally:
        _deferred.reset(token)
    for origin, case, kind, record in held:
        append(origin=origin, case=case, kind=kind, record=record)


def append(*, origin: Origin, case: Case, kind: str, record) -> ChainEntry | None:
    """Add a record to its case's chain. Call inside the transaction that saves it,
    and after saving (a versioned record: after each change)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Chain entries are written inside the transaction of the record they cover.")
    model = KINDS[kind]
    if not isinstance(record, model):
        raise TypeError(f"A {type(record).__name__} is not chained as {kind!r}.")
    held = _deferred.get()
    if held is not None:
        held.append((origin, case, kind, record))
        return None
    # One writer per case at a time, so two appends never take the same position.
    # (SQLite's IMMEDIATE transactions already serialise; PostgreSQL needs the row lock.)
    # The case's row is locked before the audit chain's (record_event below), as in
    # every service that locks the case first; services chain before they audit.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    last = ChainEntry.objects.filter(case=case).order_by("-position").first()
    stored = model.objects.get(pk=record.pk)  # hash what the database holds, not the object in hand
    fields = {
        "position": last.position + 1 if last else 1,
        "kind": kind,
        "object_id": record.pk,
        "chained_at": timezone.now(),
        "content_hash": content_hash(kind, stored),
        "previous_hash": last.entry_hash if last else GENESIS,
    }
    entry = ChainEntry.objects.create(case=case, entry_hash=entry_hash(**fields), **fields)
    anchor = record_event(
        origin=origin,
        action="chain.appended",
        obj=entry,
        case=case,
        position=entry.position,
        entry_hash=entry.entry_hash,
    )
    # Outside the database: this chain's new head, and the audit chain's with it.
    headlog.append_after_commit(f"case-{case.pk}", entry.position, entry.entry_hash)
    headlog.append_after_commit(anchor.chain, anchor.position, anchor.entry_hash)
    return entry


def head_hash(case: Case) -> str:
    """The last entry's hash: what a pack prints and the API reports as the chain head."""
    last = ChainEntry.objects.filter(case=case).order_by("-position").first()
    return last.entry_hash if last else GENESIS


def erase_chained(case: Case) -> tuple[int, str]:
    """For the retention schedule's erasure of a whole closed case (retention/erasure.py):
    call inside the erasure's transaction, before its records are deleted, and keep
    what it returns — the chain's length and head hash — in the erasure record
    (retention.CaseErasure: chain_length, chain_head, reached from the case as
    `case.erasure`).

    The chain's entries and the audit events stay: they hold no content (positions,
    kinds, record ids, times, hashes), the database refuses their deletion, and
    keeping them keeps the chain and audit trail checkable link by link. `harbour
    verify` then reports the case as erased — entries 1..length whose records are
    gone are explained by the erasure record, not reported as tampering — and
    still reports any break in the links, a head that differs from the one kept
    here, or a record missing after the erasure point. The erasure point is also
    written to the head log."""
    last = ChainEntry.objects.filter(case=case).order_by("-position").first()
    length, head = (last.position, last.entry_hash) if last else (0, GENESIS)
    headlog.append_after_commit(f"case-{case.pk}", length, head, erased=True)
    return length, head
