"""The order rules as plain functions: no database."""

import datetime
import zoneinfo

from hypothesis import given
from hypothesis import strategies as st

from harbour.orders import rules
from harbour.orders.rules import Dates

DAY = datetime.date(2026, 11, 20)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_an_order_is_in_force_from_its_first_day_to_its_last_day_included():
    order = Dates(starts_on=DAY, expires_on=DAY + datetime.timedelta(days=30))
    assert not rules.is_possible_breach(order, at(DAY - datetime.timedelta(days=1), 23))
    assert rules.is_possible_breach(order, at(DAY, 0))
    assert rules.is_possible_breach(order, at(DAY + datetime.timedelta(days=30), 23))
    assert not rules.is_possible_breach(order, at(DAY + datetime.timedelta(days=31), 0))


def test_an_order_with_no_end_date_never_runs_out():
    order = Dates(starts_on=DAY)
    assert rules.is_possible_breach(order, at(DAY + datetime.timedelta(days=3650)))
    assert rules.status_on(order, DAY - datetime.timedelta(days=1)) == rules.NOT_YET


def test_any_order_in_force_makes_it_a_possible_breach():
    ended = Dates(starts_on=DAY - datetime.timedelta(days=100), expires_on=DAY - datetime.timedelta(days=1))
    future = Dates(starts_on=DAY + datetime.timedelta(days=5))
    current = Dates(starts_on=DAY - datetime.timedelta(days=2), expires_on=DAY + datetime.timedelta(days=2))
    assert not rules.is_possible_breach([ended, future], at(DAY))
    assert rules.is_possible_breach([ended, future, current], at(DAY))
    assert rules.in_force_at([ended, future, current], at(DAY)) == [current]
    assert not rules.is_possible_breach([], at(DAY))


def test_the_moment_is_read_on_the_schools_clock():
    # 23:30 in London on the last day, though already the next day in UTC+1 and later.
    order = Dates(starts_on=DAY - datetime.timedelta(days=5), expires_on=DAY)
    late = datetime.datetime(DAY.year, DAY.month, DAY.day, 23, 30, tzinfo=LONDON)
    assert rules.is_possible_breach(order, late.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")))
    assert rules.is_possible_breach(order, DAY)  # a plain day works too


def test_dates_that_make_no_sense_are_refused_by_field():
    today = DAY
    assert rules.date_errors(made_on=None, starts_on=None, expires_on=None, today=today) == {
        "made_on": "Enter the date the order was made or the warning given."
    }
    tomorrow = today + datetime.timedelta(days=1)
    assert "made_on" in rules.date_errors(made_on=tomorrow, starts_on=None, expires_on=None, today=today)
    yesterday = today - datetime.timedelta(days=1)
    assert rules.date_errors(made_on=today, starts_on=yesterday, expires_on=None, today=today) == {
        "starts_on": "An order cannot start before it was made."
    }
    assert set(rules.date_errors(made_on=today, starts_on=None, expires_on=yesterday, today=today)) == {
        "expires_on"
    }
    # Starting later than it was made, and ending on the day it starts, are both fine.
    assert rules.date_errors(made_on=yesterday, starts_on=tomorrow, expires_on=tomorrow, today=today) == {}


days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))
spans = st.builds(
    lambda start, length: Dates(start, None if length is None else start + datetime.timedelta(days=length)),
    days,
    st.none() | st.integers(min_value=0, max_value=4000),
)


@given(st.lists(spans, max_size=6), days)
def test_a_possible_breach_is_exactly_an_order_in_force_that_day(orders, day):
    expected = any(o.starts_on <= day and (o.expires_on is None or day <= o.expires_on) for o in orders)
    assert rules.is_possible_breach(orders, at(day)) is expected


@given(st.lists(spans, max_size=6), spans, days)
def test_another_order_never_clears_a_possible_breach(orders, extra, day):
    if rules.is_possible_breach(orders, at(day)):
        assert rules.is_possible_breach([*orders, extra], at(day))


@given(spans, days)
def test_every_day_has_one_status(order, day):
    status = rules.status_on(order, day)
    assert status in rules.STATUS_NAMES
    assert (status == rules.IN_FORCE) is rules.in_force(order, day)
