"""The employee's "Your support" over the API: what the school has done on their
cases (the timeline), the support their schools offer, and the travel arrangement
they record; and the school settings for that support."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from harbour import access
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.types import Flag, Id, Input, answers, text
from harbour.cases import services as case_services
from harbour.observations import selectors as observation_selectors
from harbour.plans import travel
from harbour.schools import helplines, support
from harbour.web import timeline
from harbour.web.support import support_resources

router = Router(tags=["your support"])
cases_router = Router(tags=["your support"])
schools_router = Router(tags=["school settings"])


class EventOut(Schema):
    kind: str = Field(..., description="status, meeting, action, restriction or risk")
    on: datetime.date
    case_id: int
    reference: str
    title: str
    detail: str


class CaseOut(Schema):
    id: int
    reference: str
    status: str
    next_review_on: datetime.date | None


class HelplineOut(Schema):
    name: str
    phone: str
    url: str
    about: str


class ChampionOut(Schema):
    name: str
    email: str


class SchoolSupportOut(Schema):
    school_id: int
    school: str
    workplace_champion: ChampionOut | None
    employee_assistance_name: str
    employee_assistance_phone: str
    employee_assistance_url: str
    employee_assistance_about: str
    helplines: list[HelplineOut]


class YourSupportOut(Schema):
    cases: list[CaseOut]
    latest: list[EventOut] = Field(..., description=f"The newest {timeline.PREVIEW} events of the timeline.")
    more_events: bool
    support: list[SchoolSupportOut]
    observations_waiting: int = Field(
        ..., description="Colleagues' observations about the caller still waiting for their decision."
    )


def _event(event: timeline.Event) -> dict:
    return {**event.__dict__, "reference": event.reference}


def _school_support(resource: dict) -> dict:
    school, champion = resource["school"], resource["champion"]
    return {
        "school_id": school.pk,
        "school": school.name,
        "workplace_champion": {"name": champion.full_name, "email": champion.email} if champion else None,
        **{name: getattr(school, name) for name in support.ASSISTANCE_FIELDS},
        "helplines": [line.__dict__ for line in resource["helplines"]],
    }


@router.get("", response=answers(YourSupportOut))
def your_support(request):
    """The caller's own cases, the newest of what the school has done on them, and
    who they can talk to."""
    cases = list(
        access.employee_cases(request.user).select_related("school").order_by("status", "-opened_at")
    )
    if cases:
        case_services.record_list_view(origin=origin(request), cases=cases)
    events, more = timeline.preview(request.user, cases)
    return {
        "cases": [
            {"id": c.pk, "reference": c.reference, "status": c.status, "next_review_on": c.next_review_on}
            for c in cases
        ],
        "latest": [_event(e) for e in events],
        "more_events": more,
        "support": [_school_support(r) for r in support_resources(request.user)],
        "observations_waiting": observation_selectors.awaiting_count(access.observations_about(request.user)),
    }


@router.get("/timeline", response=answers(paged(EventOut), 422))
def your_timeline(request, pages: Query[PageIn]):
    """Everything the school has done on the caller's cases, newest first."""
    cases = list(access.employee_cases(request.user).order_by("pk"))
    rows, count = page_of(timeline.rows(request.user, cases), pages)
    if cases:
        case_services.record_list_view(origin=origin(request), cases=cases, action="timeline.viewed")
    return {"items": [_event(e) for e in timeline.events(rows)], "count": count}


# --- the travel arrangement --------------------------------------------------------


class TravelIn(Input):
    contact_name: text(travel.limit("contact_name"), min_length=1)
    contact_relationship: text(travel.limit("contact_relationship")) = ""
    contact_phone: text(travel.limit("contact_phone"), min_length=1)
    second_contact_name: text(travel.limit("second_contact_name")) = ""
    second_contact_relationship: text(travel.limit("second_contact_relationship")) = ""
    second_contact_phone: text(travel.limit("second_contact_phone")) = ""
    check_in_with: text(travel.limit("check_in_with")) = ""
    check_in_when: text(travel.limit("check_in_when")) = ""
    if_no_check_in: text(travel.limit("if_no_check_in")) = ""
    shared_with_case_team: Flag = False


