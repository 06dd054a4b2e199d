"""Writes for the manager's path after the case is open: meetings, reviews, the
action plan and its CCTV section. Each is one transaction with its audit event;
authorisation is the caller's (harbour.access), the rules of a valid record are here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus
from harbour.evidence import chain
from harbour.plans import appendix
from harbour.plans.areas import AREAS
from harbour.plans.models import (
    ActionStatus,
    Answer,
    Approval,
    CctvCheck,
    Meeting,
    PlanAction,
    PlanActionChange,
)
from harbour.schools.models import StaffMember

AGREED_LIMIT = 2000
ACTION_FIELDS = ("agreed", "owner", "in_place_on", "next_review_on", "status")


def _open(case: Case, what: str) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": f"This case is closed. Reopen it before {what}."})


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


# --- meetings and reviews ---------------------------------------------------------------------


@transaction.atomic
def record_meeting(
    *,
    origin: Origin,
    case: Case,
    held_on: datetime.date,
    areas: dict,
    next_meeting_on: datetime.date,
    proposed_measures: list[str] = (),
) -> Meeting:
    """Record the meeting; it books the case's next review for the next meeting
    date and proposes the chosen measures as the start of the action plan."""
    _open(case, "recording a meeting")
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "The meeting date must be today or in the past."
    if next_meeting_on <= held_on:
        errors["next_meeting_on"] = "The next meeting must be after this one."
    if any(code not in appendix.MEASURE_BY_CODE for code in proposed_measures):
        errors["measures"] = "Choose measures from the list."
    if errors:
        raise ValidationError(errors)
    cleaned = {
        area.code: {
            "covered": bool(areas.get(area.code, {}).get("covered")),
            "notes": (areas.get(area.code, {}).get("notes") or "").strip(),
        }
        for area in AREAS
    }
    meeting = Meeting.objects.create(
        case=case, held_on=held_on, areas=cleaned, next_meeting_on=next_meeting_on, recorded_by=origin.user
    )
    chain.append(origin=origin, case=case, kind="meeting", record=meeting)
    record_event(
        origin=origin,
        action="meeting.recorded",
        obj=meeting,
        case=case,
        covered=sorted(code for code, answer in cleaned.items() if answer["covered"]),
    )
    already = set(case.plan_actions.exclude(status=ActionStatus.STOPPED).values_list("measure", flat=True))
    for code in dict.fromkeys(proposed_measures):
        if code not in already:
            measure = appendix.MEASURE_BY_CODE[code]
            add_action(
                origin=origin,
                case=case,
                section=measure.section,
                measure=code,
                values={"agreed": measure.text, "status": ActionStatus.PROPOSED},
            )
    if next_meeting_on >= timezone.localdate():
        book_review(origin=origin, case=case, review_on=next_meeting_on)
    return meeting


@transaction.atomic
def book_review(*, origin: Origin, case: Case, review_on: datetime.date) -> Case:
    _open(case, "booking a review")
    if review_on < timezone.localdate():
        raise ValidationError({"review_on": "The review date must be today or in the future."})
    case = _locked(case)
    previous = case.next_review_on
    case.next_review_on = review_on
    case.save(update_fields=["next_review_on"])
    record_event(
        origin=origin,
        action="review.booked",
        obj=case,
        case=case,
        **{"from": previous.isoformat() if previous else None, "to": review_on.isoformat()},
    )
    return case


# --- the action plan ---------------------------------------------------------------------------


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, StaffMember):
        return value.pk
    return value


def _clean_action(case: Case, values: dict) -> dict:
    errors = {}
    agreed = (values.get("agreed") or "").strip()
    if not agreed:
        errors["agreed"] = "Say what is agreed."
    elif len(agreed) > AGREED_LIMIT:
        errors["agreed"] = f"Keep this to {AGREED_LIMIT} characters or fewer."
    owner = values.get("owner")
    if owner is not None and (owner.school_id != case.school_id or not owner.is_active):
        errors["owner"] = "Choose someone from this school's staff."
    status = values.get("status") or ActionStatus.AGREED
    if status not in ActionStatus.values:
        errors["status"] = "Choose a status from the list."
    in_place_on = values.get("in_place_on")
    if status == ActionStatus.IN_PLACE and not in_place_on:
        errors["in_place_on"] = "Enter the date the action was put in place."
    if in_place_on and in_place_on > timezone.localdate():
        errors["in_place_on"] = "The date it was put in place must be today or in the past."
    if errors:
        raise ValidationError(errors)
    return {
        "agreed": agreed,
        "owner": owner,
        "in_place_on": in_place_on,
        "next_review_on": values.get("next_review_on"),
        "status": status,
    }


def _check_approval(action: PlanAction, status: str) -> None:
    if status == ActionStatus.IN_PLACE and action.approval in (Approval.PENDING, Approval.DECLINED):
        raise ValidationError(
            {"status": "The headteacher must approve this contact measure before it is put in place."}
        )


def _chain(origin: Origin, action: PlanAction, change: PlanActionChange) -> None:
    # The action as it now stands (a new version of it), then the change that made it so.
    chain.append(origin=origin, case=action.case, kind="plan_action", record=action)
    chain.append(origin=origin, case=action.case, kind="plan_action_change", record=change)


@transaction.atomic
def add_action(*, origin: Origin, case: Case, section: str, values: dict, measure: str = "") -> PlanAction:
    _open(case, "changing the action plan")
    if section not in appendix.SECTION_BY_CODE:
        raise ValidationError({"section": "Choose a section of the plan."})
    chosen = appendix.MEASURE_BY_CODE.get(measure) if measure else None
    if measure and (chosen is None or chosen.section != section):
        raise ValidationError({"measure": "Choose a measure from this section of the plan."})
    cleaned = _clean_action(case, values)
    needs_approval = section == appendix.CONTACT
    action = PlanAction(
        case=case,
        section=section,
        measure=measure,
        approval=Approval.PENDING if needs_approval else Approval.NOT_NEEDED,
        created_by=origin.user,
        **cleaned,
    )
    _check_approval(action, cleaned["status"])
    action.save()
    change = PlanActionChange.objects.create(
        action=action,
        by=origin.user,
        kind="created",
        changes={name: {"from": None, "to": _json(value)} for name, value in cleaned.items()},
    )
    _chain(origin, action, change)
    record_event(origin=origin, action="plan.action_added", obj=action, case=case, section=section)
    return action


@transaction.atomic
def update_action(*, origin: Origin, action: PlanAction, values: dict, note: str = "") -> PlanAction:
    _open(action.case, "changing the action plan")
    action = (
        PlanAction.objects.select_for_update(of=("self",)).select_related("case", "owner").get(pk=action.pk)
    )
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    cleaned = _clean_action(
        action.case, {**current, **{k: v for k, v in values.items() if k in ACTION_FIELDS}}
    )
    _check_approval(action, cleaned["status"])
    changes = {
        name: {"from": _json(current[name]), "to": _json(cleaned[name])}
        for name in ACTION_FIELDS
        if _json(current[name]) != _json(cleaned[name])
    }
    if not changes:
        raise ValidationError({"__all__": "Nothing has changed. Change at least one answer, or cancel."})
    for name in changes:
        setattr(action, name, cleaned[name])
    action.save(update_fields=list(changes))
    change = PlanActionChange.objects.create(
        action=action, by=origin.user, kind="updated", changes=changes, note=(note or "").strip()
    )
    _chain(origin, action, change)
    record_event(
        origin=origin, action="plan.action_updated", obj=action, case=action.case, fields=sorted(changes)
    )
    return action


@transaction.atomic
def decide_approval(*, origin: Origin, action: PlanAction, approve: bool, note: str = "") -> PlanAction:
    """The headteacher's decision on a contact-reduction measure."""
    _open(action.case, "deciding on a measure")
    action = PlanAction.objects.select_for_update(of=("self",)).select_related("case").get(pk=action.pk)
    if action.approval == Approval.NOT_NEEDED:
        raise ValidationError({"__all__": "This action does not need the headteacher's approval."})
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "Say why the measure is not approved."})
    decision = Approval.APPROVED if approve else Approval.DECLINED
    changes = {"approval": {"from": action.approval, "to": decision}}
    action.approval = decision
    action.approval_by = origin.user
    action.approval_at = timezone.now()
    action.approval_note = note
    if not approve and action.status != ActionStatus.STOPPED:
        changes["status"] = {"from": action.status, "to": ActionStatus.STOPPED}
        action.status = ActionStatus.STOPPED
    elif approve and action.status == ActionStatus.PROPOSED:
        changes["status"] = {"from": action.status, "to": ActionStatus.AGREED}
        action.status = ActionStatus.AGREED
    action.save(update_fields=["approval", "approval_by", "approval_at", "approval_note", "status"])
    change = PlanActionChange.objects.create(
        action=action, by=origin.user, kind=decision, changes=changes, note=note
    )
    _chain(origin, action, change)
    record_event(origin=origin, action=f"plan.action_{decision}", obj=action, case=action.case)
    return action


