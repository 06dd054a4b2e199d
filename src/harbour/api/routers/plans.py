"""The action plan, its CCTV section and the case's next review, over the same
services as the pages."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.routers.common import origin
from harbour.cases import services as case_services
from harbour.plans import selectors, services
from harbour.schools.models import StaffMember

router = Router(tags=["action plan"])


class ActionOut(Schema):
    id: int
    section: str
    measure: str
    agreed: str
    owner_id: int | None
    status: str
    in_place_on: datetime.date | None
    next_review_on: datetime.date | None
    approval: str
    approval_at: datetime.datetime | None
    approval_note: str


class CctvOut(Schema):
    could_support_evidence: str
    preservation_requested_on: datetime.date | None
    preservation_requested_from: str
    overwritten_on: datetime.date | None
    policy_covers_use: str
    policy_confirmed_by: str
    recorded_at: datetime.datetime


class PlanOut(Schema):
    case_id: int
    next_review_on: datetime.date | None
    actions: list[ActionOut]
    cctv: CctvOut | None


class ActionIn(Schema):
    section: str
    measure: str = ""
    agreed: str
    owner_id: int | None = None
    status: str = "agreed"
    in_place_on: datetime.date | None = None
    next_review_on: datetime.date | None = None


class ActionChangeIn(Schema):
    agreed: str | None = None
    owner_id: int | None = None
    status: str | None = None
    in_place_on: datetime.date | None = None
    next_review_on: datetime.date | None = None
    note: str = ""


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class CctvIn(Schema):
    could_support_evidence: str = "not_known"
    preservation_requested_on: datetime.date | None = None
    preservation_requested_from: str = ""
    overwritten_on: datetime.date | None = None
    policy_covers_use: str = "not_known"
    policy_confirmed_by: str = ""


class ReviewIn(Schema):
    review_on: datetime.date


class ReviewOut(Schema):
    case_id: int
    next_review_on: datetime.date | None


def _plan_out(case) -> dict:
    view = selectors.plan_view(case)
    return {
        "case_id": case.pk,
        "next_review_on": case.next_review_on,
        "actions": view.actions,
        "cctv": view.cctv,
    }


def _owner(case, owner_id):
    if owner_id is None:
        return None
    owner = StaffMember.objects.filter(pk=owner_id, school=case.school, is_active=True).first()
    if owner is None:
        raise ValidationError({"owner_id": "Use the id of an active member of this school's staff."})
    return owner


def _editable(request, case_id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    if not access.can_edit_plan(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher changes the plan.")
    return case


@router.get("/{case_id}/plan", response=PlanOut)
def read_plan(request, case_id: int):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    case_services.record_view(origin=origin(request), case=case, action="plan.viewed")
    return _plan_out(case)


@router.post("/{case_id}/plan/actions", response={201: ActionOut})
def add_action(request, case_id: int, payload: ActionIn):
    case = _editable(request, case_id)
    values = payload.dict(exclude={"section", "measure", "owner_id"})
    values["owner"] = _owner(case, payload.owner_id)
    action = services.add_action(
        origin=origin(request), case=case, section=payload.section, measure=payload.measure, values=values
    )
    return Status(201, action)


@router.patch("/{case_id}/plan/actions/{action_id}", response=ActionOut)
def change_action(request, case_id: int, action_id: int, payload: ActionChangeIn):
    case = _editable(request, case_id)
    action = access.get_plan_action(request.user, case, action_id)
    values = payload.dict(exclude_unset=True, exclude={"note", "owner_id"})
    if "owner_id" in payload.model_fields_set:
        values["owner"] = _owner(case, payload.owner_id)
    return services.update_action(origin=origin(request), action=action, values=values, note=payload.note)


@router.post("/{case_id}/plan/actions/{action_id}/decision", response=ActionOut)
def decide_action(request, case_id: int, action_id: int, payload: DecisionIn):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    action = access.get_plan_action(request.user, case, action_id)
    if not access.can_approve_contact_measures(request.user, case):
        raise PermissionDenied("Only the headteacher decides contact measures.")
    return services.decide_approval(
        origin=origin(request), action=action, approve=payload.approve, note=payload.note
    )


@router.put("/{case_id}/plan/cctv", response=CctvOut)
def record_cctv(request, case_id: int, payload: CctvIn):
    case = _editable(request, case_id)
    return services.record_cctv(origin=origin(request), case=case, values=payload.dict())


@router.put("/{case_id}/review", response=ReviewOut)
def book_review(request, case_id: int, payload: ReviewIn):
    case = access.get_case(request.user, case_id, part=access.SUMMARY)
    if not access.can_edit_plan(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher books reviews.")
    case = services.book_review(origin=origin(request), case=case, review_on=payload.review_on)
    return {"case_id": case.pk, "next_review_on": case.next_review_on}
