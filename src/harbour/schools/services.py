"""Writes to the staff directory and school settings, each audited in its transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction

from harbour.audit.services import Origin, record_event
from harbour.risk import state as risk_state
from harbour.schools.models import Role, RoleAssignment, School, StaffMember


@transaction.atomic
def save_staff(
    *, origin: Origin, school: School, values: dict, staff: StaffMember | None = None
) -> StaffMember:
    # The school's row lock, as the staff import takes it: a hand edit and an
    # import's confirm run one after the other, so the confirm's check that the
    # directory is as previewed (read under this lock) cannot miss this edit.
    School.objects.select_for_update().only("pk").get(pk=school.pk)
    created = staff is None
    staff = staff or StaffMember(school=school)
    edited = ("full_name", "job_title", "email", "is_active")
    for name in edited:
        setattr(staff, name, values[name])
    # Only what the form edits: the rest of `staff` (its line manager) was read
    # before the lock and may have been changed by an import since.
    staff.save(update_fields=None if created else edited)
    roles = set(values.get("roles") or []) | {Role.EMPLOYEE}
    current = set(staff.roles.values_list("role", flat=True))
    staff.roles.exclude(role__in=roles).delete()
    RoleAssignment.objects.bulk_create([RoleAssignment(staff=staff, role=role) for role in roles - current])
    record_event(
        origin=origin,
        action="staff.created" if created else "staff.updated",
        obj=staff,
        school=school,
        roles_added=sorted(roles - current),
        roles_removed=sorted(current - roles),
    )
    return staff


@transaction.atomic
def save_school_settings(*, origin: Origin, form) -> School:
    school = form.save()
    if {"escalation_window_days", "conduct_gap_days"} & set(form.changed_data):
        risk_state.refresh_school(school)
    record_event(
        origin=origin, action="school.settings_changed", obj=school, school=school, fields=form.changed_data
    )
    return school


@transaction.atomic
def create_sign_in(*, origin: Origin, staff: StaffMember, username: str, password: str):
    """Give a staff member a sign-in (used by the demo and by administrators' tooling)."""
    user = get_user_model().objects.create_user(username=username, email=staff.email, password=password)
    staff.user = user
    staff.save(update_fields=["user"])
    record_event(origin=origin, action="staff.sign_in_created", obj=staff, school=staff.school)
    return user
