"""Recording a pass of the awareness module: one transaction with its audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.awareness import content, rules
from harbour.awareness.models import AwarenessCompletion
from harbour.schools.models import StaffMember


@transaction.atomic
def submit_answers(
    *, origin: Origin, staff: list[StaffMember], answers: dict[str, str], on: datetime.date | None = None
) -> tuple[rules.Marked, list[AwarenessCompletion]]:
    """Mark the answers; on a pass, add a completion for each of the person's
    active staff records (one person may work in two schools) with an audit event
    each. A wrong or missing answer records nothing: the answers are never kept."""
    unknown = set(answers) - set(content.QUESTION_CODES)
    if unknown:
        raise ValidationError({"answers": "Answer only the module's questions."})
    for code, answer in answers.items():
        if answer and answer not in {option for option, _ in content.BY_CODE[code].options}:
            raise ValidationError({code: "Choose one of the answers given."})
    if not staff:
        raise ValidationError({"answers": "Only a member of a school's staff can take the module."})
    marked = rules.mark(answers, content.CORRECT)
    if not marked.passed:
        return marked, []
    today = on or timezone.localdate()
    completions = []
    for record in staff:
        completion = AwarenessCompletion.objects.create(
            staff=record, school_id=record.school_id, completed_on=today, module_version=content.VERSION
        )
        record_event(
            origin=origin,
            action="awareness.completed",
            obj=completion,
            school=record.school,
            module_version=content.VERSION,
        )
        completions.append(completion)
    return marked, completions


@transaction.atomic
def set_renewal_months(*, origin: Origin, school, months: int):
    """The school's renewal period over the API (the settings page saves it with
    the school's other settings, schools.services.save_school_settings)."""
    field = type(school)._meta.get_field("awareness_renewal_months")
    school.awareness_renewal_months = months
    try:
        field.run_validators(months)
    except ValidationError as error:
        raise ValidationError({"renewal_months": error.messages}) from None
    school.save(update_fields=["awareness_renewal_months"])
    record_event(
        origin=origin,
        action="school.settings_changed",
        obj=school,
        school=school,
        fields=["awareness_renewal_months"],
    )
    return school
