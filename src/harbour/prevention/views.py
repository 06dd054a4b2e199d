"""Check-ins and the online-safety checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases.forms import apply_service_errors
from harbour.prevention import selectors, services
from harbour.prevention.forms import CheckInForm, OnlineSafetyForm
from harbour.prevention.models import CHECKLIST_ITEMS, Concern
from harbour.web.pagination import paginate
from harbour.web.query import school_choices, school_param

CHECK_INS_PAGE = 25


@login_required
def check_in_list(request):
    schools = list(access.roles_by_school(request.user))
    concern = request.GET.get("concern", "")
    concern = concern if concern in selectors.CONCERN_FILTERS else ""
    school_id = school_param(request.GET.get("school"), schools)
    check_ins = selectors.check_in_list(
        access.visible_check_ins(request.user), concern=concern, school_id=school_id
    )
    page = paginate(request, check_ins, per_page=CHECK_INS_PAGE, noun="check-ins")
    return render(
        request,
        "prevention/check_in_list.html",
        {
            "check_ins": page.object_list,
            "page": page,
            "concern": concern,
            "school_id": school_id,
            "schools": school_choices(schools),
            "can_record": access.can_open_case(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in_new(request):
    staff = list(access.check_in_staff(request.user))
    if not staff:
        raise Http404("No such page")
    form = CheckInForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        employee = next(s for s in staff if s.pk == form.cleaned_data["employee"])
        try:
            check_in = services.record_check_in(
                origin=Origin.from_request(request),
                employee=employee,
                held_on=form.cleaned_data["held_on"],
                concern=form.cleaned_data["concern"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Check-in with {employee.full_name} saved.")
            return redirect("check-in-detail", check_in_id=check_in.pk)
    return render(request, "prevention/check_in_form.html", {"form": form})


@login_required
def check_in_detail(request, check_in_id):
    check_in = access.get_check_in(request.user, check_in_id)
    concern = check_in.concern != Concern.NO
    cases = []
    if concern:
        # Only cases this user may already see: the page never reveals another case.
        cases = list(selectors.open_cases_about(access.involved_cases(request.user), check_in.employee))
    return render(
        request,
        "prevention/check_in_detail.html",
        {
            "check_in": check_in,
            "concern": concern,
            "cases": cases,
            "can_open": concern and access.can_open_case_in(request.user, check_in.employee.school_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def online_safety(request):
    employee = access.own_staff(request.user).first()
    if employee is None:
        raise Http404("No such page")
    form = OnlineSafetyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_online_check(
                origin=Origin.from_request(request),
                employee=employee,
                completed_on=form.cleaned_data["completed_on"],
                items=form.cleaned_data["items"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Checklist saved. Harbour will remind you to look again.")
            return redirect("online-safety")
    latest = employee.online_checks.first()
    return render(
        request,
        "prevention/online_safety.html",
        {
            "form": form,
            "latest": latest,
            "latest_items": [(label, code in latest.items) for code, label in CHECKLIST_ITEMS]
            if latest
            else [],
        },
    )
