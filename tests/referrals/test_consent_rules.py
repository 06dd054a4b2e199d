"""The consent rules as plain functions: no database."""

import datetime
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.referrals import consent

T0 = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Row:
    id: int
    employee_id: int
    recipient: str
    decision: str
    at: datetime.datetime


def row(n, decision, employee=1, recipient=consent.POLICE, minutes=None):
    return Row(
        n, employee, recipient, decision, T0 + datetime.timedelta(minutes=n if minutes is None else minutes)
    )


def test_yes_is_given_and_no_is_a_refusal_until_consent_stood():
    assert consent.decision_for(None, True) == consent.GIVEN
    assert consent.decision_for(None, False) == consent.REFUSED
    assert consent.decision_for(row(1, consent.REFUSED), False) == consent.REFUSED
    assert consent.decision_for(row(1, consent.GIVEN), False) == consent.WITHDRAWN
    assert consent.decision_for(row(1, consent.WITHDRAWN), True) == consent.GIVEN


def test_only_standing_consent_can_be_withdrawn():
    assert consent.may_withdraw(row(1, consent.GIVEN))
    assert not consent.may_withdraw(None)
    assert not consent.may_withdraw(row(1, consent.WITHDRAWN))
    assert not consent.may_withdraw(row(1, consent.REFUSED))


def test_the_newest_choice_stands_and_a_withdrawal_ends_consent():
    rows = [row(1, consent.GIVEN), row(2, consent.WITHDRAWN)]
    standing = consent.standing(rows, consent.POLICE, [1])
    assert not standing.shares and standing.missing == (1,)
    assert consent.standing([*rows, row(3, consent.GIVEN)], consent.POLICE, [1]).shares


def test_ties_in_time_are_broken_by_the_later_row():
    rows = [row(2, consent.WITHDRAWN, minutes=0), row(1, consent.GIVEN, minutes=0)]
    assert consent.latest(rows, consent.POLICE, 1).decision == consent.WITHDRAWN


def test_consent_for_one_recipient_is_not_consent_for_the_other():
    rows = [row(1, consent.GIVEN, recipient=consent.POLICE)]
    assert consent.standing(rows, consent.POLICE, [1]).shares
    assert not consent.standing(rows, consent.STALKING_SERVICE, [1]).shares


def test_every_employee_of_the_case_must_say_yes():
    rows = [row(1, consent.GIVEN, employee=1)]
    standing = consent.standing(rows, consent.POLICE, [1, 2])
    assert not standing.shares and standing.missing == (2,)
    assert consent.standing([*rows, row(2, consent.GIVEN, employee=2)], consent.POLICE, [1, 2]).shares
    # Another person's yes (say, someone no longer on the case) counts for nothing.
    assert not consent.standing([row(1, consent.GIVEN, employee=9)], consent.POLICE, [1]).shares


def test_a_case_with_no_employee_never_shares():
    assert not consent.standing([row(1, consent.GIVEN)], consent.POLICE, []).shares


answers = st.lists(
    st.tuples(st.sampled_from([1, 2]), st.sampled_from(consent.RECIPIENTS), st.booleans()), max_size=12
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers)
def test_shares_exactly_when_each_employees_last_answer_was_yes(sequence):
    rows = []
    for n, (employee, recipient, yes) in enumerate(sequence, start=1):
        previous = consent.latest(rows, recipient, employee)
        rows.append(row(n, consent.decision_for(previous, yes), employee=employee, recipient=recipient))
    for recipient in consent.RECIPIENTS:
        last = {}
        for employee, said_to, yes in sequence:
            if said_to == recipient:
                last[employee] = yes
        expected = last.get(1, False) and last.get(2, False)
        assert consent.standing(rows, recipient, [1, 2]).shares == expected
    # A withdrawal is only ever recorded straight after consent stood.
    for r in rows:
        if r.decision == consent.WITHDRAWN:
            earlier = [
                x
                for x in rows
                if x.id < r.id and (x.recipient, x.employee_id) == (r.recipient, r.employee_id)
            ]
            assert earlier and earlier[-1].decision == consent.GIVEN
