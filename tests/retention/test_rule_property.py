"""The command erases exactly the cases the plain rule names: closed, closed at
least the school's period in calendar months before now, and not held. Dates
and periods are generated, month ends and leap days included."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harbour.cases.models import Case, Incident
from harbour.retention import holds, schedule, sweep
from harbour.retention.models import CaseErasure, RecordKind
from harbour.schools.models import Role
from tests import factories
from tests.retention.helpers import close

UTC = datetime.UTC
moments = st.datetimes(
    min_value=datetime.datetime(2016, 1, 1), max_value=datetime.datetime(2034, 12, 31), timezones=st.just(UTC)
)


def plain_rule(closed_at, months, now) -> bool:
    return closed_at + relativedelta(months=months) <= now


@pytest.fixture
def people(db):
    school = factories.make_school()
    return (
        school,
        factories.make_staff(school, Role.LINE_MANAGER),
        factories.make_staff(school),
        factories.make_staff(school, Role.ADMINISTRATOR),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cases=st.lists(st.tuples(st.one_of(st.none(), moments), st.booleans()), min_size=1, max_size=4),
    months=st.integers(min_value=1, max_value=120),
    now=moments,
)
# A month end: 31 January plus one month is 29 February, three days later than
# "now minus a month" would put the boundary.
@example(
    cases=[(datetime.datetime(2020, 1, 31, 23, tzinfo=UTC), False)],
    months=1,
    now=datetime.datetime(2020, 2, 29, 23, tzinfo=UTC),
)
def test_the_command_erases_what_the_rule_says_and_nothing_held(people, cases, months, now):
    school, manager, employee, admin = people
    schedule.set_periods(
        origin=factories.origin(admin), school=school, months={RecordKind.CLOSED_CASE: months}
    )
    made = {}
    for closed_at, held in cases:
        case = factories.make_case(manager, employee)
        factories.record(case, manager, employee)
        if closed_at is not None:
            close(case, manager, closed_at)
        if held:
            holds.place_hold(origin=factories.origin(admin), case=case, reason="Claim")
        made[case.pk] = (closed_at, held)

    outcome = sweep.apply(now)

    expected = {
        pk
        for pk, (closed_at, held) in made.items()
        if closed_at and not held and plain_rule(closed_at, months, now)
    }
    assert set(outcome.erased.get(RecordKind.CLOSED_CASE, [])) & set(made) == expected
    assert set(CaseErasure.objects.filter(case_id__in=made).values_list("case_id", flat=True)) == expected
    assert (
        set(Incident.objects.filter(case_id__in=made).values_list("case_id", flat=True))
        == set(made) - expected
    )
    assert set(outcome.held) & set(made) == {
        pk
        for pk, (closed_at, held) in made.items()
        if closed_at and held and plain_rule(closed_at, months, now)
    }
    # Nothing of this example is left for the next one to erase.
    Case.objects.filter(pk__in=made).update(status="open")
