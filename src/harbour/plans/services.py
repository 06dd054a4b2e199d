import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus
from harbour.plans.areas import AREAS
from harbour.plans.models import Meeting


@transaction.atomic
def record_meeting(
    *, origin: Origin, case: Case, held_on: datetime.date, areas: dict, next_meeting_on: datetime.date
) -> Meeting:
    errors = {}
    if case.status == CaseStatus.CLOSED:
        errors["__all__"] = "This case is closed. Reopen it before recording a meeting."
    if held_on > timezone.localdate():
        errors["held_on"] = "The meeting date must be today or in the past."
    if next_meeting_on <= held_on:
        errors["next_meeting_on"] = "The next meeting must be after this one."
    if errors:
        raise ValidationError(errors)
    cleaned = {
        area.code: {
            "covered": bool(areas.get(area.code, {}).get("covered")),
            "notes": (areas.get(area.code, {}).get("notes") or "").strip(),
        }
        for area in AREAS
    }
    meeting = Meeting.objects.create(
        case=case, held_on=held_on, areas=cleaned, next_meeting_on=next_meeting_on, recorded_by=origin.user
    )
    record_event(
        origin=origin,
        action="meeting.recorded",
        obj=meeting,
        case=case,
        covered=sorted(code for code, answer in cleaned.items() if answer["covered"]),
    )
    return meeting
