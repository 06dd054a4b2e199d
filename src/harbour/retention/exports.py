"""Producing a subject access export: built (reading only), then audited — who,
for whom, which kind. Nothing of the content is logged."""

from django.db import transaction
from django.http import Http404

from harbour.audit.services import Origin, record_event
from harbour.retention import subject_access
from harbour.schools.models import StaffMember


def employee_zip(*, origin: Origin) -> bytes:
    """The signed-in person's own export, from every staff record of theirs."""
    staff = list(
        StaffMember.objects.filter(user=origin.user)
        .select_related("school")
        .prefetch_related("roles")
        .order_by("-is_active", "pk")
    )
    if not staff:
        raise Http404("No staff record")
    data = subject_access.zip_of(subject_access.employee_export(staff))
    with transaction.atomic():
        record_event(
            origin=origin,
            action="subject_access.exported",
            obj=staff[0],
            school=staff[0].school,
            subject="employee",
        )
    return data


def person_zip(*, origin: Origin, person) -> bytes:
    data = subject_access.zip_of(subject_access.person_export(person))
    with transaction.atomic():
        record_event(
            origin=origin,
            action="subject_access.exported",
            obj=person,
            school=person.school,
            subject="person_of_concern",
        )
    return data
