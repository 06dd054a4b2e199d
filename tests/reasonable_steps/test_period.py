"""The period rules, with examples and properties."""

import datetime
import doctest

from hypothesis import given
from hypothesis import strategies as st

from harbour import limits
from harbour.reasonable_steps import period

DAYS = st.dates(min_value=limits.EARLIEST, max_value=datetime.date(2099, 12, 31))
# Days whose academic year lies wholly within the plausible dates.
SCHOOL_DAYS = st.dates(min_value=datetime.date(1990, 9, 1), max_value=datetime.date(2099, 12, 31))


def test_the_examples_in_the_module_hold():
    failed, tried = doctest.testmod(period)
    assert tried >= 6 and failed == 0


@given(SCHOOL_DAYS)
def test_the_academic_year_holds_the_day_and_runs_september_to_august(day):
    year = period.academic_year(day)
    assert year.start <= day <= year.end
    assert (year.start.month, year.start.day, year.end.month, year.end.day) == (9, 1, 8, 31)
    assert year.end.year == year.start.year + 1
    assert period.problems(year.start, year.end) == {}
    # The next year starts the day after this one ends.
    assert period.academic_year(year.end + datetime.timedelta(days=1)).start == year.end + datetime.timedelta(
        days=1
    )


@given(DAYS, DAYS)
def test_a_period_is_fine_exactly_when_it_runs_forwards_and_is_short_enough(first, second):
    found = period.problems(first, second)
    if second < first:
        assert set(found) == {"end"} and "after its start" in found["end"]
    elif (second - first).days > 366 * period.MAX_YEARS:
        assert set(found) == {"end"}
    elif (second - first).days < 365 * period.MAX_YEARS:
        assert found == {}


def test_dates_nobody_means_are_refused_beside_the_field():
    assert set(period.problems(datetime.date(1989, 12, 31), datetime.date(2000, 1, 1))) == {"start"}
    assert set(period.problems(datetime.date(2099, 1, 1), datetime.date(2101, 1, 1))) == {"end"}
    assert period.problems(datetime.date(2024, 2, 29), datetime.date(2029, 2, 28)) == {}
    assert set(period.problems(datetime.date(2024, 2, 29), datetime.date(2029, 3, 1))) == {"end"}
