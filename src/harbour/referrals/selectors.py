"""Reads for the referral summary and the employee's consent to share it. Callers
hold the case through harbour.access already; nothing here widens what they see.

The summary is for the police or a specialist stalking service, so it keeps to
the employee's confidentiality choices as an evidence pack does: an incident they
keep out of packs (evidence.selectors.withheld) is not in it at all, nor in the
course of conduct, the signals or the reasons counted from the record; a diary
entry they have not shared is not on the case and never reaches it. When nothing
is kept out, the signals and the proposal are the case's kept risk state
(risk.state); when something is, the same rules are run on what is left."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from harbour.cases import presenters, taxonomy
from harbour.cases import selectors as case_selectors
from harbour.cases.models import Case, CasePerson, Channel, Location
from harbour.evidence import selectors as evidence_selectors
from harbour.frontdesk.models import ContactRestriction
from harbour.orders import rules as order_rules
from harbour.orders.selectors import orders_for_case
from harbour.referrals import consent
from harbour.referrals.models import Recipient, SharingConsent
from harbour.risk import levels, signals, state
from harbour.risk import reasons as why
from harbour.risk.screening import FACTORS, FEAR_NAMES

HISTORY_SHOWN = 20  # consent choices listed, newest first; an employee makes a handful
ANSWER_NAMES = {"yes": "Yes", "no": "No", "not_known": "Not known"}
_LOCATIONS = dict(Location.choices)
_CHANNELS = dict(Channel.choices)


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def recipient_label(recipient: str) -> str:
    return Recipient(recipient).label if recipient in Recipient.values else recipient


# --- consent ----------------------------------------------------------------------


def consent_rows(case: Case) -> list[SharingConsent]:
    """Every choice made on the case, newest first (a few rows: one per answer)."""
    return list(case.sharing_consents.select_related("employee", "by").order_by("-at", "-id"))


@dataclass
class ConsentOverview:
    employees: list  # StaffMember, the employees the case is about
    standings: dict  # recipient: consent.Standing
    history: list  # the newest HISTORY_SHOWN SharingConsent rows
    more: int  # older rows not listed

    def shares(self, recipient: str) -> bool:
        return self.standings[recipient].shares


def consent_overview(case: Case, employees=None) -> ConsentOverview:
    employees = case_selectors.employees_of(case) if employees is None else employees
    rows = consent_rows(case)
    ids = [e.pk for e in employees]
    return ConsentOverview(
        employees=employees,
        standings={r: consent.standing(rows, r, ids) for r in Recipient.values},
        history=rows[:HISTORY_SHOWN],
        more=max(0, len(rows) - HISTORY_SHOWN),
    )


def refusal(overview: ConsentOverview, recipient: str) -> str:
    """Why no summary is made for `recipient`: the employees whose yes is missing,
    in the words the page, the PDF's refusal and the API's 409 all give."""
    names = {e.pk: e.full_name for e in overview.employees}
    who = " and ".join(names.get(pk, "the employee") for pk in overview.standings[recipient].missing)
    label = recipient_label(recipient).lower()
    return consent.NO_CONSENT.format(recipient=label, employee=who or "the employee")


# --- the summary ------------------------------------------------------------------


@dataclass
class Summary:
    case: Case
    recipient: str
    recipient_label: str
    prepared_by: str
    prepared_at: datetime.datetime
    employees: list  # [{"name", "job_title"}]
    people: list  # [{"name", "aliases", "relationship"}]
    consents: list  # [{"employee", "decision", "at"}] the standing yes of each employee
    police: dict | None
    crime_references: list
    risk: dict
    screening: dict | None
    conduct: dict  # presenters.present_conduct
    signals: list  # [{"code", "title", "dates"}]
    chronology: list  # [{"id", "on", "when", "behaviours", "where", "how", "person"}]
    restrictions: list
    withheld_count: int
    orders: list = field(default_factory=list)  # court orders and police warnings (harbour.orders)


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _where(record) -> str:
    where = _LOCATIONS.get(record.location, record.location)
    return f"{where}: {record.location_detail}" if record.location_detail else where


def _police(case: Case) -> dict | None:
    police = case.police_contacts.first()
    if police is None:
        return None
    return {
        "intends_to_report": police.get_intends_to_report_display(),
        "wants_support": police.wants_support,
        "reported_on": police.reported_on,
        "crime_reference": police.crime_reference,
        "officer": police.officer,
        "stalking_contact": police.stalking_contact,
        "last_contact_on": police.last_contact_on,
        "recorded_at": police.recorded_at,
    }


def _screening(case: Case) -> dict | None:
    screening = case.risk_screenings.select_related("recorded_by").first()
    if screening is None:
        return None
    return {
        "recorded_at": screening.recorded_at,
        "recorded_by": display_name(screening.recorded_by),
        "fear": FEAR_NAMES.get(screening.fear, screening.fear),
        "answers": [
            {
                "code": factor.code,
                "question": factor.question,
                "answer": ANSWER_NAMES.get(screening.answers.get(factor.code, ""), "Not asked"),
            }
            for factor in FACTORS
        ],
        "suggested": levels.NAMES.get(screening.suggested, screening.suggested),
        "context": screening.context,
    }


def _rules_on(digest: state.Digest, included: set[int], window_days: int):
    """(signals raised, proposal) on the record the summary shows: the kept state's
    when nothing is kept out, the same rules over what is left otherwise."""
    if all(fact.incident_id in included for fact in digest.facts):
        return list(digest.raised), why.Proposal(digest.proposed, digest.reasons)
    facts = [fact for fact in digest.facts if fact.incident_id in included]
    warned_on = min((w.on for w in digest.warnings), default=None)
    raised = signals.raised([f.as_signal_fact() for f in facts], window_days=window_days, warned_on=warned_on)
    proposal = why.propose(
        facts,
        window_days=window_days,
        warnings=digest.warnings,
        screened=digest.screened,
        attempts=digest.attempts,
    )
    return raised, proposal


def _orders(case: Case) -> list[dict]:
    """Court orders and police warnings on the case, each as its current terms."""
    today = timezone.localdate()
    return [
        {
            "kind": version.get_kind_display(),
            "person": version.order.person.display_name,
            "issued_by": version.issued_by,
            "reference": version.reference,
            "made_on": version.made_on,
            "starts_on": version.starts_on,
            "expires_on": version.expires_on,
            "status": order_rules.STATUS_NAMES[order_rules.status_on(version, today)],
            "conditions": version.conditions,
        }
        for version in orders_for_case(case)
    ]


def _dates(incident_ids, dates: dict) -> list[datetime.date]:
    return sorted(dates[i] for i in incident_ids if i in dates)


def referral_summary(case: Case, recipient: str, *, prepared_by) -> Summary:
    """What the summary for `recipient` shows. The caller has checked who may make
    it and that the employee consents (consent_overview)."""
    withheld_incidents, _ = evidence_selectors.withheld(case)
    all_records = case_selectors.chronology(case)
    records = [r for r in all_records if r.pk not in withheld_incidents]
    included = {r.pk for r in records}
    names = case_selectors.names_for(case, records)
    employees = case_selectors.employees_of(case)
    conduct = case_selectors.conduct_for(case, records)
    conduct_words = presenters.present_conduct(
        case_selectors.CaseView(
            case=case, employees=[], members=[], people=[], incidents=records, conduct=conduct, names=names
        )
    )
    digest = state.digest_of(case)
    raised, proposal = _rules_on(digest, included, case.school.escalation_window_days)
    dates = {r.pk: r.occurred_on for r in records}
    decision = case.risk_decisions.select_related("decided_by").first()
    overview = consent_overview(case, employees)
    staff_names = {e.pk: e.full_name for e in employees}
    police = _police(case)
    crime_references = sorted(
        {r.crime_reference for r in records if r.crime_reference}
        | ({police["crime_reference"]} if police and police["crime_reference"] else set())
    )
    return Summary(
        case=case,
        recipient=recipient,
        recipient_label=recipient_label(recipient),
        prepared_by=display_name(prepared_by),
        prepared_at=timezone.now(),
        employees=[{"name": e.full_name, "job_title": e.job_title} for e in employees],
        people=[
            {
                "name": link.person.display_name,
                "aliases": link.person.aliases,
                "relationship": link.person.get_relationship_display(),
            }
            for link in CasePerson.objects.filter(case=case)
            .select_related("person")
            .order_by("added_at", "id")
        ],
        consents=[
            {
                "employee": staff_names.get(row.employee_id, "An employee"),
                "decision": "Said yes" if row.decision == consent.GIVEN else row.get_decision_display(),
                "at": row.at,
            }
            for row in overview.standings[recipient].choices
        ],
        police=police,
        crime_references=crime_references,
        risk={
            "decided": levels.NAMES.get(case.risk_level, "") if case.risk_level else "",
            "decided_at": decision.decided_at if decision else None,
            "decided_by": display_name(decision.decided_by) if decision else "",
            "decided_reason": decision.reason if decision else "",
            "proposed": levels.NAMES[proposal.level],
            "reasons": [
                {"code": r.code, "title": r.title, "dates": _dates(r.incident_ids, dates)}
                for r in proposal.reasons
            ],
        },
        screening=_screening(case),
        conduct=conduct_words,
        signals=[
            {"code": s.code, "title": s.title, "dates": _dates(s.incident_ids, dates)}
            for s in raised
            if _dates(s.incident_ids, dates)
        ],
        chronology=[
            {
                "id": r.pk,
                "on": r.occurred_on,
                "when": presenters.when(r),
                "behaviours": ", ".join(taxonomy.names(r.behaviours)) or "—",
                "where": _where(r),
                "how": _CHANNELS.get(r.channel, r.channel),
                "person": presenters.display_value("person", r.values["person"], names),
            }
            for r in records
        ],
        restrictions=[
            {
                "person": r.person.display_name,
                "kind": r.get_kind_display(),
                "warned_on": r.warned_on,
                "stage": r.get_stage_display(),
                "decided_on": r.decided_on,
                "review_on": r.review_on,
            }
            for r in ContactRestriction.objects.filter(case=case)
            .select_related("person")
            .order_by("warned_on", "id")
        ],
        withheld_count=len(withheld_incidents & {r.pk for r in all_records}),
        orders=_orders(case),
    )
