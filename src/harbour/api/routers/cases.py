from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.responses import Status

from harbour import access
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import (
    AmendmentIn,
    CaseIn,
    CaseOut,
    ConductOut,
    Id,
    IncidentIn,
    IncidentOut,
    PersonOut,
)
from harbour.api.types import answers, text
from harbour.cases import filters, records, selectors, services
from harbour.cases.models import CircleRole
from harbour.schools.models import StaffMember

router = Router(tags=["cases"])


def _staff_ref(staff) -> dict:
    return {"id": staff.pk, "name": staff.full_name}


def _case_out(case) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "school_id": case.school_id,
        "status": case.status,
        "opened_at": case.opened_at,
        "status_changed_at": case.status_changed_at,
        "owner": _staff_ref(case.owner),
        "employees": [_staff_ref(m.staff) for m in case.employee_members],
        "people": list(case.people.all()),
        "incident_count": case.incident_count,
    }


def _one_case(request, case_id):
    case = access.get_case(request.user, case_id)
    return selectors.case_list(access.record_cases(request.user).filter(pk=case.pk)).get()


# The case list's status filter as an enum, so the OpenAPI document lists its
# values and anything else is refused (422) before the endpoint runs.
CaseListStatus = Literal[tuple(str(status) for status in filters.STATUSES)]


@router.get("", response=answers(paged(CaseOut), 422))
def list_cases(
    request,
    pages: Query[PageIn],
    status: CaseListStatus = filters.ACTIVE,
    school_id: Id | None = None,
    whose: Literal["", filters.MINE] = "",
    reference: text(20) = "",
):
    """Cases whose record the caller may read, newest first, filtered as on the case
    list: `status` is one of active (open or monitoring, the default), open,
    monitoring, closed or any; `whose=mine` keeps the caller's own cases (owner or
    circle); `reference` is a case reference such as HB-00012."""
    typed, case_id, error = filters.parse_reference(reference)
    if error:
        raise ValidationError({"reference": error})
    chosen = filters.CaseFilters(
        status=status, school_id=school_id, mine=bool(whose), reference=typed, case_id=case_id
    )
    page, count = page_of(filters.cases_for(request.user, chosen), pages)
    cases = selectors.case_rows(page)
    # What the caller was given: this page's cases, not every case that matched.
    services.record_list_view(origin=origin(request), cases=cases)
    return {"items": [_case_out(case) for case in cases], "count": count}


@router.post("", response=answers({201: CaseOut}, 400, 403, 404, 422))
def open_case(request, payload: CaseIn):
    schools = access.schools_for_new_case(request.user)
    if not schools.exists():
        raise PermissionDenied("Only line managers and headteachers open cases.")
    staff = {
        s.pk: s
        for s in StaffMember.objects.filter(school__in=schools, is_active=True).select_related("school")
    }
    missing = [pk for pk in [*payload.employee_ids, payload.owner_id] if pk not in staff]
    if missing:
        raise ValidationError(
            {"employee_ids": f"No active staff member with id {missing[0]} in your schools."}
        )
    employees = [staff[pk] for pk in payload.employee_ids]
    people_by_id = {p.pk: p for p in access.visible_people(request.user).filter(pk__in=payload.person_ids)}
    if set(payload.person_ids) - set(people_by_id):
        raise ValidationError({"person_ids": "Use ids of people of concern you can see."})
    case = services.open_case(
        origin=origin(request),
        school=employees[0].school,
        owner=staff[payload.owner_id],
        employees=employees,
        people=list(people_by_id.values()),
    )
    return Status(201, _case_out(_one_case(request, case.pk)))


@router.get("/{case_id}", response=answers(CaseOut, 404, 422))
def read_case(request, case_id: Id):
    case = _one_case(request, case_id)
    services.record_view(origin=origin(request), case=case)
    return _case_out(case)


