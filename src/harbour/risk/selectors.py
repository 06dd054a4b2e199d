"""Reads for the risk part of a case: the facts the signals and chart use, the
proposal, open signals and whether the screening should be offered. Callers
have the case through harbour.access already."""

from dataclasses import dataclass, field

from harbour.cases import conduct as case_conduct
from harbour.cases.models import Case, Impact
from harbour.referrals.models import Decision
from harbour.risk import levels, signals, state
from harbour.risk.models import RiskScreening

MEDIUM_OR_HIGH = {levels.MEDIUM, levels.HIGH}


def facts_from(records) -> list[signals.Fact]:
    """Incidents as they stand now (amendments applied) in the form the signals read."""
    return [state.Fact.from_record(r).as_signal_fact() for r in records]


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


def proposed_level(case: Case, facts) -> str:
    """The guidance's floor for the behaviours recorded, raised by the latest screening."""
    floor = levels.floor_for(code for fact in facts for code in fact.behaviours)
    screening = case.risk_screenings.first()
    return levels.higher(floor, screening.suggested) if screening else floor


def screening_offer(case: Case, facts, conduct_met: bool, screening: RiskScreening | None) -> str:
    """Why the screening is offered now, or "" when it is not. Offered when the
    case first meets the course-of-conduct test, when the employee is very
    frightened (fear of violence recorded), and after each new incident in a
    medium or high case. `facts` are risk.state facts."""
    if screening is None:
        if conduct_met:
            return "The record now meets the course-of-conduct test."
        if any(Impact.FEAR_OF_VIOLENCE in f.impacts for f in facts):
            return "The employee has said they fear violence."
        if case.risk_level in MEDIUM_OR_HIGH and facts:
            return "This is a medium or high risk case with no screening yet."
        return ""
    if case.risk_level in MEDIUM_OR_HIGH and any(f.recorded_at > screening.recorded_at for f in facts):
        return "There has been a new incident since the last screening in this medium or high risk case."
    if screening.fear != "very_frightened" and any(
        Impact.FEAR_OF_VIOLENCE in f.impacts and f.recorded_at > screening.recorded_at for f in facts
    ):
        return "The employee has said they fear violence since the last screening."
    return ""


def risk_view(case: Case, records=None, conduct=None, digest=None) -> RiskView:
    """The risk part of a case. Pages pass the stored digest (risk.state.digest_of);
    writes leave it out, and it is worked out from the whole record (or from the
    chronology passed in)."""
    if digest is None:
        digest = state.compute(case, records)
    screening = case.risk_screenings.first()
    if conduct is None:
        conduct = case_conduct.assess(digest.occasions, gap_days=case.school.conduct_gap_days)
    return RiskView(
        case=case,
        current=case.risk_level,
        proposed=digest.proposed,
        needs_decision=levels.needs_decision(case.risk_level, digest.proposed),
        signals=list(digest.raised),
        open_signals=list(digest.open),
        screening=screening,
        screening_offer=screening_offer(case, digest.facts, conduct.met, screening),
        facts=digest.signal_facts,
    )


def open_signal_cases(cases):
    """The given cases (from harbour.access) that are live and have open escalation
    signals, newest signal first; the kept risk state is read, no incident."""
    return (
        cases.exclude(status="closed")
        .filter(risk_state__open_signal_count__gt=0)
        .select_related("risk_state")
        # The signals are all a list needs: the facts (every incident, compact)
        # stay in the database instead of being read and parsed for each row.
        .defer("risk_state__facts", "risk_state__raised_signals")
        .order_by("-risk_state__refreshed_at", "-id")
    )


def with_open_signals(cases) -> list[Case]:
    """Each case of a page of open_signal_cases with its `open_signal_list`."""
    found = list(cases)
    for case in found:
        case.open_signal_list = list(state.signals_from(case.risk_state.open_signals))
    return found


def cases_with_open_signals(cases, *, limit: int) -> tuple[list[Case], bool]:
    """Up to `limit` of open_signal_cases, and whether there were more."""
    found = with_open_signals(open_signal_cases(cases)[: limit + 1])
    return found[:limit], len(found) > limit
