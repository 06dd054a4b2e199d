"""Placing and lifting a legal hold. The case row is locked first, the same
lock the erasure takes, so a hold placed while `apply-retention` runs either
lands before the erasure looks (and stops it) or finds the case already erased."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case
from harbour.retention.models import CaseErasure, LegalHold


def hold_in_place(case) -> LegalHold | None:
    return LegalHold.objects.filter(case=case, lifted_at__isnull=True).first()


def _reason(reason: str, field: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Say why, for example the claim or investigation it is for."})
    if len(reason) > 500:
        raise ValidationError({field: "Keep the reason to 500 characters or fewer."})
    return reason


@transaction.atomic
def place_hold(*, origin: Origin, case: Case, reason: str) -> LegalHold:
    reason = _reason(reason, "reason")
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    if CaseErasure.objects.filter(case=case).exists():
        raise ValidationError({"reason": "This case's record has already been erased."})
    if hold_in_place(case) is not None:
        raise ValidationError({"reason": "A legal hold is already in place on this case."})
    hold = LegalHold.objects.create(case=case, reason=reason, placed_by=origin.user)
    record_event(origin=origin, action="retention.hold_placed", obj=hold, case=case)
    return hold


@transaction.atomic
def lift_hold(*, origin: Origin, case: Case, reason: str) -> LegalHold:
    reason = _reason(reason, "lift_reason")
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    hold = hold_in_place(case)
    if hold is None:
        raise ValidationError({"lift_reason": "There is no legal hold in place on this case."})
    hold.lifted_at = timezone.now()
    hold.lifted_by = origin.user
    hold.lift_reason = reason
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record_event(origin=origin, action="retention.hold_lifted", obj=hold, case=case)
    return hold
