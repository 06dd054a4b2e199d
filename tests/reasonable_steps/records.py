"""Records for the reasonable-steps tests, made through the services (as the
pages make them), inside, on the edges of and outside one period, in three
schools: two of one trust and one of another. Each builder says, as plain
numbers, what it made inside the period, so the tests compare the report with
counts worked out here and not read back through the report's own queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

import time_machine
from django.db import transaction
from django.utils import timezone

from harbour.awareness import content as awareness_content
from harbour.awareness import services as awareness
from harbour.cases import services as cases
from harbour.frontdesk import services as frontdesk
from harbour.plans import services as plans
from harbour.prevention import services as prevention
from harbour.referrals import services as referrals
from harbour.risk import screening
from harbour.risk import services as risk
from harbour.schools.models import Role
from harbour.statistics.periods import AcademicYear
from tests import factories

PERIOD = AcademicYear(2025)  # 1 September 2025 to 31 August 2026
INSIDE = datetime.date(2026, 3, 10)
BEFORE = PERIOD.start - datetime.timedelta(days=1)
AFTER = PERIOD.end + datetime.timedelta(days=1)
# Written into every record that can hold text: none of it may reach the report.
SECRETS = (
    "Zebulon Quartermaine",  # a person of concern's name
    "Ottoline Fairweather-Smythe",  # an employee's name
    "SECRET-CHECKIN-NOTE",
    "SECRET-INCIDENT-ACCOUNT",
    "SECRET-SCREENING-CONTEXT",
    "SECRET-PLAN-AGREED",
    "SECRET-RESTRICTION-REASON",
    "SECRET-POLICY-REASON",
    "SECRET-MEETING-NOTES",
)


def _at(day: datetime.date):
    """Travel to midday of `day` on the school's clock."""
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone())
    return time_machine.travel(moment, tick=False)


@dataclass
class Made:
    """What one school holds, and the counts inside PERIOD worked out by hand."""

    school: object
    head: object
    manager: object
    staff: list = field(default_factory=list)
    expected: Counter = field(default_factory=Counter)


def _atomic(call, **kwargs):
    with transaction.atomic():
        return call(**kwargs)


def _staff(school, n: int, prefix: str) -> list:
    return [factories.make_staff(school, full_name=f"{prefix} Employee{i}") for i in range(n)]


def _case(made: Made, opened: datetime.date, employee, person=None):
    with _at(opened):
        case = factories.make_case(made.manager, employee, people=[person] if person else [])
        factories.record(
            case,
            made.manager,
            employee,
            person,
            days_ago=0,
            account=f"{SECRETS[3]} at the gate",
        )
    return case


