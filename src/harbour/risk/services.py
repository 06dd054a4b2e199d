"""Writes for risk: a person's decision on the level, the screening, and the
answer to a raised signal. Each is one transaction with its audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction

from harbour.audit.services import Origin, record_event
from harbour.cases import selectors as case_selectors
from harbour.cases.models import Case, CaseStatus
from harbour.evidence import chain
from harbour.plans import appendix
from harbour.plans import services as plan_services
from harbour.plans.models import ActionStatus
from harbour.risk import levels, screening, state
from harbour.risk.models import RiskDecision, RiskScreening, SignalAcknowledgement, SignalDecision
from harbour.risk.selectors import risk_view

REASON_LIMIT = 5000


def _open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it before changing its risk."})


@transaction.atomic
def decide_level(*, origin: Origin, case: Case, level: str, reason: str, screening_id=None) -> RiskDecision:
    """A person decides. The guidance's floor holds: behaviour that makes a case at
    least medium cannot be decided lower."""
    _open(case)
    given = case
    case = Case.objects.select_for_update().select_related("school").get(pk=case.pk)
    view = risk_view(case)
    errors = {}
    reason = (reason or "").strip()
    if level not in levels.LEVELS:
        errors["level"] = "Choose low, medium or high."
    else:
        floor = levels.floor_for(code for fact in view.facts for code in fact.behaviours)
        if levels.RANK[level] < levels.RANK[floor]:
            errors["level"] = (
                f"The behaviour recorded makes this case at least {levels.NAMES[floor].lower()} risk "
                "(sexual, physical, threatening, or severe and repeated verbal behaviour)."
            )
    if not reason:
        errors["reason"] = "Say why you have decided this level."
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = f"Keep this to {REASON_LIMIT} characters or fewer."
    if errors:
        raise ValidationError(errors)
    previous = case.risk_level
    decision = RiskDecision.objects.create(
        case=case,
        level=level,
        reason=reason,
        proposed=view.proposed,
        screening=view.screening if view.screening and view.screening.pk == screening_id else None,
        decided_by=origin.user,
    )
    chain.append(origin=origin, case=case, kind="risk_decision", record=decision)
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    given.risk_level = level  # the caller's copy says what is now true
    record_event(
        origin=origin,
        action="risk.decided",
        obj=decision,
        case=case,
        **{"from": previous or None, "to": level},
    )
    return decision


@transaction.atomic
def record_screening(
    *, origin: Origin, case: Case, fear: str, answers: dict, context: str = ""
) -> RiskScreening:
    _open(case)
    errors = {}
    if fear not in screening.FEAR:
        errors["fear"] = "Say how frightened the employee is."
    missing = [f.code for f in screening.FACTORS if answers.get(f.code) not in screening.ANSWERS]
    if missing:
        errors[missing[0]] = "Answer yes, no or not known."
    if errors:
        raise ValidationError(errors)
    cleaned = {f.code: answers[f.code] for f in screening.FACTORS}
    result = RiskScreening.objects.create(
        case=case,
        fear=fear,
        answers=cleaned,
        context=(context or "").strip(),
        suggested=screening.suggest(fear=fear, answers=cleaned),
        recorded_by=origin.user,
    )
    chain.append(origin=origin, case=case, kind="risk_screening", record=result)
    state.refresh(case)
    record_event(origin=origin, action="risk.screened", obj=result, case=case, suggested=result.suggested)
    _feed_plan(origin, case, result.suggested)
    return result


def _feed_plan(origin: Origin, case: Case, suggested: str) -> None:
    """The screening feeds the action plan: the guide's contact measures for the
    suggested level are proposed (for the headteacher to decide) unless the plan
    already has them."""
    risk = "low" if suggested == levels.LOW else "medium_high"
    taken = set(case.plan_actions.exclude(status=ActionStatus.STOPPED).values_list("measure", flat=True))
    for measure in appendix.measures_in(appendix.CONTACT, risk):
        if measure.code not in taken:
            plan_services.add_action(
                origin=origin,
                case=case,
                section=appendix.CONTACT,
                measure=measure.code,
                values={"agreed": measure.text, "status": ActionStatus.PROPOSED},
            )


@transaction.atomic
def acknowledge_signal(
    *, origin: Origin, case: Case, code: str, decision: str, reason: str, level: str = ""
) -> SignalAcknowledgement:
    """Answer a raised signal: the risk was reviewed (with the level decided now),
    or no change, and why."""
    _open(case)
    records = case_selectors.chronology(case)
    view = risk_view(case, records)
    signal = next((s for s in view.open_signals if s.code == code), None)
    if signal is None:
        raise ValidationError({"__all__": "That signal is not raised on this case, or has been answered."})
    reason = (reason or "").strip()
    errors = {}
    if decision not in SignalDecision.values:
        errors["decision"] = "Choose whether you reviewed the risk or decided no change."
    if not reason:
        errors["reason"] = "Say what you decided and why."
    if decision == SignalDecision.RISK_REVIEWED and level not in levels.LEVELS:
        errors["level"] = "Choose the risk level you have decided."
    if errors:
        raise ValidationError(errors)
    risk_decision = None
    if decision == SignalDecision.RISK_REVIEWED:
        risk_decision = decide_level(origin=origin, case=case, level=level, reason=reason)
    acknowledgement = SignalAcknowledgement.objects.create(
        case=case,
        code=signal.code,
        incident_ids=list(signal.incident_ids),
        decision=decision,
        reason=reason,
        risk_decision=risk_decision,
        by=origin.user,
    )
    chain.append(origin=origin, case=case, kind="signal_answer", record=acknowledgement)
    state.refresh(case)
    record_event(
        origin=origin,
        action="risk.signal_acknowledged",
        obj=acknowledgement,
        case=case,
        code=signal.code,
        decision=decision,
    )
    return acknowledgement
