"""The action plan pages: the plan, adding and changing an action, the
headteacher's decision on contact measures, the CCTV section and the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import selectors as case_selectors
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.plans import appendix, pdf, selectors, services, travel
from harbour.plans.forms import ActionForm, ApprovalForm, CctvForm
from harbour.plans.models import ActionStatus, Answer
from harbour.schools.models import StaffMember
from harbour.web import errors


@login_required
def plan(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    view = selectors.plan_view(case)
    arrangement = travel.current(case)
    case_services.record_view(origin=Origin.from_request(request), case=case, action="plan.viewed")
    return render(
        request,
        "plans/plan.html",
        {
            "case": case,
            "plan": view,
            "can_edit": access.can_edit_plan(request.user, case),
            "can_approve": access.can_approve_contact_measures(request.user, case),
            "risk_titles": appendix.RISK_TITLES,
            "travel_recorded": arrangement,
            "sees_travel": access.sees_travel_arrangement(
                request.user, case, arrangement is not None and arrangement.shared_with_case_team
            ),
            "records_travel": access.can_record_travel(request.user, case),
        },
    )


def _staff(case):
    return list(StaffMember.objects.filter(school=case.school, is_active=True).order_by("full_name"))


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    if not access.can_edit_plan(request.user, case):
        return errors.forbidden(request)
    section = appendix.SECTION_BY_CODE.get(request.GET.get("section") or request.POST.get("section", ""))
    measure = appendix.MEASURE_BY_CODE.get(request.GET.get("measure") or request.POST.get("measure", ""))
    if measure is not None:
        section = appendix.SECTION_BY_CODE[measure.section]
    if section is None:
        raise Http404("No such section")
    form = ActionForm(
        request.POST or None,
        staff=_staff(case),
        initial={"agreed": measure.text if measure else "", "status": ActionStatus.AGREED},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(
                origin=Origin.from_request(request),
                case=case,
                section=section.code,
                measure=measure.code if measure else "",
                values=form.values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action added to the plan.")
            return redirect("plan", case_id=case.pk)
    return render(
        request,
        "plans/action_form.html",
        {"case": case, "form": form, "section": section, "measure": measure, "action": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, case_id, action_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    action = access.get_plan_action(request.user, case, action_id)
    if not access.can_edit_plan(request.user, case):
        return errors.forbidden(request)
    form = ActionForm(
        request.POST or None,
        staff=_staff(case),
        initial={
            "agreed": action.agreed,
            "owner": action.owner_id,
            "status": action.status,
            "in_place_on": action.in_place_on,
            "next_review_on": action.next_review_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                origin=Origin.from_request(request),
                action=action,
                values=form.values(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action updated.")
            return redirect("plan", case_id=case.pk)
    return render(
        request,
        "plans/action_form.html",
        {
            "case": case,
            "form": form,
            "section": appendix.SECTION_BY_CODE.get(action.section),
            "measure": appendix.MEASURE_BY_CODE.get(action.measure),
            "action": action,
            "history": action.changes.select_related("by"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_approval(request, case_id, action_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    action = access.get_plan_action(request.user, case, action_id)
    if not access.can_approve_contact_measures(request.user, case):
        return errors.forbidden(request)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide_approval(
                origin=Origin.from_request(request),
                action=action,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Measure approved." if approve else "Measure not approved.")
            return redirect("plan", case_id=case.pk)
    return render(
        request,
        "plans/action_approval.html",
        {
            "case": case,
            "form": form,
            "action": action,
            "measure": appendix.MEASURE_BY_CODE.get(action.measure),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cctv(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    if not access.can_edit_plan(request.user, case):
        return errors.forbidden(request)
    current = case.cctv_checks.first()
    initial = {"could_support_evidence": Answer.NOT_KNOWN, "policy_covers_use": Answer.NOT_KNOWN}
    if current:
        initial = {name: getattr(current, name) for name in CctvForm.base_fields}
    form = CctvForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_cctv(origin=Origin.from_request(request), case=case, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "CCTV answers saved.")
            return redirect("plan", case_id=case.pk)
    return render(request, "plans/cctv_form.html", {"case": case, "form": form})


@login_required
def plan_pdf(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    view = selectors.plan_view(case)
    body = pdf.plan_pdf(
        plan=view,
        employees=case_selectors.employees_of(case),
        prepared_by=request.user.get_full_name() or request.user.get_username(),
    )
    case_services.record_view(origin=Origin.from_request(request), case=case, action="plan.downloaded")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="harbour-action-plan-{case.reference}.pdf"'
    return response
