"""My work over the API: what is due for the caller, in the page's sections and
with the page's items, read by harbour.web.work (the same selectors as the page).
GET /my-work is the page (each section's first SECTION_LIMIT rows, and whether
there are more); GET /my-work/<section> pages through one section in full, as
/work/<section>/ does."""

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.cases import _case_out
from harbour.api.routers.common import origin
from harbour.api.schemas import CaseOut
from harbour.api.types import answers
from harbour.cases import services as case_services
from harbour.risk import signals as signal_rules
from harbour.web import work

router = Router(tags=["my work"])

SignalCode = Literal[tuple(signal_rules.TITLES)]


class SignalOut(Schema):
    code: SignalCode
    title: str
    incident_ids: list[int]


class SignalCaseOut(Schema):
    case_id: int
    reference: str
    signals: list[SignalOut]


class DueOut(Schema):
    case_id: int
    reference: str
    due_on: datetime.date
    overdue: bool


class DueActionOut(DueOut):
    action_id: int
    section: str


class DecisionOut(Schema):
    action_id: int
    case_id: int
    reference: str
    section: str
    measure: str
    proposed_at: datetime.datetime


class BreachDueOut(Schema):
    id: int
    case_id: int
    reference: str
    attempt_at: datetime.datetime = Field(..., description="When reception logged the contact.")
    flagged_at: datetime.datetime


class CountsOut(Schema):
    open: int
    monitoring: int
    closed: int


class OnlineSafetyDueOut(Schema):
    due: bool = Field(..., description="Whether it is time to check your online safety settings (again).")
    last_checked_on: datetime.date | None
    revisit_on: datetime.date | None


class AwarenessDueOut(Schema):
    status: Literal["missing", "current", "expired"]
    completed_on: datetime.date | None = None
    due_on: datetime.date | None = None


class MyWorkOut(Schema):
    has_staff_record: bool = Field(
        ..., description="False for an account not in any school's staff directory."
    )
    counts: CountsOut = Field(..., description="The caller's own cases (owner or circle), by status.")
    school_cases: int | None = Field(..., description="A headteacher's other live cases of their schools.")
    can_open_case: bool
    cases: list[CaseOut] = Field(
        ..., description=f"The newest {work.SECTION_LIMIT} of the caller's live cases."
    )
    more_cases: bool
    signals: list[SignalCaseOut]
    more_signals: bool
    reviews: list[DueOut]
    more_reviews: bool
    actions: list[DueActionOut]
    more_actions: bool
    decisions: list[DecisionOut]
    more_decisions: bool
    breaches: list[BreachDueOut] = Field(
        ...,
        description="Possible breaches of court orders waiting for a police reference, newest first; "
        "GET /possible-breaches has them all.",
    )
    more_breaches: bool
    online_safety: OnlineSafetyDueOut | None = Field(..., description="None without a staff record.")
    awareness: AwarenessDueOut | None = Field(..., description="None without a staff record.")


def _signal_case(case, found) -> dict:
    return {
        "case_id": case.pk,
        "reference": case.reference,
        "signals": [
            {"code": signal.code, "title": signal.title, "incident_ids": list(signal.incident_ids)}
            for signal in found
        ],
    }


def _due(item) -> dict:
    return {
        "case_id": item.case.pk,
        "reference": item.case.reference,
        "due_on": item.due_on,
        "overdue": item.overdue,
    }


def _due_action(item) -> dict:
    return {**_due(item), "action_id": item.action.pk, "section": item.action.section}


def _decision(action) -> dict:
    return {
        "action_id": action.pk,
        "case_id": action.case.pk,
        "reference": action.case.reference,
        "section": action.section,
        "measure": action.measure,
        "proposed_at": action.created_at,
    }


def _breach(breach) -> dict:
    return {
        "id": breach.pk,
        "case_id": breach.case_id,
        "reference": breach.case.reference,
        "attempt_at": breach.attempt.at,
        "flagged_at": breach.flagged_at,
    }


@router.get("", response=answers(MyWorkOut))
def my_work(request):
    """What My work shows the caller: their cases, signs of escalation, reviews and
    plan actions due within a week or overdue, decisions waiting for them, possible
    breaches of court orders, and the online-safety and awareness prompts. Each list
    is cut at the page's limit."""
    found = work.overview(request.user, timezone.localdate())
    case_services.record_list_view(origin=origin(request), cases=found.cases)
    check = found.latest_check
    has_own = found.awareness is not None  # the caller has a staff record of their own
    return {
        "has_staff_record": found.has_staff_record,
        "counts": found.counts,
        "school_cases": found.school_cases,
        "can_open_case": found.can_open,
        "cases": [_case_out(case) for case in found.cases],
        "more_cases": found.more_cases,
        "signals": [_signal_case(case, signals) for case, signals in found.signals],
        "more_signals": found.more_signals,
        "reviews": [_due(item) for item in found.due["reviews"]],
        "more_reviews": found.due["more_reviews"],
        "actions": [_due_action(item) for item in found.due["actions"]],
        "more_actions": found.due["more_actions"],
        "decisions": [_decision(action) for action in found.decisions],
        "more_decisions": found.more_decisions,
        "breaches": [_breach(breach) for breach in found.breaches],
        "more_breaches": found.more_breaches,
        "online_safety": {
            "due": found.online_check_due,
            "last_checked_on": check.completed_on if check else None,
            "revisit_on": check.revisit_on if check else None,
        }
        if has_own
        else None,
        "awareness": found.awareness,
    }


def _section(request, section: str, pages: PageIn, shape_one) -> dict:
    rows, shape = work.section_rows(request.user, section, timezone.localdate())
    page, count = page_of(rows, pages)
    return {"items": [shape_one(row) for row in shape(page)], "count": count}


@router.get("/signals", response=answers(paged(SignalCaseOut), 422))
def my_work_signals(request, pages: Query[PageIn]):
    """Every live case the caller answers for with open signs of escalation, newest first."""
    return _section(request, "signals", pages, lambda case: _signal_case(case, case.open_signal_list))


@router.get("/reviews", response=answers(paged(DueOut), 422))
def my_work_reviews(request, pages: Query[PageIn]):
    """Every review due within a week or overdue, earliest first."""
    return _section(request, "reviews", pages, _due)


@router.get("/actions", response=answers(paged(DueActionOut), 422))
def my_work_actions(request, pages: Query[PageIn]):
    """Every live plan action to look at again within a week or overdue, earliest first."""
    return _section(request, "actions", pages, _due_action)


@router.get("/decisions", response=answers(paged(DecisionOut), 422))
def my_work_decisions(request, pages: Query[PageIn]):
    """Every contact measure waiting for the caller's decision as headteacher, oldest first."""
    return _section(request, "decisions", pages, _decision)