@router.get("/{case_id}/conduct", response=answers(ConductOut, 404, 422))
def read_conduct(request, case_id: Id):
    """Whether the record meets the course-of-conduct test, with the incidents behind it."""
    case = access.get_case(request.user, case_id)
    result = selectors.conduct_for(case)
    services.record_view(origin=origin(request), case=case, part="conduct")
    return {
        "met": result.met,
        "gap_days": result.gap_days,
        "courses": [
            {
                "person_id": c.person_id,
                "employee_id": c.employee_id,
                "meets_test": c.meets_test,
                "met_on": c.met_on,
                "first_date": c.first_date,
                "last_date": c.last_date,
                "incident_ids": list(c.incident_ids),
                "long_gaps": [{"after": g.after, "before": g.before, "days": g.days} for g in c.long_gaps],
            }
            for c in result.courses
        ],
        "several_staff": [
            {
                "person_id": s.person_id,
                "employee_ids": list(s.employee_ids),
                "incident_ids": list(s.incident_ids),
            }
            for s in result.several_staff
        ],
        "not_counted": list(result.not_counted),
    }


@router.post("/{case_id}/people", response=answers({201: PersonOut}, 403, 404, 422))
def link_person(request, case_id: Id, person_id: Id):
    case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher links people to a case.")
    person = access.get_person(request.user, person_id)
    services.link_person(origin=origin(request), case=case, person=person)
    return Status(201, person)


# --- incidents ------------------------------------------------------------------------


def _incident_out(incident) -> dict:
    record = records.current(incident)
    return {
        "id": incident.pk,
        "case_id": incident.case_id,
        "recorded_at": incident.recorded_at,
        "recorded_by": incident.recorded_by.get_full_name() or incident.recorded_by.get_username(),
        "current": record.values,
        "original": records.original_values(incident),
        "amended_fields": sorted(record.amended_fields),
        "amendments": [
            {
                "id": a.pk,
                "at": a.at,
                "by": a.by.get_full_name() or a.by.get_username(),
                "reason": a.reason,
                "changes": a.changes,
            }
            for a in incident.amendments.all()
        ],
    }


def _incident_values(case, payload) -> dict:
    values = payload.dict()
    values["employee"] = values.pop("employee_id")
    values["person"] = values.pop("person_id")
    if values["employee"] is None:
        employees = list(case.members.filter(role=CircleRole.EMPLOYEE).values_list("staff_id", flat=True))
        values["employee"] = employees[0] if len(employees) == 1 else None
    return {name: records.to_json(name, value) for name, value in values.items()}


@router.get("/{case_id}/incidents", response=answers(paged(IncidentOut), 404, 422))
def list_incidents(request, case_id: Id, pages: Query[PageIn]):
    """The case's incidents in the order they happened, a page at a time."""
    case = access.get_case(request.user, case_id)
    ordered = selectors.incidents_with_amendments(case).order_by(
        "occurred_on", "occurred_time", "recorded_at", "id"
    )
    incidents, count = page_of(ordered, pages)
    services.record_view(origin=origin(request), case=case, part="incidents")
    return {"items": [_incident_out(incident) for incident in incidents], "count": count}


@router.post("/{case_id}/incidents", response=answers({201: IncidentOut}, 400, 403, 404, 422))
def record_incident(request, case_id: Id, payload: IncidentIn):
    case = access.get_case(request.user, case_id)
    if not access.can_record_incident(request.user, case):
        raise PermissionDenied("This case is closed.")
    incident = services.record_incident(
        origin=origin(request), case=case, values=_incident_values(case, payload)
    )
    return Status(
        201, _incident_out(get_object_or_404(selectors.incidents_with_amendments(case), pk=incident.pk))
    )


@router.get("/{case_id}/incidents/{incident_id}", response=answers(IncidentOut, 404, 422))
def read_incident(request, case_id: Id, incident_id: Id):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    incident = selectors.incidents_with_amendments(case).get(pk=incident.pk)
    services.record_view(origin=origin(request), case=case, obj=incident, action="incident.viewed")
    return _incident_out(incident)


@router.post(
    "/{case_id}/incidents/{incident_id}/amendments", response=answers({201: IncidentOut}, 400, 403, 404, 422)
)
def amend_incident(request, case_id: Id, incident_id: Id, payload: AmendmentIn):
    """Correct an incident. `changes` maps amendable field names to their new values;
    the original is kept and returned beside the current account."""
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_amend_incident(request.user, incident):
        raise PermissionDenied(
            "Only the person who recorded it, the case owner or the headteacher may amend it."
        )
    changes = payload.changes.model_dump(exclude_unset=True)
    values = {name: records.to_json(name, value) for name, value in changes.items()}
    services.amend_incident(origin=origin(request), incident=incident, values=values, reason=payload.reason)
    return Status(
        201, _incident_out(get_object_or_404(selectors.incidents_with_amendments(case), pk=incident.pk))
    )
