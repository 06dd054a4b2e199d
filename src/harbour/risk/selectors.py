"""Reads for the risk part of a case: the facts the signals and chart use, the
proposal, open signals and whether the screening should be offered. Callers
have the case through harbour.access already."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from harbour.cases import records as case_records
from harbour.cases import selectors as case_selectors
from harbour.cases import taxonomy
from harbour.cases.models import Case, Impact, Incident, IncidentAmendment
from harbour.frontdesk.models import ContactRestriction
from harbour.referrals.models import Decision, PolicyReferral
from harbour.risk import levels, signals
from harbour.risk.models import RiskScreening, SignalAcknowledgement

MEDIUM_OR_HIGH = {levels.MEDIUM, levels.HIGH}


def facts_from(records) -> list[signals.Fact]:
    """Incidents as they stand now (amendments applied) in the form the signals read."""
    return [
        signals.Fact(
            incident_id=r.pk,
            occurred_on=r.occurred_on,
            location=r.location,
            channel=r.channel,
            behaviours=frozenset(r.behaviours),
            severity=max(
                (taxonomy.BY_CODE[c].severity for c in r.behaviours if c in taxonomy.BY_CODE), default=1
            ),
        )
        for r in records
    ]


def warned_on(case: Case):
    """The first date the person was warned or restricted: a warning letter, or a
    warning or restriction decided under the policy. Contact after it is a signal."""
    dates = [
        *case.restrictions.values_list("warned_on", flat=True),
        *case.policy_referrals.filter(
            decision__in=[Decision.WARNING, Decision.RESTRICTION], decided_on__isnull=False
        ).values_list("decided_on", flat=True),
    ]
    return min(dates) if dates else None


@dataclass
class RiskView:
    case: Case
    current: str
    proposed: str
    needs_decision: bool
    signals: list
    open_signals: list
    screening: RiskScreening | None
    screening_offer: str
    facts: list = field(default_factory=list)


def _acknowledged(case: Case) -> set[tuple[str, tuple]]:
    return {(a.code, tuple(a.incident_ids)) for a in case.signal_acknowledgements.all()}


def open_signals_for(case: Case, raised: list[signals.Signal]) -> list[signals.Signal]:
    done = _acknowledged(case)
    return [s for s in raised if (s.code, s.incident_ids) not in done]


def screening_offer(case: Case, records, conduct_met: bool, screening: RiskScreening | None) -> str:
    """Why the screening is offered now, or "" when it is not. Offered when the
    case first meets the course-of-conduct test, when the employee is very
    frightened (fear of violence recorded), and after each new incident in a
    medium or high case."""
    if screening is None:
        if conduct_met:
            return "The record now meets the course-of-conduct test."
        if any(Impact.FEAR_OF_VIOLENCE in r.impacts for r in records):
            return "The employee has said they fear violence."
        if case.risk_level in MEDIUM_OR_HIGH and records:
            return "This is a medium or high risk case with no screening yet."
        return ""
    if case.risk_level in MEDIUM_OR_HIGH and any(
        r.incident.recorded_at > screening.recorded_at for r in records
    ):
        return "There has been a new incident since the last screening in this medium or high risk case."
    if screening.fear != "very_frightened" and any(
        Impact.FEAR_OF_VIOLENCE in r.impacts and r.incident.recorded_at > screening.recorded_at
        for r in records
    ):
        return "The employee has said they fear violence since the last screening."
    return ""


def risk_view(case: Case, records=None, conduct=None) -> RiskView:
    """Pass the chronology and conduct result when the caller has them already."""
    records = case_selectors.chronology(case) if records is None else records
    facts = facts_from(records)
    raised = signals.raised(facts, window_days=case.school.escalation_window_days, warned_on=warned_on(case))
    floor = levels.floor_for(code for r in records for code in r.behaviours)
    screening = case.risk_screenings.first()
    proposed = levels.higher(floor, screening.suggested) if screening else floor
    conduct = case_selectors.conduct_for(case, records) if conduct is None else conduct
    return RiskView(
        case=case,
        current=case.risk_level,
        proposed=proposed,
        needs_decision=levels.needs_decision(case.risk_level, proposed),
        signals=raised,
        open_signals=open_signals_for(case, raised),
        screening=screening,
        screening_offer=screening_offer(case, records, conduct.met, screening),
        facts=facts,
    )


def open_signals_by_case(cases) -> dict[int, list[signals.Signal]]:
    """Open signals for many cases in a fixed number of queries (for My work)."""
    cases = list(cases.select_related("school"))
    ids = [case.pk for case in cases]
    incidents = Incident.objects.filter(case_id__in=ids).prefetch_related(
        Prefetch("amendments", queryset=IncidentAmendment.objects.order_by("at", "id"))
    )
    by_case: dict[int, list] = {}
    for record in case_records.current_all(incidents):
        by_case.setdefault(record.incident.case_id, []).append(record)
    warned: dict[int, object] = {}
    dates = [
        *PolicyReferral.objects.filter(
            case_id__in=ids, decision__in=[Decision.WARNING, Decision.RESTRICTION], decided_on__isnull=False
        ).values_list("case_id", "decided_on"),
        *ContactRestriction.objects.filter(case_id__in=ids).values_list("case_id", "warned_on"),
    ]
    for case_id, day in dates:
        if warned.get(case_id) is None or day < warned[case_id]:
            warned[case_id] = day
    done = {
        (a.case_id, a.code, tuple(a.incident_ids))
        for a in SignalAcknowledgement.objects.filter(case_id__in=ids)
    }
    result = {}
    for case in cases:
        raised = signals.raised(
            facts_from(by_case.get(case.pk, [])),
            window_days=case.school.escalation_window_days,
            warned_on=warned.get(case.pk),
        )
        open_ = [s for s in raised if (case.pk, s.code, s.incident_ids) not in done]
        if open_:
            result[case.pk] = open_
    return result
