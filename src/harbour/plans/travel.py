"""The employee's travel arrangement (the plan's travel section, in their words):
emergency contacts and how they check in. Each save is a new row with its audit
event in the same transaction; the newest row is current, older rows are its
history. Who may read or write it is harbour.access's to say."""

from django.core.exceptions import ValidationError
from django.db import transaction

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus
from harbour.plans.models import TravelArrangement
from harbour.schools.helplines import is_phone

FIELDS = (
    "contact_name",
    "contact_relationship",
    "contact_phone",
    "second_contact_name",
    "second_contact_relationship",
    "second_contact_phone",
    "check_in_with",
    "check_in_when",
    "if_no_check_in",
    "shared_with_case_team",
)
HISTORY_SHOWN = 10
MISSING_NAME = "Enter the name of someone to contact in an emergency."
MISSING_PHONE = "Enter their telephone number."


def limit(name: str) -> int:
    return TravelArrangement._meta.get_field(name).max_length


def problems(values: dict) -> dict[str, str]:
    """What is wrong with an arrangement as typed, field by field (empty: nothing)."""
    errors = {}
    if not values.get("contact_name"):
        errors["contact_name"] = MISSING_NAME
    if not values.get("contact_phone"):
        errors["contact_phone"] = MISSING_PHONE
    elif not is_phone(values["contact_phone"]):
        errors["contact_phone"] = "Enter a telephone number, like 07700 900123 or +44 7700 900123."
    second_phone = values.get("second_contact_phone", "")
    if second_phone and not is_phone(second_phone):
        errors["second_contact_phone"] = "Enter a telephone number, like 07700 900123 or +44 7700 900123."
    if values.get("second_contact_name") and not second_phone:
        errors["second_contact_phone"] = "Enter the second contact's telephone number, or leave both empty."
    if second_phone and not values.get("second_contact_name"):
        errors["second_contact_name"] = "Enter the second contact's name, or leave both empty."
    if (values.get("check_in_when") or values.get("if_no_check_in")) and not values.get("check_in_with"):
        errors["check_in_with"] = "Enter who you check in with."
    for name in FIELDS:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit(name):
            errors[name] = f"Use {limit(name)} characters or fewer."
    return errors


def current(case: Case) -> TravelArrangement | None:
    return case.travel_arrangements.select_related("recorded_by").first()


def history(case: Case, shown: int = HISTORY_SHOWN) -> list[TravelArrangement]:
    """The newest rows first, the current one included (one query, indexed on case)."""
    return list(case.travel_arrangements.select_related("recorded_by")[:shown])


@transaction.atomic
def record(*, origin: Origin, case: Case, values: dict) -> TravelArrangement:
    """Save the arrangement as it now stands: a new row, never an overwrite."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed, so its plan can no longer be changed."})
    cleaned = {
        name: (values.get(name) or "").strip() if name != "shared_with_case_team" else bool(values.get(name))
        for name in FIELDS
    }
    errors = problems(cleaned)
    if errors:
        raise ValidationError(errors)
    before = current(case)
    arrangement = TravelArrangement.objects.create(case=case, recorded_by=origin.user, **cleaned)
    changed = [name for name in FIELDS if before is None or getattr(before, name) != cleaned[name]]
    # The audit says which fields changed, never the names or numbers themselves.
    record_event(
        origin=origin,
        action="travel_arrangement.recorded",
        obj=arrangement,
        case=case,
        fields=changed,
        amends=before.pk if before else None,
    )
    return arrangement