class TravelOut(Schema):
    id: int
    contact_name: str
    contact_relationship: str
    contact_phone: str
    second_contact_name: str
    second_contact_relationship: str
    second_contact_phone: str
    check_in_with: str
    check_in_when: str
    if_no_check_in: str
    shared_with_case_team: bool
    recorded_at: datetime.datetime


class TravelHistoryOut(Schema):
    current: TravelOut | None
    earlier: list[TravelOut] = Field(
        ..., description=f"Older versions, newest first (at most {travel.HISTORY_SHOWN - 1})."
    )


@cases_router.get("/{case_id}/travel-arrangement", response=answers(TravelHistoryOut, 403, 404, 422))
def read_travel_arrangement(request, case_id: Id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    arrangements = travel.history(case)
    shared = bool(arrangements) and arrangements[0].shared_with_case_team
    if not access.sees_travel_arrangement(request.user, case, shared):
        raise PermissionDenied("Only the employee, their case manager and the people they chose see this.")
    case_services.record_view(origin=origin(request), case=case, action="travel_arrangement.viewed")
    return {"current": arrangements[0] if arrangements else None, "earlier": arrangements[1:]}


@cases_router.put("/{case_id}/travel-arrangement", response=answers(TravelOut, 400, 403, 404, 422))
def save_travel_arrangement(request, case_id: Id, payload: TravelIn):
    """Record the arrangement as it now stands; the earlier version is kept."""
    case = access.get_case(request.user, case_id, part=access.PLAN)
    if not access.can_record_travel(request.user, case):
        raise PermissionDenied("Only the employee records their travel arrangements, while the case is open.")
    return travel.record(origin=origin(request), case=case, values=payload.dict())


# --- the school's settings ----------------------------------------------------------


class LineIn(Input):
    name: text(helplines.NAME_LIMIT, min_length=1)
    phone: text(helplines.PHONE_LIMIT) = ""
    url: text(helplines.URL_LIMIT) = ""
    about: text(helplines.ABOUT_LIMIT) = ""


class SupportResourcesIn(Input):
    employee_assistance_name: text(helplines.NAME_LIMIT) = ""
    employee_assistance_phone: text(helplines.PHONE_LIMIT) = ""
    employee_assistance_url: text(helplines.URL_LIMIT) = ""
    employee_assistance_about: text(helplines.ABOUT_LIMIT) = ""
    show_national_helplines: Flag = True
    local_helplines: list[LineIn] = Field([], max_length=helplines.LOCAL_LIMIT)


class SupportResourcesOut(Schema):
    school_id: int
    employee_assistance_name: str
    employee_assistance_phone: str
    employee_assistance_url: str
    employee_assistance_about: str
    show_national_helplines: bool
    local_helplines: list[HelplineOut]
    national_helplines: list[HelplineOut]


def _settings(school) -> dict:
    return {
        "school_id": school.pk,
        **{name: getattr(school, name) for name in support.ASSISTANCE_FIELDS},
        "show_national_helplines": school.show_national_helplines,
        "local_helplines": [line.__dict__ for line in helplines.local_lines(school)],
        "national_helplines": [line.__dict__ for line in helplines.NATIONAL],
    }


@schools_router.get("/{school_id}/support-resources", response=answers(SupportResourcesOut, 404, 422))
def read_support_resources(request, school_id: Id):
    return _settings(access.get_settings_school(request.user, school_id))


@schools_router.put("/{school_id}/support-resources", response=answers(SupportResourcesOut, 400, 404, 422))
def save_support_resources(request, school_id: Id, payload: SupportResourcesIn):
    school = access.get_settings_school(request.user, school_id)
    return _settings(
        support.save_support_resources(origin=origin(request), school=school, values=payload.dict())
    )
