"""The case's risk level, screening and escalation signals."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, answer, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import Input, answers, one_of, text
from harbour.cases import services as case_services
from harbour.frontdesk.models import How
from harbour.risk import chart, levels, patterns, reasons, screening, selectors, services, signals, state
from harbour.risk.models import SignalDecision

router = Router(tags=["risk"])


class SignalOut(Schema):
    code: str
    title: str
    incident_ids: list[int]
    open: bool


class DecisionOut(Schema):
    id: int
    level: str
    reason: str
    proposed: str
    decided_at: datetime.datetime


class ScreeningOut(Schema):
    id: int
    fear: str
    answers: dict[str, str]
    context: str
    suggested: str
    recorded_at: datetime.datetime


class ChartRowOut(Schema):
    date: datetime.date
    severity: str
    place: str


class SeveralStaffOut(Schema):
    person_id: int
    other_cases: int
    other_schools: int


class ReasonIncidentOut(Schema):
    id: int
    occurred_on: datetime.date
    url: str = Field(..., description="The incident in this API.")


class ReasonWarningOut(Schema):
    source: one_of(["restriction", "policy", "order"]) = Field(
        ...,
        description="A front-desk restriction's warning, a decision under the policy, or a court order "
        "or police warning (dated the day it was first made).",
    )
    id: int
    on: datetime.date


class ReasonAttemptOut(Schema):
    id: int
    on: datetime.date
    how: one_of(How)


class ReasonScreeningOut(Schema):
    id: int
    on: datetime.date
    fear: one_of(screening.FEAR)
    suggested: one_of(levels.LEVELS)


ReasonCode = one_of(reasons.CODES)
ReasonSignal = one_of(signals.TITLES)
ReasonLevel = one_of(levels.LEVELS)


class ReasonOut(Schema):
    """One thing in the record that raises the proposal, and what is behind it."""

    code: ReasonCode
    title: str
    level: ReasonLevel = Field(..., description="The level this reason alone calls for, at least.")
    incidents: list[ReasonIncidentOut]
    screening: ReasonScreeningOut | None
    warnings: list[ReasonWarningOut]
    attempts: list[ReasonAttemptOut] = Field(..., description="Front-desk contact attempts after a warning.")
    signals: list[ReasonSignal] = Field(..., description="For several signs of escalation: which.")


class RiskOut(Schema):
    level: str | None
    proposed: str
    proposed_because: list[ReasonOut]
    needs_decision: bool
    screening_offered: str
    signals: list[SignalOut]
    screening: ScreeningOut | None
    history: list[DecisionOut]
    chart_svg: str
    chart_rows: list[ChartRowOut]
    several_staff: list[SeveralStaffOut]


class DecisionIn(Input):
    level: one_of(levels.LEVELS)
    reason: text(services.REASON_LIMIT)


class ScreeningIn(Input):
    fear: one_of(screening.FEAR)
    answers: dict[one_of(screening.FACTOR_BY_CODE), one_of(screening.ANSWERS)] = Field(
        ..., description="An answer (yes, no or not_known) for each factor, by its code."
    )
    context: text(limits.TEXT) = ""


class AcknowledgementIn(Input):
    decision: one_of(SignalDecision)
    reason: text(services.REASON_LIMIT)
    level: one_of(["", *levels.LEVELS]) = ""


SignalCode = one_of(signals.TITLES)


class AcknowledgementOut(Schema):
    id: int
    code: str
    incident_ids: list[int]
    decision: str
    at: datetime.datetime


def _assessable(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_assess_risk(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher decides on risk.")
    return case


@router.get("/{case_id}/risk", response=answers(RiskOut, 404, 422))
def read_risk(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    view = selectors.risk_view(case, digest=state.digest_of(case))
    case_services.record_view(origin=origin(request), case=case, action="risk.viewed")
    return {
        "level": view.current or None,
        "proposed": view.proposed,
        "proposed_because": [
            {
                "code": row.code,
                "title": row.title,
                "level": row.level,
                "incidents": [
                    {"id": i, "occurred_on": on, "url": f"/api/v1/cases/{case.pk}/incidents/{i}"}
                    for i, on in row.incidents
                ],
                "screening": {
                    "id": row.screening.screening_id,
                    "on": row.screening.on,
                    "fear": row.screening.fear,
                    "suggested": row.screening.suggested,
                }
                if row.screening
                else None,
                "warnings": [{"source": w.source, "id": w.record_id, "on": w.on} for w in row.warnings],
                "signals": list(row.reason.signal_codes),
                "attempts": [{"id": a.attempt_id, "on": a.on, "how": a.how} for a in row.attempts],
            }
            for row in selectors.reason_rows(view)
        ],
        "needs_decision": view.needs_decision,
        "screening_offered": view.screening_offer,
        "signals": [
            {
                "code": s.code,
                "title": s.title,
                "incident_ids": list(s.incident_ids),
                "open": s in view.open_signals,
            }
            for s in view.signals
        ],
        "screening": view.screening,
        "history": list(case.risk_decisions.all()),
        "chart_svg": chart.svg(view.facts),
        "chart_rows": chart.rows(view.facts),
        "several_staff": [
            {"person_id": p.person.pk, "other_cases": p.other_cases, "other_schools": p.other_schools}
            for p in patterns.patterns_for(case)
        ],
    }


class TrustPatternOut(Schema):
    name: str
    schools: list[str]
    staff: int


trust_router = Router(tags=["trust"])


@trust_router.get("/patterns", response=answers(paged(TrustPatternOut), 404, 422))
def list_trust_patterns(request, pages: Query[PageIn]):
    """Names linked to open cases about two or more staff, most staff first."""
    trusts = access.trust_lead_trusts(request.user)
    if not trusts:
        raise Http404("No such page")
    return answer(patterns.trust_patterns(trusts), pages)


@router.post("/{case_id}/risk/decisions", response=answers({201: DecisionOut}, 400, 403, 404, 422))
def decide(request, case_id: Id, payload: DecisionIn):
    case = _assessable(request, case_id)
    return Status(201, services.decide_level(origin=origin(request), case=case, **payload.dict()))


@router.post("/{case_id}/risk/screenings", response=answers({201: ScreeningOut}, 400, 403, 404, 422))
def screen(request, case_id: Id, payload: ScreeningIn):
    case = _assessable(request, case_id)
    return Status(201, services.record_screening(origin=origin(request), case=case, **payload.dict()))


@router.post(
    "/{case_id}/risk/signals/{code}/acknowledgements",
    response=answers({201: AcknowledgementOut}, 400, 403, 404, 422),
)
def acknowledge(request, case_id: Id, code: SignalCode, payload: AcknowledgementIn):
    case = _assessable(request, case_id)
    return Status(
        201, services.acknowledge_signal(origin=origin(request), case=case, code=code, **payload.dict())
    )
