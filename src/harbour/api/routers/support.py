"""The employee's confidentiality choices and the case's referrals."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.routers.common import origin
from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.referrals import services

router = Router(tags=["confidentiality and referrals"])


class ChoicesIn(Schema):
    colleagues_may_know: str
    champion_sees: str
    front_desk_instruction: str = ""


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


class PoliceIn(Schema):
    intends_to_report: str = "undecided"
    wants_support: bool = False
    reported_on: datetime.date | None = None
    crime_reference: str = ""
    officer: str = ""
    stalking_contact: str = ""
    last_contact_on: datetime.date | None = None
    notes: str = ""


class PoliceOut(PoliceIn):
    recorded_at: datetime.datetime


class PolicyIn(Schema):
    referred_on: datetime.date
    reason: str = ""
    decision: str = "pending"
    decided_on: datetime.date | None = None
    decided_by: str = ""


class PolicyOut(PolicyIn):
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


@router.get("/{case_id}/confidentiality", response=ConfidentialityOut)
def read_choices(request, case_id: int):
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


@router.put("/{case_id}/confidentiality", response=ChoiceOut)
def set_choices(request, case_id: int, payload: ChoicesIn):
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


@router.get("/{case_id}/referrals", response=ReferralsOut)
def read_referrals(request, case_id: int):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="referrals.viewed")
    return {
        "police": services.current_police(case),
        "policy": services.current_policy(case),
        "champion_referrals": list(case.champion_referrals.all()),
    }


@router.put("/{case_id}/referrals/police", response=PoliceOut)
def save_police(request, case_id: int, payload: PoliceIn):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher records this.")
    return services.save_police(origin=origin(request), case=case, values=payload.dict())


@router.post("/{case_id}/referrals/champion", response={201: ChampionReferralOut})
def refer_to_champion(request, case_id: int):
    case = access.get_case(request.user, case_id)
    if not access.can_refer(request.user, case):
        raise PermissionDenied("Only the employee, the case owner or the headteacher refers.")
    return Status(201, services.refer_to_champion(origin=origin(request), case=case))


@router.put("/{case_id}/referrals/policy", response=PolicyOut)
def save_policy(request, case_id: int, payload: PolicyIn):
    case = access.get_case(request.user, case_id)
    if not access.can_refer_under_policy(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher refers under the policy.")
    return services.save_policy_referral(origin=origin(request), case=case, values=payload.dict())
