"""The employee's own view ("Your support") and the notices colleagues are
allowed to see. Both take everything they show from harbour.access."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services
from harbour.cases.models import CaseStatus
from harbour.cases.notices import notice_cases, notices_from
from harbour.evidence import selectors as evidence_selectors
from harbour.web.pagination import paginate


@login_required
def your_support(request):
    """Everything that is the employee's own: their cases with the plan, their
    choices and who has opened them, and their private diary."""
    cases = list(
        access.employee_cases(request.user).select_related("owner", "school").order_by("status", "-opened_at")
    )
    services.record_list_view(origin=Origin.from_request(request), cases=cases)
    diary = access.own_diary(request.user)
    packs = evidence_selectors.packs_made_for(cases)
    for case in cases:
        case.packs_made = packs.get(case.pk, [])
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


NOTICES_PAGE = 25


@login_required
def notices(request):
    """What colleagues are asked to do, as each employee chose: never the case."""
    page = paginate(request, notice_cases(request.user), per_page=NOTICES_PAGE, noun="notices")
    return render(
        request, "web/notices.html", {"rows": notices_from(request.user, page.object_list), "page": page}
    )
