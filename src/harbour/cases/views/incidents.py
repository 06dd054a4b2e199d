"""Recording, reading and amending incidents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import records, selectors, services
from harbour.cases.forms import AmendIncidentForm, IncidentForm, apply_service_errors
from harbour.cases.models import CircleRole
from harbour.cases.presenters import FIELD_LABELS, display_value, present_record
from harbour.web import errors


def _form_choices(case):
    employees = [m.staff for m in case.members.filter(role=CircleRole.EMPLOYEE).select_related("staff")]
    people = list(case.people.order_by("name", "id"))
    return employees, people


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_record_incident(request.user, case):
        return errors.forbidden(request, reason="closed")
    employees, people = _form_choices(case)
    form = IncidentForm(request.POST or None, employees=employees, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_incident(
                origin=Origin.from_request(request), case=case, values=form.values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Incident recorded.")
            return redirect(f"{case_url(case)}#incident-{incident.pk}")
    return render(request, "cases/incident_form.html", {"case": case, "form": form, "amending": False})


def case_url(case) -> str:
    return reverse("case-detail", kwargs={"case_id": case.pk})


@login_required
def incident_detail(request, case_id, incident_id):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    incident = selectors.incidents_with_amendments(case).get(pk=incident.pk)
    record = records.current(incident)
    original = records.IncidentRecord(incident, records.original_values(incident))
    amendments = list(incident.amendments.all())
    names = selectors.names_for(case, [record, original], amendments=amendments)
    services.record_view(
        origin=Origin.from_request(request), case=case, obj=incident, action="incident.viewed"
    )
    return render(
        request,
        "cases/incident_detail.html",
        {
            "case": case,
            "record": present_record(record, names),
            "original": present_record(original, names),
            "amendments": [{"amendment": a, "changes": view_changes(a.changes, names)} for a in amendments],
            "can_amend": access.can_amend_incident(request.user, incident),
            "can_add_evidence": access.can_add_evidence(request.user, case),
            "evidence_items": incident.evidence_items.select_related("added_by"),
            "cctv_requests": incident.cctv_requests.all(),
        },
    )


def view_changes(changes: dict, names) -> list[dict]:
    return [
        {
            "label": FIELD_LABELS.get(name, name),
            "from": display_value(name, change["from"], names),
            "to": display_value(name, change["to"], names),
        }
        for name, change in changes.items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def incident_amend(request, case_id, incident_id):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_amend_incident(request.user, incident):
        return errors.forbidden(request)
    employees, people = _form_choices(case)
    record = records.current(incident)
    form = AmendIncidentForm(
        request.POST or None, employees=employees, people=people, initial=IncidentForm.initial_from(record)
    )
    if request.method == "GET":
        # The form shows the whole record, so opening it is a view like any other.
        services.record_view(
            origin=Origin.from_request(request), case=case, obj=incident, action="incident.viewed"
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_incident(
                origin=Origin.from_request(request),
                incident=incident,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Correction saved. The original is kept beside it.")
            return redirect("incident-detail", case_id=case.pk, incident_id=incident.pk)
    return render(
        request,
        "cases/incident_form.html",
        {"case": case, "form": form, "amending": True, "incident": incident},
    )
