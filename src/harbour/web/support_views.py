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
from harbour.observations import selectors as observation_selectors
from harbour.web import timeline
from harbour.web.pagination import paginate
from harbour.web.support import support_resources


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
        case.can_record_travel = access.can_record_travel(request.user, case)
    events, more_events = timeline.preview(request.user, cases)
    waiting = observation_selectors.awaiting_count(access.observations_about(request.user))
    return render(
        request,
        "web/your_support.html",
        {
            "cases": cases,
            "has_staff_record": bool(access.roles_by_school(request.user)),
            "diary_count": diary.count(),
            "unshared_count": diary.filter(shared_at__isnull=True).count(),
            "closed": CaseStatus.CLOSED,
            "events": events,
            "more_events": more_events,
            "several_cases": len(cases) > 1,
            "resources": support_resources(request.user),
            "observations_waiting": waiting,
        },
    )


@login_required
def support_timeline(request):
    """Everything the school has done on the employee's cases, a page at a time."""
    cases = list(access.employee_cases(request.user).order_by("pk"))
    page = paginate(request, timeline.rows(request.user, cases), per_page=timeline.PAGE, noun="events")
    if cases:
        services.record_list_view(origin=Origin.from_request(request), cases=cases, action="timeline.viewed")
    return render(
        request,
        "web/support_timeline.html",
        {
            "events": timeline.events(page.object_list),
            "page": page,
            "several_cases": len(cases) > 1,
            "cases": cases,
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
