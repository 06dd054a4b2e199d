"""Writes to the case record. Each is one transaction with its audit event in it,
takes the acting Origin, and is keyword-only. Authorisation is the caller's job
(through harbour.access) before it calls here; the rules of a valid record are
checked here, so the pages and the API share them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases import records, taxonomy
from harbour.cases.models import (
    Case,
    CaseMember,
    CasePerson,
    CaseStatus,
    CaseStatusChange,
    Channel,
    CircleRole,
    Impact,
    Incident,
    IncidentAmendment,
    Location,
    PersonOfConcern,
    Relationship,
)
from harbour.evidence import chain
from harbour.risk import patterns
from harbour.risk import state as risk_state
from harbour.schools.models import School, StaffMember

# A new case is reviewed within two weeks unless a meeting books a date sooner or later.
FIRST_REVIEW_AFTER = datetime.timedelta(days=14)

INCIDENT_TEXT_LIMITS = {
    "location_detail": 300,
    "clothing": 300,
    "vehicle": 300,
    "crime_reference": 100,
    "police_officer": 200,
}


# --- cases -------------------------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    origin: Origin,
    school: School,
    owner: StaffMember,
    employees: list[StaffMember],
    people: list[PersonOfConcern] = (),
    review_on: datetime.date | None = None,
) -> Case:
    errors = {}
    if owner.school_id != school.pk or not owner.is_active:
        errors["owner"] = "Choose a case owner from this school's staff."
    if not employees:
        errors["employees"] = "Choose the employee affected."
    elif any(e.school_id != school.pk or not e.is_active for e in employees):
        errors["employees"] = "Choose employees from this school's staff."
    if any(p.school_id != school.pk for p in people):
        errors["people"] = "Choose people of concern recorded for this school."
    if review_on is not None and review_on < timezone.localdate():
        errors["review_on"] = "The first review must be today or in the future."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    case = Case.objects.create(
        school=school,
        owner=owner,
        opened_by=origin.user,
        opened_at=now,
        status_changed_at=now,
        next_review_on=review_on or timezone.localdate() + FIRST_REVIEW_AFTER,
    )
    opening = CaseStatusChange.objects.create(
        case=case, status=CaseStatus.OPEN, at=now, by=origin.user, note="Case opened"
    )
    chain.append(origin=origin, case=case, kind="status_change", record=opening)
    for employee in employees:
        CaseMember.objects.create(case=case, staff=employee, role=CircleRole.EMPLOYEE, added_by=origin.user)
    for person in people:
        link = CasePerson.objects.create(case=case, person=person, added_by=origin.user)
        chain.append(origin=origin, case=case, kind="person_link", record=link)
    if people:
        patterns.tell_owners(case)
    risk_state.refresh(case)
    # Whoever opens a case for someone else keeps sight of it: they were told.
    opener = StaffMember.objects.filter(user=origin.user, school=school, is_active=True).first()
    if opener and opener.pk != owner.pk and opener not in employees:
        CaseMember.objects.create(case=case, staff=opener, role=CircleRole.MEMBER, added_by=origin.user)
    patterns.refresh_for_case(case)
    record_event(origin=origin, action="case.opened", obj=case, case=case)
    return case


@transaction.atomic
def change_case_status(*, origin: Origin, case: Case, status: str, note: str = "") -> Case:
    if status not in CaseStatus.values:
        raise ValidationError({"status": "Choose open, monitoring or closed."})
    if status == case.status:
        raise ValidationError({"status": f"The case is already {case.get_status_display().lower()}."})
    now = timezone.now()
    previous = case.status
    case.status = status
    case.status_changed_at = now
    if status != CaseStatus.CLOSED and (case.next_review_on is None or case.next_review_on < now.date()):
        # Every case that is not closed has a review ahead of it.
        case.next_review_on = timezone.localdate() + FIRST_REVIEW_AFTER
    case.save(update_fields=["status", "status_changed_at", "next_review_on"])
    change = CaseStatusChange.objects.create(case=case, status=status, at=now, by=origin.user, note=note)
    chain.append(origin=origin, case=case, kind="status_change", record=change)
    patterns.refresh_for_case(case)
    record_event(
        origin=origin, action="case.status_changed", obj=case, case=case, **{"from": previous, "to": status}
    )
    return case


@transaction.atomic
def add_to_circle(
    *, origin: Origin, case: Case, staff: StaffMember, role: str = CircleRole.MEMBER
) -> CaseMember:
    if staff.school_id != case.school_id or not staff.is_active:
        raise ValidationError({"staff": "Choose someone from this school's staff."})
    if case.members.filter(staff=staff).exists():
        raise ValidationError({"staff": f"{staff.full_name} is already in the circle."})
    if staff.pk == case.owner_id:
        raise ValidationError({"staff": f"{staff.full_name} owns the case and can already see it."})
    member = CaseMember.objects.create(case=case, staff=staff, role=role, added_by=origin.user)
    if role == CircleRole.EMPLOYEE:
        patterns.refresh_for_case(case)
    record_event(
        origin=origin, action="case.circle_added", obj=member, case=case, staff_id=staff.pk, role=role
    )
    return member


@transaction.atomic
def remove_from_circle(*, origin: Origin, member: CaseMember) -> None:
    case = member.case
    if member.role == CircleRole.EMPLOYEE and case.members.filter(role=CircleRole.EMPLOYEE).count() == 1:
        raise ValidationError({"staff": "A case needs at least one employee affected."})
    record_event(
        origin=origin,
        action="case.circle_removed",
        obj=member,
        case=case,
        staff_id=member.staff_id,
        role=member.role,
    )
    member.delete()
    if member.role == CircleRole.EMPLOYEE:
        patterns.refresh_for_case(case)


@transaction.atomic
def link_person(*, origin: Origin, case: Case, person: PersonOfConcern) -> CasePerson:
    if person.school_id != case.school_id:
        raise ValidationError({"person": "Choose a person recorded for this school."})
    if CasePerson.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": f"{person.display_name} is already linked to this case."})
    link = CasePerson.objects.create(case=case, person=person, added_by=origin.user)
    chain.append(origin=origin, case=case, kind="person_link", record=link)
    record_event(origin=origin, action="case.person_linked", obj=person, case=case)
    patterns.refresh_for_case(case)
    patterns.tell_owners(case)
    return link


def record_view(*, origin: Origin, case: Case, obj=None, action: str = "case.viewed", **detail) -> None:
    """Reading case content is itself recorded, so the employee can see who looked."""
    with transaction.atomic():
        record_event(origin=origin, action=action, obj=obj or case, case=case, **detail)


def record_list_view(*, origin: Origin, cases, action: str = "case.listed") -> None:
    """A list of cases shows names from each, so the ids shown are recorded too."""
    with transaction.atomic():
        record_event(origin=origin, action=action, case_ids=[case.pk for case in cases])


def record_person_view(*, origin: Origin, person: PersonOfConcern) -> None:
    with transaction.atomic():
        record_event(origin=origin, action="person.viewed", obj=person, school=person.school)


# --- people of concern --------------------------------------------------------------------

PERSON_FIELDS = ("relationship", "name", "aliases", "description", "vehicle", "context")


PERSON_TEXT_LIMITS = {"name": 200, "aliases": 400, "vehicle": 200}


def _clean_person(values: dict) -> dict:
    if values.get("relationship") not in Relationship.values:
        raise ValidationError({"relationship": "Choose how the person is connected to the school."})
    for name, limit in PERSON_TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            raise ValidationError({name: f"Keep this to {limit} characters or fewer."})
    if not any((values.get(name) or "").strip() for name in ("name", "aliases", "description")):
        raise ValidationError(
            {"name": "Give a name, an alias or a description, so the person can be recognised."}
        )
    return {name: (values.get(name) or "").strip() for name in PERSON_FIELDS}


@transaction.atomic
def create_person(
    *, origin: Origin, school: School, values: dict, case: Case | None = None
) -> PersonOfConcern:
    person = PersonOfConcern.objects.create(school=school, created_by=origin.user, **_clean_person(values))
    record_event(origin=origin, action="person.created", obj=person, school=school)
    if case is not None:
        link_person(origin=origin, case=case, person=person)
    return person


@transaction.atomic
def update_person(*, origin: Origin, person: PersonOfConcern, values: dict) -> PersonOfConcern:
    cleaned = _clean_person({**{name: getattr(person, name) for name in PERSON_FIELDS}, **values})
    changed = sorted(name for name, value in cleaned.items() if getattr(person, name) != value)
    trust_id, key_before = person.school.trust_id, person.name_key
    for name in changed:
        setattr(person, name, cleaned[name])
    if changed:
        person.save(update_fields=changed)
        if "name" in changed:
            patterns.refresh_names([(trust_id, key_before), (trust_id, person.name_key)])
        record_event(origin=origin, action="person.updated", obj=person, school=person.school, fields=changed)
    return person


# --- incidents -------------------------------------------------------------------------------


def clean_incident_values(case: Case, values: dict) -> dict:
    """Check a complete set of incident values (JSON-safe forms) against the case
    and the taxonomy. Raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    employee_ids = set(case.members.filter(role=CircleRole.EMPLOYEE).values_list("staff_id", flat=True))
    if values.get("employee") not in employee_ids:
        errors["employee"] = "Choose the employee this happened to."
    person_id = values.get("person")
    if person_id is not None and (
        not isinstance(person_id, int)
        or person_id not in set(CasePerson.objects.filter(case=case).values_list("person_id", flat=True))
    ):
        errors["person"] = "Choose a person linked to this case, or 'not known'."
    occurred_on = values.get("occurred_on")
    if not occurred_on:
        errors["occurred_on"] = "Enter the date it happened."
    else:
        try:
            day = datetime.date.fromisoformat(occurred_on)
        except (TypeError, ValueError):
            errors["occurred_on"] = "Enter a real date, for example 27 3 2026."
        else:
            if day > timezone.localdate():
                errors["occurred_on"] = "The date it happened must be today or in the past."
            elif day.year < 1990:
                errors["occurred_on"] = "Enter a date after 1990."
    if values.get("occurred_time"):
        try:
            datetime.time.fromisoformat(values["occurred_time"])
        except (TypeError, ValueError):
            errors["occurred_time"] = "Enter a time like 14:30, or leave it blank."
    if values.get("location") not in Location.values:
        errors["location"] = "Choose where it happened."
    if values.get("channel") not in Channel.values:
        errors["channel"] = "Choose how the contact happened."
    behaviours = values.get("behaviours") or []
    if not behaviours:
        errors["behaviours"] = "Choose at least one behaviour."
    elif any(code not in taxonomy.BY_CODE for code in behaviours):
        errors["behaviours"] = "Choose behaviours from the list."
    if any(code not in Impact.values for code in values.get("impacts") or []):
        errors["impacts"] = "Choose effects from the list."
    if not (values.get("account") or "").strip():
        errors["account"] = "Describe what happened."
    for name, limit in INCIDENT_TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"Keep this to {limit} characters or fewer."
    if errors:
        raise ValidationError(errors)
    return values


