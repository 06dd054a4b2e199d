"""Writing audit events. Call `record_event` inside the transaction of the change
it describes, so the two land together or not at all."""

import ipaddress
import json
from dataclasses import dataclass

from django.db import transaction

from harbour.audit import chain
from harbour.audit.models import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where a request came from: the signed-in user, their address and the channel."""

    user: object
    ip_address: str | None = None
    via: str = "web"

    @classmethod
    def from_request(cls, request, via: str = "web") -> "Origin":
        # The peer's address, or behind a trusted proxy the client's it forwarded
        # (client_address.py): a forwarded header from anyone else is not a fact.
        from harbour.client_address import client_address

        return cls(user=request.user, ip_address=client_address(request), via=via)


def record_event(*, origin: Origin, action: str, obj=None, case=None, school=None, **detail) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of the change they record.")
    user = origin.user if getattr(origin.user, "is_authenticated", False) else None
    school = school or (case.school if case is not None else None)
    event = AuditEvent(
        actor=user,
        action=action,
        case=case,
        school=school,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=origin.ip_address,
        via=origin.via,
        detail=detail,
        chain=chain.chain_of(
            school.pk if school is not None else None, user.pk if user is not None else None
        ),
    )
    chain.lock(event.chain)
    last_position, event.previous_hash = chain.last_of(AuditEvent, event.chain)
    event.position = last_position + 1
    # Stored as the database gives it back, so the hash is over what verify will read.
    event.detail = json.loads(json.dumps(detail))
    if event.ip_address:
        event.ip_address = ipaddress.ip_address(event.ip_address).compressed
    event.entry_hash = chain.hash_of(event)
    event.save()
    return event
