"""Reads of the staff directory. Callers pass the schools harbour.access allows."""

from django.db.models import Prefetch

from harbour.schools.models import RoleAssignment, StaffMember


def staff_list(schools, *, query: str = "", school_id: int | None = None):
    """Staff of these schools, by school then name, the id breaking ties so a page
    never repeats a row; `query` matches a name or a job title."""
    staff = StaffMember.objects.filter(school__in=schools)
    if school_id:
        staff = staff.filter(school_id=school_id)
    query = query.strip()
    if query:
        staff = staff.filter(full_name__icontains=query) | staff.filter(job_title__icontains=query)
    return (
        staff.select_related("school", "user")
        .prefetch_related(Prefetch("roles", queryset=RoleAssignment.objects.order_by("role")))
        .order_by("school__name", "full_name", "id")
    )