def _normalised(values: dict) -> dict:
    out = {}
    for name in records.AMENDABLE_FIELDS:
        value = values.get(name)
        if name in ("behaviours", "impacts"):
            value = sorted(set(value or []))
        elif name in ("time_is_approximate", "reported_to_police"):
            value = bool(value)
        elif name in ("employee", "person", "occurred_on", "occurred_time"):
            value = value or None
        else:
            value = (value or "").strip()
        out[name] = value
    return out


@transaction.atomic
def record_incident(*, origin: Origin, case: Case, values: dict) -> Incident:
    """Save a new entry in the case's log. The recorded-at time is the server's clock."""
    return _create_incident(origin=origin, case=case, values=values, recorded_at=timezone.now())


@transaction.atomic
def record_shared_entry(*, origin: Origin, case: Case, values: dict, written_at, shared_at) -> Incident:
    """An entry the employee wrote in their private diary and shares now. It keeps
    the time it was first written, which is what makes it contemporaneous."""
    return _create_incident(
        origin=origin, case=case, values=values, recorded_at=written_at, shared_at=shared_at
    )


@transaction.atomic
def record_contact_after_restriction(*, origin: Origin, case: Case, values: dict) -> Incident:
    """The front desk's log of contact from a person under a confirmed restriction."""
    return _create_incident(
        origin=origin, case=case, values=values, recorded_at=timezone.now(), contact_after_restriction=True
    )


