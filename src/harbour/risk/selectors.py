"""Reads for the risk part of a case: the facts the signals and chart use, the
proposal, open signals and whether the screening should be offered. Callers
have the case through harbour.access already."""

from dataclasses import dataclass, field

from django.db.models import Min
from django.urls import reverse
from django.utils import formats, timezone

from harbour.cases import conduct as case_conduct
from harbour.cases.models import Case, Impact
from harbour.frontdesk.models import ContactAttempt, How
from harbour.referrals.models import Decision
from harbour.risk import levels, signals, state
from harbour.risk import reasons as why
from harbour.risk.models import RiskScreening
from harbour.risk.screening import FEAR_NAMES

MEDIUM_OR_HIGH = {levels.MEDIUM, levels.HIGH}


def facts_from(records) -> list[signals.Fact]:
    """Incidents as they stand now (amendments applied) in the form the signals read."""
    return [state.Fact.from_record(r).as_signal_fact() for r in records]


def warnings_given(case: Case) -> tuple[why.Warned, ...]:
    """Every warning or restriction given on the case: a front-desk restriction's
    warning (naming its person), a warning or restriction decided under the
    policy (naming no one), or a court order or police warning (naming its
    person, from the earliest day any of its versions says it was made: an order
    the court varies later still warned the person from the first). Contact after
    one is a signal and a reason."""
    restrictions = [
        why.Warned("restriction", pk, person_id, on)
        for pk, person_id, on in case.restrictions.values_list("pk", "person_id", "warned_on")
    ]
    decided = [
        why.Warned("policy", pk, None, on)
        for pk, on in case.policy_referrals.filter(
            decision__in=[Decision.WARNING, Decision.RESTRICTION], decided_on__isnull=False
        ).values_list("pk", "decided_on")
    ]
    ordered = [
        why.Warned("order", pk, person_id, on)
        for pk, person_id, on in case.protective_orders.annotate(first_made=Min("versions__made_on"))
        .order_by("pk")
        .values_list("pk", "person_id", "first_made")
        if on is not None
    ]
    warned = [*restrictions, *decided, *ordered]
    return tuple(sorted(warned, key=lambda w: (w.on, w.source, w.record_id)))


def attempts_after_warnings(case: Case, warnings) -> tuple[why.Attempt, ...]:
    """Contact attempts the front desk logged for a person under one of the case's
    restriction warnings, orders or police warnings, on a later day than the
    earliest, that did not become an incident on this case (those count as
    incidents). frontdesk.log_attempt refreshes the risk state of every case with
    a restriction or an order on the person."""
    persons = {w.person_id for w in warnings if w.person_id is not None}
    if not persons:
        return ()
    first = min(w.on for w in warnings if w.person_id is not None)
    found = (
        ContactAttempt.objects.filter(person_id__in=sorted(persons), at__date__gt=first)
        .exclude(incidents__case=case)
        .order_by("at", "id")
    )
    return tuple(
        why.Attempt(a.pk, a.person_id, timezone.localdate(a.at), a.how)
        for a in found.only("pk", "person", "at", "how")
    )


def latest_screened(case: Case) -> why.Screened | None:
    latest = case.risk_screenings.first()
    if latest is None:
        return None
    return why.Screened(latest.pk, latest.fear, latest.suggested, timezone.localdate(latest.recorded_at))


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
    reasons: list = field(default_factory=list)  # risk.why.Reason, why it is proposed
    warnings: tuple = ()  # risk.why.Warned
    screened: why.Screened | None = None
    attempts: tuple = ()  # why.Attempt


def _acknowledged(case: Case) -> set[tuple[str, tuple]]:
    return {(a.code, tuple(a.incident_ids)) for a in case.signal_acknowledgements.all()}


def open_signals_for(case: Case, raised: list[signals.Signal]) -> list[signals.Signal]:
    done = _acknowledged(case)
    return [s for s in raised if (s.code, s.incident_ids) not in done]


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
    # The digest holds the latest screening's summary (None when there is none):
    # the screening itself is read only when there is one to read.
    screening = case.risk_screenings.first() if digest.screened is not None else None
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
        reasons=list(digest.reasons),
        warnings=digest.warnings,
        screened=digest.screened,
        attempts=digest.attempts,
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