CCTV_TEXT_LIMIT = 200


@transaction.atomic
def record_cctv(*, origin: Origin, case: Case, values: dict) -> CctvCheck:
    _open(case, "changing the action plan")
    errors = {}
    for name in ("could_support_evidence", "policy_covers_use"):
        if values.get(name, Answer.NOT_KNOWN) not in Answer.values:
            errors[name] = "Choose yes, no or not known yet."
    for name in ("preservation_requested_from", "policy_confirmed_by"):
        if len(values.get(name) or "") > CCTV_TEXT_LIMIT:
            errors[name] = f"Keep this to {CCTV_TEXT_LIMIT} characters or fewer."
    requested = values.get("preservation_requested_on")
    overwritten = values.get("overwritten_on")
    if requested and requested > timezone.localdate():
        errors["preservation_requested_on"] = "The request date must be today or in the past."
    if requested and not overwritten:
        errors["overwritten_on"] = "Enter the date the footage would be recorded over, so it is kept in time."
    if (
        values.get("policy_covers_use") == Answer.YES
        and not (values.get("policy_confirmed_by") or "").strip()
    ):
        errors["policy_confirmed_by"] = "Say who confirmed that the policy and privacy notice cover this use."
    if errors:
        raise ValidationError(errors)
    check = CctvCheck.objects.create(
        case=case,
        recorded_by=origin.user,
        could_support_evidence=values.get("could_support_evidence", Answer.NOT_KNOWN),
        preservation_requested_on=requested,
        preservation_requested_from=(values.get("preservation_requested_from") or "").strip(),
        overwritten_on=overwritten,
        policy_covers_use=values.get("policy_covers_use", Answer.NOT_KNOWN),
        policy_confirmed_by=(values.get("policy_confirmed_by") or "").strip(),
    )
    chain.append(origin=origin, case=case, kind="cctv_check", record=check)
    record_event(origin=origin, action="plan.cctv_recorded", obj=check, case=case)
    return check