def build(school, *, scale: int, trust_lead_trust=None) -> Made:
    """A school's records; `scale` (1 or 2) changes how many, so a count taken from
    the wrong school shows."""
    head = factories.make_staff(school, Role.HEADTEACHER, full_name="Hadley Head")
    manager = factories.make_staff(school, Role.LINE_MANAGER, full_name="Morgan Manager")
    staff = _staff(school, 3 * scale, school.name.split()[0])
    staff[0].full_name = SECRETS[1]
    staff[0].save(update_fields=["full_name"])
    made = Made(school=school, head=head, manager=manager, staff=staff)
    made.expected["staff"] = 2 + len(staff)  # the head and manager are staff too
    by = factories.origin(manager)

    # Check-ins: `scale` inside (the first with a concern), one on each edge
    # inside, one each side outside.
    for i in range(scale):
        _atomic(
            prevention.record_check_in,
            origin=by,
            employee=staff[i],
            held_on=INSIDE,
            concern="yes" if i == 0 else "no",
            notes=SECRETS[2],
        )
    _atomic(
        prevention.record_check_in, origin=by, employee=staff[0], held_on=PERIOD.start, concern="not_sure"
    )
    _atomic(prevention.record_check_in, origin=by, employee=staff[0], held_on=PERIOD.end, concern="no")
    _atomic(prevention.record_check_in, origin=by, employee=staff[-1], held_on=BEFORE, concern="yes")
    _atomic(prevention.record_check_in, origin=by, employee=staff[-1], held_on=AFTER, concern="yes")
    made.expected["check_ins"] = scale + 2
    made.expected["check_in_concerns"] = 2  # the first inside (yes) and the start (not sure)
    made.expected["staff_checked_in"] = scale  # staff[0..scale-1]; staff[-1] only outside

    # Online-safety checklists: staff[0] inside, staff[1] only after.
    _atomic(prevention.complete_online_check, origin=by, employee=staff[0], completed_on=INSIDE, items=[])
    _atomic(prevention.complete_online_check, origin=by, employee=staff[1], completed_on=AFTER, items=[])
    made.expected["staff_checklist"] = 1

    # Awareness: staff[0] passed inside (current on the period's last day), staff[1]
    # long before (due again by then), staff[2] after the period.
    right = awareness_content.CORRECT
    awareness.submit_answers(origin=by, staff=[staff[0]], answers=right, on=INSIDE)
    awareness.submit_answers(origin=by, staff=[staff[1]], answers=right, on=datetime.date(2024, 1, 10))
    awareness.submit_answers(origin=by, staff=[staff[2]], answers=right, on=AFTER)
    made.expected["awareness_staff"] = made.expected["staff"]
    made.expected["awareness_current"] = 1

    person = factories.make_person(school, manager, name=SECRETS[0])
    # Opened inside: met, screened, planned, warned, referred.
    first = _case(made, INSIDE, staff[0], person)
    # Opened inside at high risk: nothing else.
    second = _case(made, INSIDE, staff[1], person)
    with _at(INSIDE):
        _atomic(risk.decide_level, origin=by, case=second, level="high", reason="Threats at the gate.")
    # Opened before, still open: active in the period, no plan before its end.
    third = _case(made, datetime.date(2025, 5, 1), staff[2], person)
    # Opened and closed before: not active in the period.
    closed = _case(made, datetime.date(2025, 4, 1), staff[0])
    with _at(datetime.date(2025, 6, 1)):
        _atomic(cases.change_case_status, origin=by, case=closed, status="closed")
    # Opened after: in no count of the period.
    later = _case(made, AFTER, staff[1], person)

    answers = {factor.code: "no" for factor in screening.FACTORS}
    for _ in range(scale):
        with _at(INSIDE):
            _atomic(
                risk.record_screening,
                origin=by,
                case=first,
                fear="very_frightened",
                answers=answers,
                context=SECRETS[4],
            )
    _atomic(risk.record_screening, origin=by, case=third, fear="very_frightened", answers=answers)  # after
    made.expected["screenings"] = scale
    made.expected["cases_screened"] = 1
    made.expected["cases_unscreened"] = 1  # the second: high, never screened

    _atomic(
        plans.record_meeting,
        origin=by,
        case=first,
        held_on=INSIDE + datetime.timedelta(days=2),
        areas={"explore": {"covered": True, "notes": SECRETS[8]}},
        next_meeting_on=INSIDE + datetime.timedelta(days=16),
    )
    _atomic(
        plans.record_meeting,
        origin=by,
        case=later,
        held_on=AFTER + datetime.timedelta(days=2),
        areas={"explore": {"covered": True, "notes": SECRETS[8]}},
        next_meeting_on=AFTER + datetime.timedelta(days=16),
    )
    made.expected["meetings"] = 1
    made.expected["cases_met"] = 1
    made.expected["cases_opened_unmet"] = 1  # the second

    with _at(INSIDE):
        for _ in range(scale):
            plans.add_action(
                origin=by,
                case=first,
                section="travel",
                values={"agreed": SECRETS[5], "status": "in_place", "in_place_on": INSIDE},
            )
    plans.add_action(
        origin=by,
        case=first,
        section="travel",
        values={"agreed": SECRETS[5], "status": "in_place", "in_place_on": AFTER},
    )
    made.expected["actions_in_place"] = scale
    made.expected["cases_in_place"] = 1
    made.expected["cases_unplanned"] = 2  # the second and the third (its plan came after)

    def warn(case, warned_on):
        with _at(warned_on):
            return frontdesk.warn(
                origin=factories.origin(head),
                case=case,
                person=person,
                values={
                    "kind": "site_ban",
                    "reason": SECRETS[6],
                    "warned_on": warned_on,
                    "representations_by": warned_on + datetime.timedelta(days=14),
                },
            )

    confirmed = warn(first, INSIDE)
    with _at(INSIDE + datetime.timedelta(days=20)):
        _atomic(
            frontdesk.decide,
            origin=factories.origin(head),
            restriction=confirmed,
            confirm=True,
            reason=SECRETS[6],
            review_on=INSIDE + datetime.timedelta(days=90),
        )
    warn(first, datetime.date(2026, 5, 1))  # left waiting
    warn(third, datetime.date(2025, 8, 1))  # before, still waiting
    made.expected["warnings"] = 2
    made.expected["restrictions_confirmed"] = 1
    made.expected["warnings_waiting"] = 2

    for _ in range(2):  # saved twice: one case referred
        _atomic(
            referrals.save_policy_referral,
            origin=by,
            case=first,
            values={"referred_on": INSIDE, "reason": SECRETS[7], "decision": "pending"},
        )
    _atomic(
        referrals.save_policy_referral,
        origin=by,
        case=third,
        values={"referred_on": BEFORE, "reason": SECRETS[7], "decision": "pending"},
    )
    made.expected["cases_referred"] = 1
    if trust_lead_trust is not None:
        made.trust_lead = factories.make_staff(school, Role.TRUST_LEAD, full_name="Tess Trust")
        made.expected["staff"] += 1
        made.expected["awareness_staff"] += 1
    return made


@dataclass
class Estate:
    trust: object
    a: Made
    b: Made
    c: Made  # another trust's school


def estate() -> Estate:
    trust = factories.make_trust("Harbour Test Trust")
    other = factories.make_trust("Other Test Trust")
    a = build(factories.make_school("Alder School", trust), scale=1, trust_lead_trust=trust)
    b = build(factories.make_school("Birch School", trust), scale=2)
    c = build(factories.make_school("Cedar School", other), scale=2)
    return Estate(trust=trust, a=a, b=b, c=c)