def open_signal_rows(rows) -> list:
    """open_signal_cases over rows already read (access.WorkCase of live cases),
    in the same order, for My work, which has its cases in hand."""
    found = [r for r in rows if r.open_signal_count > 0]
    return sorted(found, key=lambda r: (r.signals_refreshed_at, r.pk), reverse=True)


def signal_cases(ids) -> dict[int, Case]:
    """{id: case} with the kept risk state a signal list reads, for cases chosen
    by open_signal_rows or otherwise already known."""
    cases = Case.objects.filter(pk__in=ids).select_related("risk_state")
    return {case.pk: case for case in cases.defer("risk_state__facts", "risk_state__raised_signals")}


def with_open_signals(cases) -> list[Case]:
    """Each case of a page of open_signal_cases with its `open_signal_list`."""
    found = list(cases)
    for case in found:
        case.open_signal_list = list(state.signals_from(case.risk_state.open_signals))
    return found


LINKS_SHOWN = 10


@dataclass(frozen=True)
class ReasonRow:
    """A reason for the proposal as pages and the API show it: the incidents behind
    it with their dates (from the record the caller may already read, so an id the
    record no longer holds is left out), and the screening, warnings and signals."""

    reason: why.Reason
    incidents: list  # [(incident id, date it happened)], in the order they happened
    screening: why.Screened | None
    warnings: list  # why.Warned
    signal_titles: list
    attempts: list = field(default_factory=list)  # why.Attempt
    # The latest incidents as a page links them: [(incident id, path, "j M Y" date)].
    latest_links: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def title(self) -> str:
        return self.reason.title

    @property
    def level(self) -> str:
        return self.reason.level

    @property
    def says_level(self) -> bool:
        """The floor's and the screening's titles name their level already."""
        return self.reason.code not in (why.BEHAVIOUR, why.SCREENING)

    @property
    def latest(self) -> list:
        """The latest incidents behind it, for a page (the API lists them all)."""
        return self.incidents[-LINKS_SHOWN:]

    @property
    def more(self) -> int:
        return max(0, len(self.incidents) - LINKS_SHOWN)

    @property
    def attempt_rows(self) -> list:
        return [(a.on, How(a.how).label.lower() if a.how in How.values else a.how) for a in self.attempts]

    @property
    def fear_name(self) -> str:
        return FEAR_NAMES.get(self.screening.fear, "") if self.screening else ""


def reason_rows(view: RiskView) -> list[ReasonRow]:
    """The reasons of a risk view, ready to show. Reads nothing: the dates come from
    the view's facts (the digest's), the rest from the kept state."""
    dates = {f.incident_id: f.occurred_on for f in view.facts}
    warned = {f"{w.source}:{w.record_id}": w for w in view.warnings}
    tried = {a.attempt_id: a for a in view.attempts}
    # The same incidents stand behind several reasons: each link is made once, not
    # once per reason by the template (a URL and a date format each, ~60 a case page).
    links = {}

    def link(incident_id, on):
        if incident_id not in links:
            path = reverse("incident-detail", args=[view.case.pk, incident_id])
            links[incident_id] = (incident_id, path, formats.date_format(on, "j M Y"))
        return links[incident_id]

    rows = []
    for reason in view.reasons:
        incidents = sorted(
            ((i, dates[i]) for i in reason.incident_ids if i in dates), key=lambda item: (item[1], item[0])
        )
        screened = (
            view.screened if view.screened and view.screened.screening_id == reason.screening_id else None
        )
        rows.append(
            ReasonRow(
                reason=reason,
                incidents=incidents,
                screening=screened,
                warnings=[warned[key] for key in reason.warnings if key in warned],
                signal_titles=reason.signal_titles,
                attempts=[tried[i] for i in reason.attempts if i in tried],
                latest_links=[link(i, on) for i, on in incidents[-LINKS_SHOWN:]],
            )
        )
    return rows
