"""Check-ins and the employee's online-safety checklist over the API, through the
same access predicates, selectors and services as the pages (prevention/views.py)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Day, Input, answers, codes, one_of, text
from harbour.prevention import selectors, services
from harbour.prevention.models import CHECKLIST_ITEMS, Concern

router = Router(tags=["check-ins"])
online_router = Router(tags=["online safety"])

ConcernFilter = Literal[tuple(selectors.CONCERN_FILTERS)]


class CheckInOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    school_id: int
    held_on: datetime.date
    concern: str
    notes: str
    recorded_at: datetime.datetime


class CheckInDetailOut(CheckInOut):
    # Open cases about the employee that the caller may already see; never any other.
    case_ids: list[int]
    can_open_case: bool


class CheckInIn(Input):
    employee_id: Id
    held_on: Day
    concern: one_of(Concern)
    notes: text(limits.TEXT) = ""


class StaffChoiceOut(Schema):
    id: int
    name: str
    school_id: int


def _check_in_out(check_in) -> dict:
    return {
        "id": check_in.pk,
        "employee_id": check_in.employee_id,
        "employee_name": check_in.employee.full_name,
        "school_id": check_in.school_id,
        "held_on": check_in.held_on,
        "concern": check_in.concern,
        "notes": check_in.notes,
        "recorded_at": check_in.recorded_at,
    }


@router.get("", response=answers(paged(CheckInOut), 422))
def list_check_ins(request, pages: Query[PageIn], concern: ConcernFilter = "", school_id: Id | None = None):
    """Check-ins the caller recorded, held with them, or (headteacher) held in their
    school, newest first; `concern` is raised (yes or not sure) or none."""
    if school_id is not None and school_id not in access.roles_by_school(request.user):
        school_id = None
    rows = selectors.check_in_list(
        access.visible_check_ins(request.user), concern=concern, school_id=school_id
    )
    items, count = page_of(rows, pages)
    return {"items": [_check_in_out(c) for c in items], "count": count}


@router.get("/staff", response=answers(paged(StaffChoiceOut), 404, 422))
def check_in_staff(request, pages: Query[PageIn], q: text(100) = ""):
    """Whom the caller may hold a check-in with (a manager's or headteacher's
    school), by name a page at a time; `q` narrows to names containing it. 404 for
    anyone who holds none, as the page."""
    staff = access.check_in_staff(request.user)
    if not staff.exists():
        raise Http404("No such page")
    if q.strip():
        staff = staff.filter(full_name__icontains=q.strip())
    items, count = page_of(staff.order_by("full_name", "id"), pages)
    rows = [{"id": s.pk, "name": s.full_name, "school_id": s.school_id} for s in items]
    return {"items": rows, "count": count}


@router.post("", response=answers({201: CheckInDetailOut}, 400, 404, 422))
def record_check_in(request, payload: CheckInIn):
    staff = access.check_in_staff(request.user)
    if not staff.exists():
        raise Http404("No such page")
    employee = staff.select_related("school").filter(pk=payload.employee_id).first()
    if employee is None:
        raise ValidationError({"employee_id": "Use the id of an active member of your school's staff."})
    check_in = services.record_check_in(
        origin=origin(request),
        employee=employee,
        held_on=payload.held_on,
        concern=payload.concern,
        notes=payload.notes,
    )
    return Status(201, _detail(request, access.get_check_in(request.user, check_in.pk)))


def _detail(request, check_in) -> dict:
    concern = check_in.concern != Concern.NO
    case_ids = []
    if concern:
        cases = selectors.open_cases_about(access.involved_cases(request.user), check_in.employee)
        case_ids = list(cases.order_by("pk").values_list("pk", flat=True))
    return {
        **_check_in_out(check_in),
        "case_ids": case_ids,
        "can_open_case": concern and access.can_open_case_in(request.user, check_in.employee.school_id),
    }


@router.get("/{check_in_id}", response=answers(CheckInDetailOut, 404, 422))
def read_check_in(request, check_in_id: Id):
    return _detail(request, access.get_check_in(request.user, check_in_id))


# --- the online-safety checklist ----------------------------------------------------------


class ChecklistItemOut(Schema):
    code: str
    label: str
    done: bool


class OnlineSafetyOut(Schema):
    completed_on: datetime.date | None
    revisit_on: datetime.date | None
    items: list[ChecklistItemOut]


class OnlineSafetyIn(Input):
    """The codes of the items true today; any left out are still to do."""

    completed_on: Day
    items: codes([code for code, _ in CHECKLIST_ITEMS]) = []


def _own(request):
    employee = access.own_staff(request.user).first()
    if employee is None:
        raise Http404("No such page")
    return employee


def _online_out(latest) -> dict:
    done = set(latest.items) if latest else set()
    return {
        "completed_on": latest.completed_on if latest else None,
        "revisit_on": latest.revisit_on if latest else None,
        "items": [{"code": code, "label": label, "done": code in done} for code, label in CHECKLIST_ITEMS],
    }


@online_router.get("", response=answers(OnlineSafetyOut, 404))
def read_online_safety(request):
    """The caller's own latest checklist (every item, ticked or not); theirs alone."""
    return _online_out(_own(request).online_checks.first())


@online_router.post("", response=answers({201: OnlineSafetyOut}, 400, 404, 422))
def complete_online_safety(request, payload: OnlineSafetyIn):
    check = services.complete_online_check(
        origin=origin(request), employee=_own(request), completed_on=payload.completed_on, items=payload.items
    )
    return Status(201, _online_out(check))
