"""The administrator's retention schedule and legal holds, and subject access
exports: the employee's own, and an administrator's for a person of concern."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit.services import Origin
from harbour.retention import exports, holds, schedule, selectors
from harbour.retention.forms import LiftHoldForm, PersonSearchForm, PlaceHoldForm, ScheduleForm
from harbour.web.pagination import paginate

HOLDS_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def retention_schedule(request, school_id):
    school = access.get_retention_school(request.user, school_id)
    rows = schedule.rows_of(school)
    form = ScheduleForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        changed = schedule.set_periods(
            origin=Origin.from_request(request), school=school, months=form.months()
        )
        messages.success(request, "Retention schedule saved." if changed else "Nothing changed.")
        return redirect("retention-schedule", school_id=school.pk)
    return render(request, "retention/schedule.html", {"school": school, "form": form, "rows": rows})


@login_required
def legal_holds(request):
    schools = list(access.retention_schools(request.user))
    if not schools:
        raise Http404("No such page")
    reference = request.GET.get("reference", "")[:20]
    cases = selectors.hold_list(access.hold_cases(request.user).select_related("school"), reference=reference)
    page = paginate(request, cases, per_page=HOLDS_PAGE, noun="cases")
    return render(
        request,
        "retention/holds.html",
        {
            "cases": selectors.with_erasure_dates(page.object_list),
            "page": page,
            "reference": reference,
            "schools": schools,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_hold(request, case_id):
    case = access.get_hold_case(request.user, case_id)
    in_place = holds.hold_in_place(case)
    place_form = PlaceHoldForm(request.POST if request.method == "POST" and not in_place else None)
    lift_form = LiftHoldForm(request.POST if request.method == "POST" and in_place else None)
    form = lift_form if in_place else place_form
    if request.method == "POST" and form.is_valid():
        origin = Origin.from_request(request)
        try:
            if in_place:
                holds.lift_hold(origin=origin, case=case, reason=form.cleaned_data["lift_reason"])
                messages.success(
                    request, f"Legal hold on {case.reference} lifted. The schedule applies again."
                )
            else:
                holds.place_hold(origin=origin, case=case, reason=form.cleaned_data["reason"])
                messages.success(
                    request, f"Legal hold placed on {case.reference}. Nothing of it will be erased."
                )
            return redirect("legal-hold", case_id=case.pk)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
    (case,) = selectors.with_erasure_dates([case])
    return render(
        request,
        "retention/hold.html",
        {"case": case, "in_place": in_place, "form": form, "history": selectors.holds_of(case)},
    )


def _zip_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def subject_access_mine(request):
    data = exports.employee_zip(origin=Origin.from_request(request))
    return _zip_response(data, "harbour-subject-access.zip")


@login_required
def subject_access_people(request):
    if not access.is_administrator(request.user):
        raise Http404("No such page")
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    people = access.subject_access_people(request.user).select_related("school")
    people = people.filter(name__icontains=query) if query else people.none()
    page = paginate(request, people.order_by("name", "pk"), per_page=HOLDS_PAGE, noun="people")
    return render(
        request, "retention/subject_access_people.html", {"form": form, "query": query, "page": page}
    )


@login_required
@require_POST
def subject_access_person(request, person_id):
    person = access.get_subject_access_person(request.user, person_id)
    data = exports.person_zip(origin=Origin.from_request(request), person=person)
    return _zip_response(data, f"harbour-subject-access-person-{person.pk}.zip")
