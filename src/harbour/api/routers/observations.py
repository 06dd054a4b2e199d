"""Observations over the API: filing one, the restricted group's list, what the
caller filed, the employee's own and their decision. The same access predicates,
selectors and services as the pages (observations/views.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import ClockTime, Day, Flag, Input, answers, model_text, one_of
from harbour.cases import taxonomy
from harbour.cases.models import Location
from harbour.observations import selectors, services
from harbour.observations.models import Kind, Observation, Source
from harbour.observations.models import Status as ObservationStatus

router = Router(tags=["observations"])


class ObservationOut(Schema):
    id: int
    school_id: int
    about_id: int
    about_name: str
    filed_by_name: str
    source: one_of(Source)
    kind: one_of(Kind)
    description: str
    seen_on: datetime.date
    seen_time: datetime.time | None
    location: one_of(Location)
    location_detail: str
    person_description: str
    person_id: int | None
    filed_at: datetime.datetime
    # What happened next: null for the person who filed it (they see what they wrote only).
    status: one_of(ObservationStatus) | None
    case_id: int | None
    incident_id: int | None


class FiledOut(Schema):
    """What the caller filed, without what happened next."""

    id: int
    about_id: int
    about_name: str
    kind: one_of(Kind)
    seen_on: datetime.date
    filed_at: datetime.datetime


class ChoiceOut(Schema):
    id: int
    name: str
    school_id: int


class ChoicesOut(Schema):
    staff: list[ChoiceOut]
    people: list[ChoiceOut]


class _Report(Input):
    about_id: Id
    description: model_text(Observation, "description", min_length=1)
    seen_on: Day
    seen_time: ClockTime | None = None
    location: one_of(Location)
    location_detail: model_text(Observation, "location_detail") = ""
    person_description: model_text(Observation, "person_description") = ""
    person_id: Id | None = None


class ObservationIn(_Report):
    kind: one_of(Kind)


class FrontDeskRequestIn(_Report):
    """Reception: someone asked for this member of staff by name (no alert yet)."""


class AcceptIn(Input):
    case_id: Id | None = None
    # The employee's explicit agreement to open a case, when they have none.
    open_case: Flag = False
    # For "something else": which of the guidance's behaviours it was.
    behaviour: one_of(list(taxonomy.BY_CODE)) | None = None


class DeclineIn(Input):
    pass


def _out(observation) -> dict:
    sees = observation.sees_outcome
    return {
        "id": observation.pk,
        "school_id": observation.school_id,
        "about_id": observation.about_id,
        "about_name": observation.about.full_name,
        "filed_by_name": observation.filed_by.full_name,
        "source": observation.source,
        "kind": observation.kind,
        "description": observation.description,
        "seen_on": observation.seen_on,
        "seen_time": observation.seen_time,
        "location": observation.location,
        "location_detail": observation.location_detail,
        "person_description": observation.person_description,
        "person_id": observation.person_id,
        "filed_at": observation.filed_at,
        "status": observation.status if sees else None,
        "case_id": observation.case_id if sees else None,
        "incident_id": observation.incident_id if sees else None,
    }


def _listed(rows, pages) -> dict:
    items, count = page_of(rows, pages)
    for item in items:
        item.sees_outcome = True
    return {"items": [_out(o) for o in items], "count": count}


def _staff_or_404(request):
    if not access.can_file_observation(request.user):
        raise Http404("No such page")


@router.get("", response=answers(paged(ObservationOut), 404, 422))
def list_observations(request, pages: Query[PageIn]):
    """Observations reported to the caller: the headteacher's school's, a case
    owner's about their case's employee. Newest first."""
    _staff_or_404(request)
    return _listed(selectors.observation_rows(access.received_observations(request.user)), pages)


@router.get("/about-me", response=answers(paged(ObservationOut), 404, 422))
def list_observations_about_me(request, pages: Query[PageIn]):
    """Observations about the caller, theirs to decide."""
    _staff_or_404(request)
    return _listed(selectors.observation_rows(access.observations_about(request.user)), pages)


@router.get("/filed", response=answers(paged(FiledOut), 404, 422))
def list_filed_observations(request, pages: Query[PageIn]):
    """What the caller filed: what they wrote, never what happened next."""
    _staff_or_404(request)
    items, count = page_of(selectors.observation_rows(access.filed_observations(request.user)), pages)
    return {
        "items": [
            {
                "id": o.pk,
                "about_id": o.about_id,
                "about_name": o.about.full_name,
                "kind": o.kind,
                "seen_on": o.seen_on,
                "filed_at": o.filed_at,
            }
            for o in items
        ],
        "count": count,
    }


@router.get("/choices", response=answers(ChoicesOut, 404))
def observation_choices(request):
    """Whom the caller may report about (their schools' staff) and the people of
    concern they may name (only those they may already see)."""
    staff = selectors.subject_choices(access.observation_subjects(request.user))
    if not staff:
        raise Http404("No such page")
    people = selectors.person_choices(access.observation_people(request.user))
    return {
        "staff": [{"id": s.pk, "name": s.full_name, "school_id": s.school_id} for s in staff],
        "people": [{"id": p.pk, "name": p.display_name, "school_id": p.school_id} for p in people],
    }


def _file(request, payload: _Report, *, kind: str, source: str):
    about = (
        access.observation_subjects(request.user).select_related("school").filter(pk=payload.about_id).first()
    )
    if about is None:
        if not access.can_file_observation(request.user):
            raise Http404("No such page")
        raise ValidationError({"about_id": "Use the id of an active colleague at your school."})
    person = None
    if payload.person_id is not None:
        person = access.observation_people(request.user).filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError(
                {"person_id": "Use the id of a person of concern you may see, or leave it out."}
            )
    filer = access.observation_filer(request.user, about.school_id)
    observation = services.file_observation(
        origin=origin(request),
        filer=filer,
        about=about,
        kind=kind,
        description=payload.description,
        seen_on=payload.seen_on,
        seen_time=payload.seen_time,
        location=payload.location,
        location_detail=payload.location_detail,
        person_description=payload.person_description,
        person=person,
        source=source,
    )
    return Status(201, _out(access.get_observation(request.user, observation.pk)))


@router.post("", response=answers({201: ObservationOut}, 400, 404, 422))
def file_observation(request, payload: ObservationIn):
    """Report what the caller saw or heard about a colleague."""
    return _file(request, payload, kind=payload.kind, source=Source.COLLEAGUE)


@router.post("/front-desk", response=answers({201: ObservationOut}, 400, 404, 422))
def log_asked_for_by_name(request, payload: FrontDeskRequestIn):
    """Reception: someone asked for a member of staff by name (front office or headteacher)."""
    if not access.can_log_front_desk_request(request.user):
        raise Http404("No such page")
    return _file(request, payload, kind=Kind.ASKED_BY_NAME, source=Source.FRONT_DESK)


@router.get("/{observation_id}", response=answers(ObservationOut, 404, 422))
def read_observation(request, observation_id: Id):
    observation = access.get_observation(request.user, observation_id)
    services.record_view(origin=origin(request), observation=observation)
    return _out(observation)


def _own(request, observation_id):
    observation = access.get_observation(request.user, observation_id)
    if not access.is_observed_employee(request.user, observation):
        raise Http404("No such observation")
    if not access.can_decide_observation(request.user, observation):
        raise ValidationError({"__all__": "You can no longer decide this."})
    return observation


@router.post("/{observation_id}/acceptance", response=answers(ObservationOut, 400, 404, 422))
def accept_observation(request, observation_id: Id, payload: AcceptIn):
    """The employee adds it to their record: it becomes an incident of their case
    (case_id if they have several), or of a new case only with open_case=true."""
    observation = _own(request, observation_id)
    case = None
    if payload.case_id is not None:
        case = next((c for c in services.open_cases_of(observation.about) if c.pk == payload.case_id), None)
        if case is None:
            raise ValidationError({"case_id": "Use the id of one of your open cases."})
    services.accept_observation(
        origin=origin(request),
        observation=observation,
        case=case,
        open_case=payload.open_case,
        behaviour=payload.behaviour,
    )
    return _out(access.get_observation(request.user, observation_id))


@router.post("/{observation_id}/decline", response=answers(ObservationOut, 400, 404, 422))
def decline_observation(request, observation_id: Id, payload: DeclineIn):
    """The employee leaves it out of their record: kept, counting for nothing."""
    observation = _own(request, observation_id)
    services.decline_observation(origin=origin(request), observation=observation)
    return _out(access.get_observation(request.user, observation_id))
