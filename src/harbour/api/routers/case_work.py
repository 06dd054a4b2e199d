"""The case's status, circle, access log, meetings and calendar invitations over
the API: the same services, selectors and access predicates as the pages
(cases/views/cases.py, plans/views.py, plans/review_views.py). A case the caller
may not see is 404; seeing it without the right to act is 403, as on the page."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Day, Flag, Input, answers, codes, one_of, text
from harbour.audit import selectors as audit_selectors
from harbour.cases import services as case_services
from harbour.cases.models import CaseStatus, CircleRole
from harbour.plans import appendix, calendar
from harbour.plans import services as plan_services
from harbour.plans.areas import AREAS
from harbour.schools.models import StaffMember

router = Router(tags=["case status, circle and meetings"])


# --- status -------------------------------------------------------------------------


class StatusChangeOut(Schema):
    status: str
    at: datetime.datetime
    by: str
    note: str


class StatusOut(Schema):
    case_id: int
    status: str
    status_changed_at: datetime.datetime | None
    history: list[StatusChangeOut]


class StatusIn(Input):
    status: one_of(CaseStatus)
    note: text(limits.NOTE) = ""


def _managed(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher changes the case's status.")
    return case


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "Harbour"


def _status_out(case) -> dict:
    return {
        "case_id": case.pk,
        "status": case.status,
        "status_changed_at": case.status_changed_at,
        "history": [
            {"status": change.status, "at": change.at, "by": _name(change.by), "note": change.note}
            for change in case.status_changes.select_related("by")
        ],
    }


@router.get("/{case_id}/status-changes", response=answers(StatusOut, 403, 404, 422))
def read_case_status(request, case_id: Id):
    """The case's status and every change to it, oldest first, as the status page shows."""
    return _status_out(_managed(request, case_id))


@router.post("/{case_id}/status-changes", response=answers({201: StatusOut}, 400, 403, 404, 422))
def change_case_status(request, case_id: Id, payload: StatusIn):
    """Open, monitoring or closed, with a note of why. The same status again is a 422."""
    case = _managed(request, case_id)
    case_services.change_case_status(
        origin=origin(request), case=case, status=payload.status, note=payload.note
    )
    return Status(201, _status_out(case))


# --- circle -------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    staff_id: int
    name: str
    role: str
    added_at: datetime.datetime


class CircleOut(Schema):
    case_id: int
    owner_id: int
    members: list[MemberOut]


class MemberIn(Input):
    staff_id: Id
    role: one_of(CircleRole) = CircleRole.MEMBER.value


