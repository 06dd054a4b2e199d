"""Case pages: the list, opening a case, the case page, status and circle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit import selectors as audit_selectors
from harbour.audit.services import Origin
from harbour.cases import filters, presenters, selectors, services
from harbour.cases.forms import CircleForm, OpenCaseForm, StatusForm, apply_service_errors
from harbour.orders import selectors as orders_selectors
from harbour.risk import chart, levels, patterns
from harbour.risk import selectors as risk_selectors
from harbour.risk import state as risk_state
from harbour.schools.models import StaffMember
from harbour.web import errors
from harbour.web.pagination import paginate
from harbour.web.query import school_choices

# Cases on one page of the list; the champion's shared cases page apart.
CASES_PAGE = 25


@login_required
def case_list(request):
    schools = list(access.roles_by_school(request.user))
    chosen = filters.from_query(request.GET, schools)
    page = paginate(request, filters.cases_for(request.user, chosen), per_page=CASES_PAGE, noun="cases")
    cases = selectors.case_rows(page.object_list)
    # Cases a Workplace Champion was given only the summary and plan of: listed
    # apart, without the record's columns (people, incidents).
    supported = paginate(
        request,
        filters.shared_cases_for(request.user, chosen),
        per_page=CASES_PAGE,
        noun="cases",
        param="shared_page",
    )
    # What the person saw: the rows of the pages shown, not every case that matched.
    services.record_list_view(origin=Origin.from_request(request), cases=[*cases, *supported.object_list])
    return render(
        request,
        "cases/case_list.html",
        {
            "cases": cases,
            "page": page,
            "supported": supported,
            "filters": chosen,
            "reference_errors": [{"text": chosen.reference_error, "href": "#reference"}],
            "statuses": filters.STATUS_CHOICES,
            "schools": school_choices(schools),
            "can_open": access.can_open_case(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request):
    schools = access.schools_for_new_case(request.user)
    if not schools.exists():
        raise Http404("No such page")
    staff = list(StaffMember.objects.filter(school__in=schools, is_active=True).select_related("school"))
    people = list(access.visible_people(request.user).filter(school__in=schools))
    own = access.own_staff(request.user).filter(school__in=schools).first()
    # A check-in that raised a concern links here with the employee already chosen.
    initial = {"employee": request.GET["employee"]} if request.GET.get("employee", "").isdigit() else {}
    form = OpenCaseForm(
        request.POST or None,
        staff=staff,
        people=people,
        own_staff_id=own.pk if own else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        by_id = {s.pk: s for s in staff}
        employee = by_id[form.cleaned_data["employee"]]
        person = next((p for p in people if p.pk == form.cleaned_data["person"]), None)
        try:
            case = services.open_case(
                origin=Origin.from_request(request),
                school=employee.school,
                owner=by_id[form.cleaned_data["owner"]],
                employees=[employee],
                people=[person] if person else [],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cases/case_open.html", {"form": form})


# Incidents shown in full on one page of the case page's chronology, and linked
# from each course of conduct (the latest; the evidence pack lists them all).
CHRONOLOGY_PAGE = 10
CONDUCT_LINKS = 10


@login_required
def case_detail(request, case_id):
    case = access.get_case(request.user, case_id, part=access.SUMMARY, related=("risk_state",))
    services.record_view(origin=Origin.from_request(request), case=case)
    sees_record = access.RECORD in case.parts
    context = {
        "case": case,
        "sees_record": sees_record,
        "sees_plan": access.PLAN in case.parts,
        "can_manage": access.can_manage_case(request.user, case),
        "can_record": access.can_record_incident(request.user, case),
        "can_see_log": access.can_see_access_log(request.user, case),
        "can_change_circle": access.can_change_circle(request.user, case),
        "can_set_choices": access.can_set_confidentiality(request.user, case),
    }
    if not sees_record:
        context["employees"] = selectors.employees_of(case)
        return render(request, "cases/case_detail.html", context)
    # Everything the rules say comes from the kept digest; only one page of the
    # chronology is read in full.
    digest = risk_state.digest_of(case)
    page = paginate(request, list(reversed(digest.facts)), per_page=CHRONOLOGY_PAGE)
    view = selectors.case_page(case, digest.facts, [fact.pk for fact in page.object_list])
    risk = risk_selectors.risk_view(case, conduct=view.conduct, digest=digest)
    context.update(
        employees=view.employees,
        view=view,
        timeline=presenters.timeline(view.shown, view.names),
        chronology_page=page,
        meetings=case.meetings.all(),
        risk=risk,
        risk_names={
            "current": levels.NAMES.get(risk.current, ""),
            "proposed": levels.NAMES[risk.proposed],
        },
        open_signals=risk.open_signals,
        risk_reasons=risk_selectors.reason_rows(risk),
        can_assess=access.can_assess_risk(request.user, case),
        can_restrict=access.can_restrict(request.user, case),
        several_staff=patterns.patterns_for(case, people=view.people, members=view.members),
        # Every restriction is one of the kept state's warnings, as every order is.
        restrictions=list(case.restrictions.select_related("person")) if digest.has_restrictions else [],
        # The kept state lists every order as a warning: most cases have none, and
        # then the orders' query (a join the planner pays for) is not asked at all.
        case_orders=orders_selectors.case_orders(case) if digest.has_orders else [],
        can_record_order=access.can_record_order(request.user, case),
        chart=chart.svg(risk.facts),
        chart_months=chart.month_rows(risk.facts),
        **presenters.present_conduct(view, limit=CONDUCT_LINKS),
    )
    return render(request, "cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_status(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        return errors.forbidden(request)
    form = StatusForm(request.POST or None, initial={"status": case.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_case_status(
                origin=Origin.from_request(request),
                case=case,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} is now {case.get_status_display().lower()}.")
            return redirect("case-detail", case_id=case.pk)
    history = case.status_changes.select_related("by")
    return render(request, "cases/case_status.html", {"case": case, "form": form, "history": history})


@login_required
@require_http_methods(["GET", "POST"])
def case_circle(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_change_circle(request.user, case):
        return errors.forbidden(request)
    members = list(case.members.select_related("staff", "added_by"))
    in_circle = {m.staff_id for m in members} | {case.owner_id}
    candidates = [
        s for s in StaffMember.objects.filter(school=case.school, is_active=True) if s.pk not in in_circle
    ]
    form = CircleForm(request.POST or None, staff=candidates)
    if request.method == "POST" and form.is_valid():
        staff = next(s for s in candidates if s.pk == form.cleaned_data["staff"])
        try:
            services.add_to_circle(
                origin=Origin.from_request(request), case=case, staff=staff, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{staff.full_name} can now see case {case.reference}.")
            return redirect("case-circle", case_id=case.pk)
    return render(request, "cases/case_circle.html", {"case": case, "members": members, "form": form})


@login_required
@require_POST
def case_circle_remove(request, case_id, member_id):
    case = access.get_case(request.user, case_id)
    if not access.can_change_circle(request.user, case):
        return errors.forbidden(request)
    member = case.members.select_related("staff").filter(pk=access.as_id(member_id)).first()
    if member is None:
        raise Http404("No such member")
    try:
        services.remove_from_circle(origin=Origin.from_request(request), member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.staff.full_name} can no longer see case {case.reference}.")
    return redirect("case-circle", case_id=case.pk)


@login_required
def case_access_log(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_see_access_log(request.user, case):
        return errors.forbidden(request)
    page = paginate(
        request, audit_selectors.case_events(case), per_page=audit_selectors.PAGE_SIZE, noun="entries"
    )
    services.record_view(origin=Origin.from_request(request), case=case, action="access_log.viewed")
    rows = [
        {
            "event": event,
            "who": (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "Harbour",
            "what": audit_selectors.describe(event),
        }
        for event in page
    ]
    return render(request, "cases/case_access_log.html", {"case": case, "page": page, "rows": rows})
