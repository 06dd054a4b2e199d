"""Warnings and restrictions on a case's person of concern, their letters, and
each school's letter templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.frontdesk import letters, services
from harbour.frontdesk.forms import (
    DecisionForm,
    EndForm,
    LetterTemplateForm,
    RepresentationsForm,
    WarningForm,
)
from harbour.frontdesk.models import LetterKind, Stage
from harbour.schools.models import Role
from harbour.web import errors


@login_required
@require_http_methods(["GET", "POST"])
def restriction_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_restrict(request.user, case):
        return errors.forbidden(request)
    people = list(case.people.order_by("name", "id"))
    form = WarningForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = next((p for p in people if p.pk == form.cleaned_data["person"]), None)
        try:
            restriction = services.warn(
                origin=Origin.from_request(request), case=case, person=person, values=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Warning recorded. Download the letter and send it.")
            return redirect("restriction-detail", case_id=case.pk, restriction_id=restriction.pk)
    return render(request, "frontdesk/restriction_new.html", {"case": case, "form": form})


def _detail(request, case, restriction, forms=None):
    forms = forms or {}
    return render(
        request,
        "frontdesk/restriction_detail.html",
        {
            "case": case,
            "restriction": restriction,
            "steps": restriction.steps.select_related("by"),
            "can_restrict": access.can_restrict(request.user, case),
            "can_print": access.can_manage_case(request.user, case),
            "representations_form": forms.get("representations") or RepresentationsForm(prefix="rep"),
            "decision_form": forms.get("decision") or DecisionForm(prefix="dec"),
            "end_form": forms.get("end") or EndForm(prefix="end"),
            "warning": restriction.stage == Stage.WARNING,
            "confirmed": restriction.stage == Stage.CONFIRMED,
        },
    )


@login_required
def restriction_detail(request, case_id, restriction_id):
    case = access.get_case(request.user, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    case_services.record_view(
        origin=Origin.from_request(request), case=case, obj=restriction, action="restriction.viewed"
    )
    return _detail(request, case, restriction)


def _representations(origin, restriction, data):
    return services.record_representations(
        origin=origin,
        restriction=restriction,
        text=data["representations"],
        received_on=data["representations_on"],
    )


def _decision(origin, restriction, data):
    return services.decide(
        origin=origin,
        restriction=restriction,
        confirm=data["decision"] == "confirm",
        reason=data["decision_reason"],
        review_on=data["review_on"],
    )


def _end(origin, restriction, data):
    return services.end(origin=origin, restriction=restriction, reason=data["end_reason"])


STEPS = {
    "representations": (RepresentationsForm, "rep", _representations),
    "decision": (DecisionForm, "dec", _decision),
    "end": (EndForm, "end", _end),
}


@login_required
@require_POST
def restriction_step(request, case_id, restriction_id, step):
    case = access.get_case(request.user, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    if not access.can_restrict(request.user, case):
        return errors.forbidden(request)
    if step not in STEPS:
        raise Http404("No such step")
    form_class, prefix, call = STEPS[step]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(Origin.from_request(request), restriction, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("restriction-detail", case_id=case.pk, restriction_id=restriction.pk)
    return _detail(request, case, restriction, {step: form})


@login_required
def restriction_letter(request, case_id, restriction_id, kind):
    case = access.get_case(request.user, case_id)
    restriction = access.get_restriction(request.user, case, restriction_id)
    if kind not in LetterKind.values or (kind == LetterKind.DECISION and restriction.stage == Stage.WARNING):
        raise Http404("No such letter")
    if not access.can_manage_case(request.user, case):
        return errors.forbidden(request)
    head = case.school.staff.filter(roles__role=Role.HEADTEACHER, is_active=True).order_by("pk").first()
    body = letters.letter_pdf(restriction, kind, headteacher=head.full_name if head else "The headteacher")
    case_services.record_view(
        origin=Origin.from_request(request),
        case=case,
        obj=restriction,
        action="restriction.letter_downloaded",
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="harbour-{kind}-letter.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_template(request, school_id, kind):
    school = access.get_settings_school(request.user, school_id)
    if kind not in LetterKind.values:
        raise Http404("No such letter")
    form = LetterTemplateForm(request.POST or None, initial={"body": letters.template_for(school, kind)})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_letter_template(
                origin=Origin.from_request(request), school=school, kind=kind, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{LetterKind(kind).label} saved.")
            return redirect("school-letter", school_id=school.pk, kind=kind)
    return render(
        request,
        "frontdesk/letter_template.html",
        {"school": school, "form": form, "kind": LetterKind(kind), "placeholders": letters.PLACEHOLDERS},
    )