def _create_incident(
    *, origin: Origin, case: Case, values: dict, recorded_at, shared_at=None, contact_after_restriction=False
) -> Incident:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it before recording an incident."})
    cleaned = clean_incident_values(case, _normalised(values))
    fields = {name: records.from_json(name, value) for name, value in cleaned.items()}
    fields["employee_id"] = fields.pop("employee")
    fields["person_id"] = fields.pop("person")
    incident = Incident.objects.create(
        case=case,
        recorded_by=origin.user,
        recorded_at=recorded_at,
        shared_at=shared_at,
        contact_after_restriction=contact_after_restriction,
        **fields,
    )
    chain.append(origin=origin, case=case, kind="incident", record=incident)
    risk_state.refresh(case)
    record_event(
        origin=origin, action="incident.recorded", obj=incident, case=case, from_diary=shared_at is not None
    )
    return incident


@transaction.atomic
def amend_incident(*, origin: Origin, incident: Incident, values: dict, reason: str) -> IncidentAmendment:
    """Record a correction. `values` may name some or all amendable fields; the
    original entry is left untouched."""
    if incident.case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it before amending an incident."})
    # Lock the incident row so two amendments made at once apply in a known order.
    incident = Incident.objects.select_for_update().select_related("case").get(pk=incident.pk)
    before = records.current(incident).values
    proposed = _normalised({**before, **{k: v for k, v in values.items() if k in records.AMENDABLE_FIELDS}})
    cleaned = clean_incident_values(incident.case, proposed)
    changes = records.changes_between(before, cleaned)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Say why this is being corrected."
    if not changes:
        errors["__all__"] = "Nothing has changed. Change at least one answer, or cancel."
    if errors:
        raise ValidationError(errors)
    amendment = IncidentAmendment.objects.create(
        incident=incident, by=origin.user, at=timezone.now(), reason=reason, changes=changes
    )
    chain.append(origin=origin, case=incident.case, kind="amendment", record=amendment)
    risk_state.refresh(incident.case)
    record_event(
        origin=origin,
        action="incident.amended",
        obj=incident,
        case=incident.case,
        amendment_id=amendment.pk,
        fields=sorted(changes),
    )
    return amendment
