"""Reads for onboarding. Callers pass the school harbour.access allowed."""

from harbour.onboarding.plan import Current
from harbour.schools.models import RoleAssignment, StaffMember


def current_staff(school) -> list[Current]:
    """The school's whole staff directory as the plan reads it: two queries,
    whatever its size."""
    roles: dict[int, set[str]] = {}
    for staff_id, role in RoleAssignment.objects.filter(staff__school=school).values_list("staff_id", "role"):
        roles.setdefault(staff_id, set()).add(role)
    fields = ("id", "full_name", "email", "job_title", "is_active", "line_manager_id")
    return [
        Current(**dict(zip(fields, values, strict=True)), roles=frozenset(roles.get(values[0], ())))
        for values in StaffMember.objects.filter(school=school).order_by("id").values_list(*fields)
    ]


def importer_staff_id(user, school) -> int | None:
    return StaffMember.objects.filter(user=user, school=school).values_list("id", flat=True).first()
