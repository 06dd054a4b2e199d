"""The action plan, its CCTV section and the case's next review, over the same
services as the pages."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import LEFT_AS_IT_IS, Day, Flag, Input, answers, model_text, one_of, text
from harbour.cases import services as case_services
from harbour.plans import appendix, selectors, services
from harbour.plans.models import ActionStatus, Answer, CctvCheck
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


Section = one_of(appendix.SECTION_BY_CODE)
Measure = one_of(["", *appendix.MEASURE_BY_CODE])
Agreed = text(services.AGREED_LIMIT)


class ActionIn(Input):
    section: Section
    measure: Measure = ""
    agreed: Agreed
    owner_id: Id | None = None
    status: one_of(ActionStatus) = ActionStatus.AGREED.value
    in_place_on: Day | None = None
    next_review_on: Day | None = None


class ActionChangeIn(Input):
    """Only the fields sent change; `owner_id`, `in_place_on` and `next_review_on`
    may be null to clear them."""

    agreed: Agreed = LEFT_AS_IT_IS
    owner_id: Id | None = LEFT_AS_IT_IS
    status: one_of(ActionStatus) = LEFT_AS_IT_IS
    in_place_on: Day | None = LEFT_AS_IT_IS
    next_review_on: Day | None = LEFT_AS_IT_IS
    note: text(limits.NOTE) = ""


class DecisionIn(Input):
    approve: Flag
    note: text(limits.NOTE) = ""


class CctvIn(Input):
    could_support_evidence: one_of(Answer) = Answer.NOT_KNOWN.value
    preservation_requested_on: Day | None = None
    preservation_requested_from: model_text(CctvCheck, "preservation_requested_from") = ""
    overwritten_on: Day | None = None
    policy_covers_use: one_of(Answer) = Answer.NOT_KNOWN.value
    policy_confirmed_by: model_text(CctvCheck, "policy_confirmed_by") = ""


class ReviewIn(Input):
    review_on: Day


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


@router.get("/{case_id}/plan", response=answers(PlanOut, 404, 422))
def read_plan(request, case_id: Id):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    case_services.record_view(origin=origin(request), case=case, action="plan.viewed")
    return _plan_out(case)


@router.post("/{case_id}/plan/actions", response=answers({201: ActionOut}, 400, 403, 404, 422))
def add_action(request, case_id: Id, payload: ActionIn):
    case = _editable(request, case_id)
    values = payload.dict(exclude={"section", "measure", "owner_id"})
    values["owner"] = _owner(case, payload.owner_id)
    action = services.add_action(
        origin=origin(request), case=case, section=payload.section, measure=payload.measure, values=values
    )
    return Status(201, action)


@router.patch("/{case_id}/plan/actions/{action_id}", response=answers(ActionOut, 400, 403, 404, 422))
def change_action(request, case_id: Id, action_id: Id, payload: ActionChangeIn):
    case = _editable(request, case_id)
    action = access.get_plan_action(request.user, case, action_id)
    values = payload.dict(exclude_unset=True, exclude={"note", "owner_id"})
    if "owner_id" in payload.model_fields_set:
        values["owner"] = _owner(case, payload.owner_id)
    return services.update_action(origin=origin(request), action=action, values=values, note=payload.note)


@router.post("/{case_id}/plan/actions/{action_id}/decision", response=answers(ActionOut, 400, 403, 404, 422))
def decide_action(request, case_id: Id, action_id: Id, payload: DecisionIn):
    case = access.get_case(request.user, case_id, part=access.PLAN)
    action = access.get_plan_action(request.user, case, action_id)
    if not access.can_approve_contact_measures(request.user, case):
        raise PermissionDenied("Only the headteacher decides contact measures.")
    return services.decide_approval(
        origin=origin(request), action=action, approve=payload.approve, note=payload.note
    )


@router.put("/{case_id}/plan/cctv", response=answers(CctvOut, 400, 403, 404, 422))
def record_cctv(request, case_id: Id, payload: CctvIn):
    case = _editable(request, case_id)
    return services.record_cctv(origin=origin(request), case=case, values=payload.dict())


@router.put("/{case_id}/review", response=answers(ReviewOut, 400, 403, 404, 422))
def book_review(request, case_id: Id, payload: ReviewIn):
    case = access.get_case(request.user, case_id, part=access.SUMMARY)
    if not access.can_edit_plan(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher books reviews.")
    case = services.book_review(origin=origin(request), case=case, review_on=payload.review_on)
    return {"case_id": case.pk, "next_review_on": case.next_review_on}