def _circle_case(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_change_circle(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher changes the circle.")
    return case


def _member_out(member) -> dict:
    return {
        "id": member.pk,
        "staff_id": member.staff_id,
        "name": member.staff.full_name,
        "role": member.role,
        "added_at": member.added_at,
    }


def _circle_out(case) -> dict:
    return {
        "case_id": case.pk,
        "owner_id": case.owner_id,
        "members": [_member_out(m) for m in case.members.select_related("staff")],
    }


@router.get("/{case_id}/circle", response=answers(CircleOut, 403, 404, 422))
def read_circle(request, case_id: Id):
    """Who is in the case's circle (the owner sees it too, without a membership)."""
    return _circle_out(_circle_case(request, case_id))


@router.post("/{case_id}/circle", response=answers({201: MemberOut}, 400, 403, 404, 422))
def add_member(request, case_id: Id, payload: MemberIn):
    """Give an active member of the case's school sight of the case."""
    case = _circle_case(request, case_id)
    staff = StaffMember.objects.filter(pk=payload.staff_id, school=case.school, is_active=True).first()
    if staff is None:
        raise ValidationError({"staff_id": "Use the id of an active member of this school's staff."})
    member = case_services.add_to_circle(origin=origin(request), case=case, staff=staff, role=payload.role)
    return Status(201, _member_out(member))


@router.delete("/{case_id}/circle/{member_id}", response=answers({204: None}, 403, 404, 422))
def remove_member(request, case_id: Id, member_id: Id):
    """Take someone out of the circle; the last employee affected stays (422)."""
    case = _circle_case(request, case_id)
    member = case.members.select_related("staff", "case").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member")
    case_services.remove_from_circle(origin=origin(request), member=member)
    return Status(204, None)


# --- access log ---------------------------------------------------------------------


class AccessEventOut(Schema):
    at: datetime.datetime
    who: str
    what: str
    via: str


@router.get("/{case_id}/access-log", response=answers(paged(AccessEventOut), 403, 404, 422))
def read_access_log(request, case_id: Id, pages: Query[PageIn]):
    """Who opened or changed the case, newest first, for the employee, the owner and
    the headteacher; other members of the circle read the case, not its log (403)."""
    case = access.get_case(request.user, case_id)
    if not access.can_see_access_log(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher sees the access log.")
    events, count = page_of(audit_selectors.case_events(case), pages)
    case_services.record_view(origin=origin(request), case=case, action="access_log.viewed")
    items = [
        {"at": e.at, "who": _name(e.actor), "what": audit_selectors.describe(e), "via": e.via} for e in events
    ]
    return {"items": items, "count": count}


# --- meetings -----------------------------------------------------------------------

AreaCode = one_of([area.code for area in AREAS])


class AreaOut(Schema):
    code: str
    title: str
    covered: bool
    notes: str


class MeetingOut(Schema):
    id: int
    case_id: int
    held_on: datetime.date
    next_meeting_on: datetime.date
    recorded_at: datetime.datetime
    recorded_by: str
    areas: list[AreaOut]


class MeetingRowOut(Schema):
    id: int
    held_on: datetime.date
    next_meeting_on: datetime.date
    recorded_at: datetime.datetime


class AreaIn(Input):
    covered: Flag = False
    notes: text(limits.TEXT) = ""


class MeetingIn(Input):
    """`areas` by area code (explore, not_at_fault, …); an area left out was not
    covered. `measures` are codes of the guide's measures to propose for the plan."""

    held_on: Day
    next_meeting_on: Day
    areas: dict[AreaCode, AreaIn] = {}
    measures: codes(appendix.MEASURE_BY_CODE) = []


def _meeting_out(meeting) -> dict:
    return {
        "id": meeting.pk,
        "case_id": meeting.case_id,
        "held_on": meeting.held_on,
        "next_meeting_on": meeting.next_meeting_on,
        "recorded_at": meeting.recorded_at,
        "recorded_by": _name(meeting.recorded_by),
        "areas": [
            {"code": a.code, "title": a.title, **meeting.areas.get(a.code, {"covered": False, "notes": ""})}
            for a in AREAS
        ],
    }


@router.get("/{case_id}/meetings", response=answers(paged(MeetingRowOut), 404, 422))
def list_meetings(request, case_id: Id, pages: Query[PageIn]):
    """The case's meetings, newest first, for whoever reads the case's record."""
    case = access.get_case(request.user, case_id)
    meetings, count = page_of(case.meetings.order_by("-held_on", "-id"), pages)
    return {"items": meetings, "count": count}


@router.post("/{case_id}/meetings", response=answers({201: MeetingOut}, 400, 403, 404, 422))
def record_meeting(request, case_id: Id, payload: MeetingIn):
    """Record a meeting with the employee (the case owner or the headteacher); it
    books the next review for the next meeting and proposes the chosen measures."""
    case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher records meetings.")
    meeting = plan_services.record_meeting(
        origin=origin(request),
        case=case,
        held_on=payload.held_on,
        areas={code: area.dict() for code, area in payload.areas.items()},
        next_meeting_on=payload.next_meeting_on,
        proposed_measures=payload.measures,
    )
    meeting = access.get_meeting(request.user, case, meeting.pk)
    return Status(201, _meeting_out(meeting))


@router.get("/{case_id}/meetings/{meeting_id}", response=answers(MeetingOut, 404, 422))
def read_meeting(request, case_id: Id, meeting_id: Id):
    case = access.get_case(request.user, case_id)
    meeting = access.get_meeting(request.user, case, meeting_id)
    case_services.record_view(origin=origin(request), case=case, obj=meeting, action="meeting.viewed")
    return _meeting_out(meeting)


def _calendar_file(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/{case_id}/meetings/{meeting_id}/invitation", response=answers({200: None}, 404, 422))
def meeting_invitation(request, case_id: Id, meeting_id: Id):
    """The next meeting as a calendar file (text/calendar), the same file as the page's."""
    case = access.get_case(request.user, case_id)
    meeting = access.get_meeting(request.user, case, meeting_id)
    link = request.build_absolute_uri(reverse("case-detail", kwargs={"case_id": case.pk}))
    body = calendar.next_meeting_invitation(meeting=meeting, link=link, host=request.get_host().split(":")[0])
    case_services.record_view(
        origin=origin(request), case=case, obj=meeting, action="meeting.invitation_downloaded"
    )
    return _calendar_file(body, "harbour-meeting.ics")


@router.get("/{case_id}/review/invitation", response=answers({200: None}, 404, 422))
def review_invitation(request, case_id: Id):
    """The next review as a calendar file (text/calendar); 404 when none is booked."""
    case = access.get_case(request.user, case_id, part=access.SUMMARY)
    if case.next_review_on is None:
        raise Http404("No review booked")
    link = request.build_absolute_uri(reverse("case-detail", kwargs={"case_id": case.pk}))
    body = calendar.review_invitation(case=case, link=link, host=request.get_host().split(":")[0])
    case_services.record_view(origin=origin(request), case=case, action="review.invitation_downloaded")
    return _calendar_file(body, "harbour-review.ics")
