"""Writing the school's support resources for staff: employee assistance and the
helplines shown on "Your support", in one transaction with its audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction

from harbour.audit.services import Origin, record_event
from harbour.schools import helplines
from harbour.schools.models import School

ASSISTANCE_FIELDS = (
    "employee_assistance_name",
    "employee_assistance_phone",
    "employee_assistance_url",
    "employee_assistance_about",
)
LINE_FIELDS = ("name", "phone", "url", "about")


def blank(line: dict) -> bool:
    return not any((line.get(name) or "").strip() for name in LINE_FIELDS)


def problems(values: dict) -> dict[str, str]:
    """Field-keyed messages ("local_helplines.0.phone" for a line's field)."""
    errors = {}
    phone = values.get("employee_assistance_phone") or ""
    if phone and not helplines.is_phone(phone):
        errors["employee_assistance_phone"] = "Enter a telephone number, like 0800 123 4567."
    url = values.get("employee_assistance_url") or ""
    if url and not helplines.is_web_address(url):
        errors["employee_assistance_url"] = "Enter a full web address, starting https://"
    if (phone or url) and not values.get("employee_assistance_name"):
        errors["employee_assistance_name"] = "Enter the name of the employee assistance service."
    for (index, name), message in helplines.line_problems(values.get("local_helplines") or []).items():
        errors[f"local_helplines.{index}.{name}"] = message
    return errors


@transaction.atomic
def save_support_resources(*, origin: Origin, school: School, values: dict) -> School:
    cleaned = {name: (values.get(name) or "").strip() for name in ASSISTANCE_FIELDS}
    cleaned["show_national_helplines"] = bool(values.get("show_national_helplines"))
    cleaned["local_helplines"] = [
        {name: (line.get(name) or "").strip() for name in LINE_FIELDS}
        for line in values.get("local_helplines") or []
        if not blank(line)
    ]
    errors = problems(cleaned)
    if errors:
        raise ValidationError(errors)
    school = School.objects.select_for_update().get(pk=school.pk)
    changed = [name for name, value in cleaned.items() if getattr(school, name) != value]
    for name, value in cleaned.items():
        setattr(school, name, value)
    school.full_clean(validate_unique=False, validate_constraints=False)
    school.save(update_fields=list(cleaned))
    record_event(
        origin=origin, action="school.support_resources_changed", obj=school, school=school, fields=changed
    )
    return school
