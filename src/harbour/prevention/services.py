import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.prevention.models import CHECKLIST_ITEMS, CheckIn, Concern, OnlineSafetyCheck
from harbour.schools.models import StaffMember

# How long before the employee is reminded to look at their online presence again.
REVISIT_AFTER = datetime.timedelta(days=182)


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date must be today or in the past."})


@transaction.atomic
def record_check_in(
    *, origin: Origin, employee: StaffMember, held_on: datetime.date, concern: str, notes: str = ""
) -> CheckIn:
    if concern not in Concern.values:
        raise ValidationError({"concern": "Say whether any behaviour is causing concern."})
    _not_in_future(held_on, "held_on")
    check_in = CheckIn.objects.create(
        employee=employee,
        school_id=employee.school_id,
        held_on=held_on,
        concern=concern,
        notes=notes.strip(),
        recorded_by=origin.user,
    )
    record_event(
        origin=origin, action="check_in.recorded", obj=check_in, school=employee.school, concern=concern
    )
    return check_in


@transaction.atomic
def complete_online_check(
    *, origin: Origin, employee: StaffMember, completed_on: datetime.date, items: list[str]
) -> OnlineSafetyCheck:
    known = {code for code, _ in CHECKLIST_ITEMS}
    if set(items) - known:
        raise ValidationError({"items": "Choose items from the list."})
    _not_in_future(completed_on, "completed_on")
    check = OnlineSafetyCheck.objects.create(
        employee=employee,
        completed_on=completed_on,
        items=sorted(set(items)),
        revisit_on=completed_on + REVISIT_AFTER,
    )
    record_event(origin=origin, action="online_check.completed", obj=check, school=employee.school)
    return check
