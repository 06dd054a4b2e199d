"""Writing audit events. Call `record_event` inside the transaction of the change
it describes, so the two land together or not at all."""

from dataclasses import dataclass

from django.db import transaction

from harbour.audit.models import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where a request came from: the signed-in user, their address and the channel."""

    user: object
    ip_address: str | None = None
    via: str = "web"

    @classmethod
    def from_request(cls, request, via: str = "web") -> "Origin":
        # REMOTE_ADDR only: a forwarded header is the client's word, not a fact.
        return cls(user=request.user, ip_address=request.META.get("REMOTE_ADDR") or None, via=via)


def record_event(*, origin: Origin, action: str, obj=None, case=None, school=None, **detail) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of the change they record.")
    user = origin.user if getattr(origin.user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        case=case,
        school=school or (case.school if case is not None else None),
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=origin.ip_address,
        via=origin.via,
        detail=detail,
    )
