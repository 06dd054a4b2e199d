"""A school's retention schedule: its own period for a kind of record, or the default."""

from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.retention.models import DEFAULT_MONTHS, KEPT_FROM, RecordKind, RetentionPeriod


def periods_of(school) -> dict[str, int]:
    own = dict(RetentionPeriod.objects.filter(school=school).values_list("kind", "months"))
    return {kind: own.get(kind, DEFAULT_MONTHS[kind]) for kind in RecordKind.values}


def periods_by_school(school_ids) -> dict[int, dict[str, int]]:
    """Every school's schedule in one query."""
    schedule = {school_id: {k: DEFAULT_MONTHS[k] for k in RecordKind.values} for school_id in school_ids}
    for school_id, kind, months in RetentionPeriod.objects.filter(school_id__in=list(schedule)).values_list(
        "school_id", "kind", "months"
    ):
        schedule[school_id][kind] = months
    return schedule


def rows_of(school) -> list[dict]:
    """The schedule as a page or the API shows it."""
    periods = periods_of(school)
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "months": periods[kind],
            "default_months": DEFAULT_MONTHS[kind],
            "kept_from": KEPT_FROM[kind],
        }
        for kind in RecordKind
    ]


@transaction.atomic
def set_periods(*, origin: Origin, school, months: dict[str, int]) -> list[str]:
    """Save the school's periods; returns the kinds that changed. A period equal
    to the default is stored too, so a later change of default does not move it."""
    current = periods_of(school)
    changed = [kind for kind in RecordKind.values if kind in months and months[kind] != current[kind]]
    for kind in changed:
        period = RetentionPeriod(school=school, kind=kind, months=months[kind], changed_by=origin.user)
        period.full_clean(exclude=["school", "changed_by"], validate_unique=False)
        RetentionPeriod.objects.update_or_create(
            school=school,
            kind=kind,
            defaults={"months": months[kind], "changed_by": origin.user, "changed_at": timezone.now()},
        )
    if changed:
        record_event(
            origin=origin,
            action="retention.schedule_changed",
            school=school,
            changes={kind: {"from": current[kind], "to": months[kind]} for kind in changed},
        )
    return changed
