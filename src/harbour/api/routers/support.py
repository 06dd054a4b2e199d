"""The employee's confidentiality choices and the case's referrals."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Day, Flag, Input, answers, model_text, one_of, text
from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.cases.models import ChampionSees, ColleaguesMayKnow
from harbour.referrals import services
from harbour.referrals.models import Decision, Intention, PoliceContact, PolicyReferral

router = Router(tags=["confidentiality and referrals"])


class ChoicesIn(Input):
    colleagues_may_know: one_of(ColleaguesMayKnow)
    champion_sees: one_of(ChampionSees)
    front_desk_instruction: text(confidentiality.INSTRUCTION_LIMIT) = ""


class ChoiceOut(Schema):
    colleagues_may_know: str
    champion_sees: str
    front_desk_instruction: str
    at: datetime.datetime | None = None
    by: str | None = None


class ConfidentialityOut(Schema):
    current: ChoiceOut
    history: list[ChoiceOut]
    circle: list[dict]


class PoliceIn(Input):
    intends_to_report: one_of(Intention) = Intention.UNDECIDED.value
    wants_support: Flag = False
    reported_on: Day | None = None
    crime_reference: model_text(PoliceContact, "crime_reference") = ""
    officer: model_text(PoliceContact, "officer") = ""
    stalking_contact: model_text(PoliceContact, "stalking_contact") = ""
    last_contact_on: Day | None = None
    notes: text(limits.TEXT) = ""


class PoliceOut(Schema):
    intends_to_report: str
    wants_support: bool
    reported_on: datetime.date | None
    crime_reference: str
    officer: str
    stalking_contact: str
    last_contact_on: datetime.date | None
    notes: str
    recorded_at: datetime.datetime


class PolicyIn(Input):
    referred_on: Day
    reason: text(limits.TEXT) = ""
    decision: one_of(Decision) = Decision.PENDING.value
    decided_on: Day | None = None
    decided_by: model_text(PolicyReferral, "decided_by") = ""


class PolicyOut(Schema):
    referred_on: datetime.date
    reason: str
    decision: str
    decided_on: datetime.date | None
    decided_by: str
    recorded_at: datetime.datetime


class ChampionReferralOut(Schema):
    id: int
    champion_id: int
    referred_at: datetime.datetime


class ReferralsOut(Schema):
    police: PoliceOut | None
    policy: PolicyOut | None
    champion_referrals: list[ChampionReferralOut]


def _by(user) -> str:
    return user.get_full_name() or user.get_username()


@router.get("/{case_id}/confidentiality", response=answers(ConfidentialityOut, 404, 422))
def read_choices(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="confidentiality.viewed")
    history = case.confidentiality_choices.select_related("by")
    return {
        "current": {
            "colleagues_may_know": case.colleagues_may_know,
            "champion_sees": case.champion_sees,
            "front_desk_instruction": case.front_desk_instruction,
        },
        "history": [
            {
                "colleagues_may_know": c.colleagues_may_know,
                "champion_sees": c.champion_sees,
                "front_desk_instruction": c.front_desk_instruction,
                "at": c.at,
                "by": _by(c.by),
            }
            for c in history
        ],
        "circle": [
            {"staff_id": m.staff_id, "name": m.staff.full_name, "role": m.role}
            for m in case.members.select_related("staff")
        ],
    }


@router.put("/{case_id}/confidentiality", response=answers(ChoiceOut, 400, 403, 404, 422))
def set_choices(request, case_id: Id, payload: ChoicesIn):
    case = access.get_case(request.user, case_id)
    if not access.can_set_confidentiality(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher changes these choices.")
    choice = confidentiality.set_choices(origin=origin(request), case=case, **payload.dict())
    return {
        **payload.dict(),
        "front_desk_instruction": choice.front_desk_instruction,
        "at": choice.at,
        "by": _by(choice.by),
    }


@router.get("/{case_id}/referrals", response=answers(ReferralsOut, 404, 422))
def read_referrals(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="referrals.viewed")
    return {
        "police": services.current_police(case),
        "policy": services.current_policy(case),
        "champion_referrals": list(case.champion_referrals.all()),
    }


@router.put("/{case_id}/referrals/police", response=answers(PoliceOut, 400, 403, 404, 422))
def save_police(request, case_id: Id, payload: PoliceIn):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher records this.")
    return services.save_police(origin=origin(request), case=case, values=payload.dict())


@router.post("/{case_id}/referrals/champion", response=answers({201: ChampionReferralOut}, 403, 404, 422))
def refer_to_champion(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher refers.")
    return Status(201, services.refer_to_champion(origin=origin(request), case=case))


@router.put("/{case_id}/referrals/policy", response=answers(PolicyOut, 400, 403, 404, 422))
def save_policy(request, case_id: Id, payload: PolicyIn):
    case = access.get_case(request.user, case_id)
    if not access.can_refer_under_policy(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher refers under the policy.")
    return services.save_policy_referral(origin=origin(request), case=case, values=payload.dict())
