"""The per-case hash chain that makes the record tamper-evident.

Every incident, amendment, piece of evidence and CCTV preservation request is
appended, in the transaction that saves it, as a ChainEntry:

    content_hash = SHA-256 of the record's hashed fields as canonical JSON
    entry_hash   = SHA-256 of canonical JSON {position, kind, object_id,
                   chained_at, content_hash, previous_hash}

so changing a record changes its content hash, and changing, removing or
re-ordering an entry breaks every link after it. Each append is also written to
the append-only audit trail with its position and hash, which is how a deleted
last entry is noticed. verify.py recomputes all of it.
"""

import datetime
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, Incident, IncidentAmendment
from harbour.evidence.models import CctvPreservationRequest, ChainEntry, EvidenceItem

GENESIS = "0" * 64

# The fields each kind of record is hashed on. Fixed per kind: a new column does
# not join an existing kind's hash, so records chained earlier still verify.
HASHED_FIELDS = {
    "incident": (
        Incident,
        (
            "id", "case_id", "employee_id", "person_id", "occurred_on", "occurred_time",
            "time_is_approximate", "recorded_at", "recorded_by_id", "location", "location_detail",
            "channel", "behaviours", "account", "person_description", "clothing", "vehicle",
            "witnesses", "impacts", "impact_detail", "others_told", "reported_to_police",
            "crime_reference", "police_officer", "action_taken", "shared_at", "contact_after_restriction",
        ),
    ),
    "amendment": (IncidentAmendment, ("id", "incident_id", "at", "by_id", "reason", "changes")),
    "evidence": (
        EvidenceItem,
        (
            "id", "case_id", "incident_id", "kind", "description", "held_where", "held_detail",
            "added_at", "added_by_id", "original_name", "content_type", "size", "sha256", "scan_result",
        ),
    ),
    "cctv": (
        CctvPreservationRequest,
        (
            "id", "case_id", "incident_id", "requested_by_name", "requested_of", "requested_on",
            "footage_from", "footage_to", "overwritten_on", "kept_where", "policy_covers_use",
            "policy_confirmed_by", "recorded_at", "recorded_by_id",
        ),
    ),
}  # fmt: skip

KIND_LABELS = {
    "incident": "Incident",
    "amendment": "Correction",
    "evidence": "Evidence",
    "cctv": "CCTV preservation request",
}


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def canonical(values: dict) -> bytes:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_of(kind: str, record) -> dict:
    _, fields = HASHED_FIELDS[kind]
    return {name: plain(getattr(record, name)) for name in fields}


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


def append(*, origin: Origin, case: Case, kind: str, record) -> ChainEntry:
    """Add a record to its case's chain. Call inside the transaction that saves it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Chain entries are written inside the transaction of the record they cover.")
    model, _ = HASHED_FIELDS[kind]
    # One writer per case at a time, so two appends never take the same position.
    # (SQLite's IMMEDIATE transactions already serialise; PostgreSQL needs the row lock.)
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
    record_event(
        origin=origin,
        action="chain.appended",
        obj=entry,
        case=case,
        position=entry.position,
        entry_hash=entry.entry_hash,
    )
    return entry


def head_hash(case: Case) -> str:
    """The last entry's hash: what a pack prints and the API reports as the chain head."""
    last = ChainEntry.objects.filter(case=case).order_by("-position").first()
    return last.entry_hash if last else GENESIS
