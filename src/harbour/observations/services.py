"""Writes for observations: filing one, and the employee's decision. Each is one
transaction with its audit event; the notices carry a link only (harbour.notify).
Authorisation is the caller's (harbour.access) before it calls here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from harbour import notify
from harbour.audit.services import Origin, record_event
from harbour.cases import services as case_services
from harbour.cases.models import Case, CasePerson, CaseStatus, CircleRole, PersonOfConcern
from harbour.observations import rules
from harbour.observations.models import Observation, Source, Status
from harbour.schools.models import Role, StaffMember

SUBJECT = "Harbour: something to read"
TO_EMPLOYEE = (
    "A colleague has told Harbour about something they saw or heard that may concern you. "
    "You decide whether it becomes part of your record."
)
TO_LEADS = "A member of staff has reported something they saw or heard about a colleague."
TO_OWNER = "A case you own opened when the employee added an observation to their record."


def _path(observation: Observation, *, employee: bool) -> str:
    name = "support-observation" if employee else "observation-detail"
    return reverse(name, kwargs={"observation_id": observation.pk})


def open_cases_of(staff: StaffMember):
    """The employee's open cases (they are its employee affected)."""
    return (
        Case.objects.filter(members__staff=staff, members__role=CircleRole.EMPLOYEE, erasure__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("owner__user", "school")
        .order_by("opened_at", "pk")
        .distinct()
    )


def _heads(school_id: int):
    return StaffMember.objects.filter(
        school_id=school_id, is_active=True, roles__role=Role.HEADTEACHER
    ).select_related("user")


@transaction.atomic
def file_observation(
    *,
    origin: Origin,
    filer: StaffMember,
    about: StaffMember,
    kind: str,
    description: str,
    seen_on: datetime.date,
    location: str,
    seen_time: datetime.time | None = None,
    location_detail: str = "",
    person_description: str = "",
    person: PersonOfConcern | None = None,
    source: str = Source.COLLEAGUE,
) -> Observation:
    errors = rules.filing_errors(
        rules.Filing(
            filer_staff_id=filer.pk,
            filer_school_id=filer.school_id,
            about_staff_id=about.pk,
            about_school_id=about.school_id,
            about_active=about.is_active,
            kind=kind,
            description=description,
            seen_on=seen_on,
            location=location,
            person_description=person_description,
            person_school_id=person.school_id if person else None,
        ),
        today=timezone.localdate(),
    )
    if source not in Source.values:
        errors["source"] = "Unknown source."
    # A TextField's max_length is not checked by full_clean: the model's limit, here.
    for name, value in (("description", description), ("person_description", person_description)):
        limit = Observation._meta.get_field(name).max_length
        if len(value) > limit:
            errors[name] = f"Keep this to {limit} characters or fewer."
    if errors:
        raise ValidationError(errors)
    observation = Observation(
        school_id=about.school_id,
        about=about,
        filed_by=filer,
        source=source,
        kind=kind,
        description=description.strip(),
        seen_on=seen_on,
        seen_time=seen_time,
        location=location,
        location_detail=location_detail.strip(),
        person_description=person_description.strip(),
        person=person,
    )
    observation.full_clean()
    observation.save()
    record_event(
        origin=origin,
        action="observation.filed",
        obj=observation,
        school=about.school,
        kind=kind,
        source=source,
    )
    # Told, with a link only: the employee, the school's headteacher(s), the owner
    # of each open case about the employee (never the filer, never the whole staff).
    notify.notify_after_commit(
        staff=about, subject=SUBJECT, sentence=TO_EMPLOYEE, path=_path(observation, employee=True)
    )
    told = {about.pk, filer.pk}
    for case in open_cases_of(about):
        if case.owner_id not in told:
            told.add(case.owner_id)
            notify.notify_after_commit(
                staff=case.owner, subject=SUBJECT, sentence=TO_LEADS, path=_path(observation, employee=False)
            )
    for head in _heads(about.school_id):
        if head.pk not in told:
            told.add(head.pk)
            notify.notify_after_commit(
                staff=head, subject=SUBJECT, sentence=TO_LEADS, path=_path(observation, employee=False)
            )
    return observation


def record_view(*, origin: Origin, observation: Observation) -> None:
    """Who read an observation is recorded, as for a case."""
    with transaction.atomic():
        record_event(origin=origin, action="observation.viewed", obj=observation, school=observation.school)


def _locked(observation: Observation) -> Observation:
    locked = Observation.objects.select_for_update().get(pk=observation.pk)
    if not rules.can_decide(locked.status):
        raise ValidationError({"__all__": "This has already been decided."})
    return locked


def _new_case_for(*, origin: Origin, employee: StaffMember, person: PersonOfConcern | None) -> Case:
    """A case opened with the employee's explicit agreement, as any case is opened
    (cases.services.open_case): owned by their line manager, else the headteacher."""
    manager = employee.line_manager
    manager_id = (
        manager.pk if manager and manager.is_active and manager.school_id == employee.school_id else None
    )
    owner_id = rules.case_owner(manager_id, [h.pk for h in _heads(employee.school_id)])
    if owner_id is None or owner_id == employee.pk:
        raise ValidationError(
            {"open_case": "Nobody at your school can own a case yet. Talk to your headteacher."}
        )
    owner = StaffMember.objects.select_related("user").get(pk=owner_id)
    case = case_services.open_case(
        origin=origin,
        school=employee.school,
        owner=owner,
        employees=[employee],
        people=[person] if person else [],
    )
    notify.notify_after_commit(
        staff=owner, subject=SUBJECT, sentence=TO_OWNER, path=notify.case_path(case.pk)
    )
    return case


@transaction.atomic
def accept_observation(
    *,
    origin: Origin,
    observation: Observation,
    case: Case | None = None,
    open_case: bool = False,
    behaviour: str | None = None,
) -> Observation:
    """The employee adds it to their record: it becomes an incident of their case
    (or of a case opened now, only if they agreed to open one)."""
    locked = _locked(observation)
    employee = StaffMember.objects.select_related("school", "line_manager").get(pk=locked.about_id)
    code = rules.behaviour_for(locked.kind, behaviour)
    if code is None:
        raise ValidationError({"behaviour": "Choose which behaviour it was."})
    open_cases = list(open_cases_of(employee))
    if case is not None and case.pk not in {c.pk for c in open_cases}:
        raise ValidationError({"case": "Choose one of your open cases."})
    if case is None and open_cases:
        if len(open_cases) > 1:
            raise ValidationError({"case": "Choose which of your cases it joins."})
        case = open_cases[0]
    if case is None:
        if not open_case:
            raise ValidationError(
                {"open_case": "You have no case. Say whether you agree to open one, or decline."}
            )
        person = PersonOfConcern.objects.filter(pk=locked.person_id).first() if locked.person_id else None
        case = _new_case_for(origin=origin, employee=employee, person=person)
    linked = locked.person_id and CasePerson.objects.filter(case=case, person_id=locked.person_id).exists()
    incident = case_services.record_incident(
        origin=origin,
        case=case,
        values={
            "employee": employee.pk,
            "person": locked.person_id if linked else None,
            "occurred_on": locked.seen_on.isoformat(),
            "occurred_time": locked.seen_time.strftime("%H:%M") if locked.seen_time else None,
            "location": locked.location,
            "location_detail": locked.location_detail,
            "channel": rules.channel_for(locked.kind, locked.location),
            "behaviours": [code],
            "account": rules.account(locked.description, locked.source, locked.filed_by.full_name),
            "person_description": locked.person_description,
            "witnesses": locked.filed_by.full_name,
        },
    )
    locked.status = Status.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = origin.user
    locked.case = case
    locked.incident = incident
    locked.save(update_fields=["status", "decided_at", "decided_by", "case", "incident"])
    record_event(
        origin=origin,
        action="observation.accepted",
        obj=locked,
        case=case,
        incident_id=incident.pk,
    )
    return locked


@transaction.atomic
def decline_observation(*, origin: Origin, observation: Observation) -> Observation:
    """The employee leaves it out of their record: it is kept, and counts for nothing."""
    locked = _locked(observation)
    locked.status = Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = origin.user
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    record_event(origin=origin, action="observation.declined", obj=locked, school=locked.school)
    return locked
