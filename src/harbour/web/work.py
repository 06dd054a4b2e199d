"""What "My work" shows, read once for the page, its section pages and the API
(/api/v1/my-work): the same selectors and the same limits, so the two never
disagree about what is due. Every read starts from the caller's reach in
harbour.access; nothing here decides who may see what."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from harbour import access
from harbour.awareness import rules as awareness_rules
from harbour.awareness import selectors as awareness_selectors
from harbour.cases import selectors as case_selectors
from harbour.cases.models import CaseStatus
from harbour.orders import selectors as orders_selectors
from harbour.plans import selectors as plan_selectors
from harbour.risk import selectors as risk_selectors

# Each section of My work shows this many rows and links to the whole list when
# there are more, so the page costs the same for a head of a 300-case school as
# for a new teacher. Ten is what a first look at the day needs; the section pages
# (/work/<section>/) and the case list page through the rest.
SECTION_LIMIT = 10

# My work counts the user's own cases in each of these states.
COUNTED = (CaseStatus.OPEN, CaseStatus.MONITORING, CaseStatus.CLOSED)

# The sections that have a page of their own, in the order My work shows them.
SECTIONS = {
    "signals": "Signs of escalation",
    "reviews": "Reviews due",
    "actions": "Plan actions to look at again",
    "decisions": "Decisions waiting for you",
}


def _first(rows, limit: int = SECTION_LIMIT) -> tuple[list, bool]:
    """The first `limit` rows of a queryset or list, and whether there were more."""
    rows = list(rows[: limit + 1])
    return rows[:limit], len(rows) > limit


@dataclass
class Overview:
    counts: dict  # {"open": n, "monitoring": n, "closed": n} of the caller's own cases
    cases: list  # the newest live cases the caller owns or is in the circle of
    more_cases: bool
    school_cases: int | None  # a headteacher's other live cases of their schools
    due: dict  # reviews and actions (plan_selectors.DueItem) and their more_* flags
    signals: list  # [(case, [Signal])]
    more_signals: bool
    decisions: list  # PlanActions waiting for the caller's decision as headteacher
    more_decisions: bool
    breaches: list  # possible breaches of court orders waiting for a police reference
    more_breaches: bool
    online_check_due: bool
    latest_check: object  # the caller's newest OnlineSafetyCheck, or None
    awareness: dict | None
    can_open: bool
    has_staff_record: bool


def overview(user, today: datetime.date, limit: int = SECTION_LIMIT) -> Overview:
    """Everything My work shows the user, each section cut at `limit` rows.

    The user's cases are read once (access.work_cases) and the counts, the page of
    their own cases and the order of each section come from those rows, by the
    same rules as the section pages' querysets (tests/web/test_my_work_rows.py
    holds the two in step); only the rows a section shows are then read whole."""
    work = access.work_cases(user)
    mine = [row for row in work if row.mine]
    counts = {status.value: sum(row.status == status for row in mine) for status in COUNTED}
    live = [row for row in work if row.status != CaseStatus.CLOSED]
    newest = sorted((row for row in live if row.mine), key=lambda row: (row.opened_at, row.pk), reverse=True)
    page, more_cases = _first(newest, limit)
    school_cases = None
    if access.is_headteacher(user):
        school_cases = sum(row.head and not row.mine for row in live)
    # Reviews, actions, signals and breaches of the cases this user answers for;
    # decisions waiting for a headteacher. Signals come from each case's kept risk state.
    answered = [row for row in live if row.answered]
    answered_ids = [row.pk for row in answered]
    signal_rows, more_signals = _first(risk_selectors.open_signal_rows(answered), limit)
    review_rows, more_reviews = _first(plan_selectors.due_review_rows(answered, today), limit)
    # The cases those two sections name, in one read.
    named = risk_selectors.signal_cases({row.pk for row in [*signal_rows, *review_rows]})
    actions, more_actions = _first(plan_selectors.due_actions_on(answered_ids, today), limit)
    head_ids = [row.pk for row in live if row.head]
    decisions, more_decisions = _first(plan_selectors.pending_decisions_on(head_ids), limit)
    breaches, more_breaches = _first(orders_selectors.open_breaches_on(answered_ids), limit)
    own = access.own_staff(user).first()
    latest_check = own.online_checks.first() if own else None
    awareness = None
    if own is not None:
        # One indexed query: the newest pass, with its school's period.
        awareness = awareness_prompt(
            awareness_selectors.latest_completion(access.awareness_staff_ids(user)), today
        )
    # Cases are never deleted; still, a row the second read lacks is left out rather than failing the page.
    signal_cases = risk_selectors.with_open_signals(named[row.pk] for row in signal_rows if row.pk in named)
    review_cases = [named[row.pk] for row in review_rows if row.pk in named]
    return Overview(
        counts=counts,
        cases=case_selectors.case_rows(page),
        more_cases=more_cases,
        school_cases=school_cases,
        due={
            "reviews": plan_selectors.review_items(review_cases, today),
            "actions": plan_selectors.action_items(actions, today),
            "more_reviews": more_reviews,
            "more_actions": more_actions,
        },
        signals=[(case, case.open_signal_list) for case in signal_cases],
        more_signals=more_signals,
        decisions=decisions,
        more_decisions=more_decisions,
        breaches=breaches,
        more_breaches=more_breaches,
        online_check_due=own is not None and (latest_check is None or latest_check.revisit_on <= today),
        latest_check=latest_check,
        awareness=awareness,
        can_open=access.can_open_case(user),
        has_staff_record=bool(access.roles_by_school(user)),
    )


def awareness_prompt(latest, today: datetime.date) -> dict:
    """The awareness module's line on My work: missing, current or expired."""
    if latest is None:
        return {"status": "missing"}
    months = latest.school.awareness_renewal_months
    return {
        "status": awareness_rules.status(latest.completed_on, months, today),
        "completed_on": latest.completed_on,
        "due_on": awareness_rules.due_on(latest.completed_on, months),
    }


def section_rows(user, section: str, today: datetime.date) -> tuple[object, Callable]:
    """A section's rows in full as a queryset (ordered with a tie-breaker, to be
    paged), from the same selectors My work uses, and how to shape one page of
    them: signals as cases with their `open_signal_list`, reviews and actions as
    plan_selectors.DueItem, decisions as PlanActions."""
    answered = access.answered_for_cases(user)
    if section == "signals":
        return risk_selectors.open_signal_cases(answered), risk_selectors.with_open_signals
    if section == "reviews":
        rows = plan_selectors.due_reviews(owned_cases=answered, today=today)
        return rows, lambda page: plan_selectors.review_items(page, today)
    if section == "actions":
        rows = plan_selectors.due_actions(owned_cases=answered, today=today)
        return rows, lambda page: plan_selectors.action_items(page, today)
    if section == "decisions":
        return plan_selectors.pending_decisions(access.head_cases(user)), list
    raise ValueError(f"No such section of My work: {section}")
