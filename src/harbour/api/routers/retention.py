"""The retention schedule, legal holds and subject access exports: what the
administrator's pages and the employee's "Your support" do, under /api/v1/."""

import datetime

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import create_model

from harbour import access
from harbour.api.pagination import PageIn, answer, paged
from harbour.api.routers.common import origin
from harbour.api.types import Id, Input, answers, model_text, text
from harbour.retention import exports, holds, schedule, selectors
from harbour.retention.models import MAX_MONTHS, MIN_MONTHS, LegalHold, RecordKind

router = Router(tags=["retention and legal holds"])
subject_access_router = Router(tags=["subject access"])


class PeriodOut(Schema):
    kind: RecordKind
    label: str
    months: int
    default_months: int
    kept_from: str


# Months kept for the kinds given, one optional field per kind of record; kinds
# left out keep their period.
ScheduleIn = create_model(
    "ScheduleIn",
    __base__=Input,
    **{kind: (int | None, Field(None, ge=MIN_MONTHS, le=MAX_MONTHS)) for kind in RecordKind.values},
)


class HoldCaseOut(Schema):
    case_id: int
    reference: str
    school_id: int
    status: str
    held: bool
    erase_on: datetime.datetime | None


class HoldOut(Schema):
    id: int
    reason: str
    placed_at: datetime.datetime
    lifted_at: datetime.datetime | None
    lift_reason: str


class HoldsOfCaseOut(HoldCaseOut):
    history: list[HoldOut]


class HoldIn(Input):
    reason: model_text(LegalHold, "reason", min_length=1)


class PersonOut(Schema):
    id: int
    name: str
    school_id: int


def _case_out(case, in_place) -> dict:
    return {
        "case_id": case.pk,
        "reference": case.reference,
        "school_id": case.school_id,
        "status": case.status,
        "held": in_place,
        "erase_on": None if in_place else case.erase_on,
    }


@router.get("/schools/{school_id}/schedule", response=answers(list[PeriodOut], 404, 422))
def read_schedule(request, school_id: Id):
    return schedule.rows_of(access.get_retention_school(request.user, school_id))


@router.put("/schools/{school_id}/schedule", response=answers(list[PeriodOut], 400, 404, 422))
def set_schedule(request, school_id: Id, payload: ScheduleIn):  # type: ignore[valid-type]
    school = access.get_retention_school(request.user, school_id)
    months = {kind: value for kind, value in payload.dict().items() if value is not None}
    schedule.set_periods(origin=origin(request), school=school, months=months)
    return schedule.rows_of(school)


@router.get("/holds", response=answers(paged(HoldCaseOut), 404, 422))
def list_holds(request, pages: Query[PageIn], reference: text(20) = ""):
    if not access.is_administrator(request.user):
        raise Http404("Only a school's administrator manages legal holds.")
    found = answer(selectors.hold_list(access.hold_cases(request.user), reference=reference), pages)
    found["items"] = [_case_out(c, c.held) for c in selectors.with_erasure_dates(found["items"])]
    return found


def _holds_of(case) -> dict:
    (case,) = selectors.with_erasure_dates([case])
    in_place = holds.hold_in_place(case) is not None
    return {**_case_out(case, in_place), "history": selectors.holds_of(case)}


@router.get("/holds/{case_id}", response=answers(HoldsOfCaseOut, 404, 422))
def read_holds(request, case_id: Id):
    return _holds_of(access.get_hold_case(request.user, case_id))


@router.post("/holds/{case_id}", response=answers({201: HoldsOfCaseOut}, 400, 404, 422))
def place_hold(request, case_id: Id, payload: HoldIn):
    case = access.get_hold_case(request.user, case_id)
    holds.place_hold(origin=origin(request), case=case, reason=payload.reason)
    return Status(201, _holds_of(case))


@router.post("/holds/{case_id}/lift", response=answers(HoldsOfCaseOut, 400, 404, 422))
def lift_hold(request, case_id: Id, payload: HoldIn):
    case = access.get_hold_case(request.user, case_id)
    holds.lift_hold(origin=origin(request), case=case, reason=payload.reason)
    return _holds_of(case)


def _zip(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@subject_access_router.get("/me", response=answers({200: None}, 404))
def export_mine(request):
    """Your own data: a ZIP of subject-access.pdf and subject-access.json."""
    return _zip(exports.employee_zip(origin=origin(request)), "harbour-subject-access.zip")


@subject_access_router.get("/people", response=answers(paged(PersonOut), 404, 422))
def find_people(request, pages: Query[PageIn], q: text(100, min_length=1)):
    if not access.is_administrator(request.user):
        raise Http404("Only a school's administrator answers subject access requests.")
    people = (
        access.subject_access_people(request.user).filter(name__icontains=q.strip()).order_by("name", "pk")
    )
    found = answer(people, pages)
    found["items"] = [{"id": p.pk, "name": p.display_name, "school_id": p.school_id} for p in found["items"]]
    return found


@subject_access_router.post("/people/{person_id}", response=answers({200: None}, 404, 422))
def export_person(request, person_id: Id):
    """A person of concern's data, others' details withheld: a ZIP of PDF and JSON."""
    person = access.get_subject_access_person(request.user, person_id)
    return _zip(
        exports.person_zip(origin=origin(request), person=person), f"harbour-subject-access-{person.pk}.zip"
    )
