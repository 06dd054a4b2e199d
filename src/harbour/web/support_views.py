"""The employee's own view ("Your support") and the notices colleagues are
allowed to see. Both take everything they show from harbour.access."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services
from harbour.cases.models import CaseStatus, CircleRole


@login_required
def your_support(request):
    """Everything that is the employee's own: their cases with the plan, their
    choices and who has opened them, and their private diary."""
    cases = list(
        access.involved_cases(request.user)
        .filter(members__staff__user=request.user, members__role=CircleRole.EMPLOYEE)
        .select_related("owner", "school")
        .distinct()
        .order_by("status", "-opened_at")
    )
    services.record_list_view(origin=Origin.from_request(request), cases=cases)
    diary = access.own_diary(request.user)
    return render(
        request,
        "web/your_support.html",
        {
            "cases": cases,
            "has_staff_record": bool(access.roles_by_school(request.user)),
            "diary_count": diary.count(),
            "unshared_count": diary.filter(shared_at__isnull=True).count(),
            "closed": CaseStatus.CLOSED,
        },
    )


@login_required
def notices(request):
    """What colleagues are asked to do, as each employee chose: never the case."""
    cases = list(
        access.notice_cases(request.user)
        .prefetch_related("members__staff")
        .select_related("school")
        .order_by("school__name", "id")
    )
    rows = [
        {
            "employees": [m.staff.full_name for m in case.members.all() if m.role == CircleRole.EMPLOYEE],
            "school": case.school.name,
            "instruction": case.front_desk_instruction
            if access.sees_front_desk_instructions(request.user, case)
            else "",
        }
        for case in cases
    ]
    return render(request, "web/notices.html", {"rows": rows})
