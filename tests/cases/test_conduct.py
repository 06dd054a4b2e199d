import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harbour.cases.conduct import Occasion, assess

D = datetime.date


def occ(incident_id, day, person=1, employee=10, behaviours=("seeking_out",), impacts=("alarm",)):
    return Occasion(incident_id, day, person, employee, frozenset(behaviours), frozenset(impacts))


def test_one_occasion_is_not_a_course_of_conduct():
    assert not assess([occ(1, D(2026, 3, 1))]).met


def test_two_occasions_with_alarm_meet_the_test_with_dates_and_incidents():
    result = assess([occ(2, D(2026, 3, 9), impacts=()), occ(1, D(2026, 3, 1))])
    assert result.met
    (course,) = result.meeting
    assert course.incident_ids == (1, 2)
    assert (course.first_date, course.last_date) == (D(2026, 3, 1), D(2026, 3, 9))
    assert course.met_on == D(2026, 3, 9)


def test_no_recorded_harm_does_not_meet_the_test():
    result = assess([occ(1, D(2026, 3, 1), impacts=("other",)), occ(2, D(2026, 3, 2), impacts=())])
    assert not result.met
    assert len(result.courses) == 1 and not result.courses[0].meets_test


def test_met_on_waits_for_the_first_harm():
    result = assess(
        [
            occ(1, D(2026, 1, 1), impacts=()),
            occ(2, D(2026, 1, 5), impacts=()),
            occ(3, D(2026, 1, 9), impacts=("fear_of_violence",)),
        ]
    )
    assert result.meeting[0].met_on == D(2026, 1, 9)


def test_different_people_or_employees_are_separate_courses():
    result = assess([occ(1, D(2026, 1, 1), person=1), occ(2, D(2026, 1, 2), person=2)])
    assert not result.met
    result = assess([occ(1, D(2026, 1, 1), employee=10), occ(2, D(2026, 1, 2), employee=11)])
    assert not result.met


def test_unknown_person_and_no_behaviour_are_not_counted_but_listed():
    result = assess(
        [occ(1, D(2026, 1, 1), person=None), occ(2, D(2026, 1, 2), behaviours=()), occ(3, D(2026, 1, 3))]
    )
    assert not result.met
    assert result.not_counted == (1, 2)


def test_one_person_towards_several_staff_is_flagged():
    result = assess([occ(1, D(2026, 1, 1), employee=10), occ(2, D(2026, 1, 2), employee=11)])
    (several,) = result.several_staff
    assert several.person_id == 1 and several.employee_ids == (10, 11) and several.incident_ids == (1, 2)


def test_long_gap_is_reported_but_still_counted():
    result = assess([occ(1, D(2026, 1, 1)), occ(2, D(2026, 5, 1))], gap_days=90)
    (course,) = result.meeting
    assert [(g.after, g.before, g.days) for g in course.long_gaps] == [(D(2026, 1, 1), D(2026, 5, 1), 120)]
    assert assess([occ(1, D(2026, 1, 1)), occ(2, D(2026, 5, 1))], gap_days=200).meeting[0].long_gaps == ()


def test_gap_exactly_at_the_limit_is_not_reported():
    course = assess([occ(1, D(2026, 1, 1)), occ(2, D(2026, 1, 31))], gap_days=30).meeting[0]
    assert course.long_gaps == ()


def test_gap_days_must_be_positive():
    with pytest.raises(ValueError):
        assess([], gap_days=0)


occasions = st.lists(
    st.builds(
        Occasion,
        incident_id=st.integers(1, 10_000),
        occurred_on=st.dates(D(2020, 1, 1), D(2027, 1, 1)),
        person_id=st.one_of(st.none(), st.integers(1, 3)),
        employee_id=st.integers(10, 12),
        behaviours=st.frozensets(st.sampled_from(["seeking_out", "threats", "touching"]), max_size=2),
        impacts=st.frozensets(
            st.sampled_from(["alarm", "distress", "fear_of_violence", "other"]), max_size=2
        ),
    ),
    max_size=25,
    unique_by=lambda o: o.incident_id,
)


@given(occasions, st.randoms())
def test_order_of_input_does_not_matter(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    assert assess(items) == assess(shuffled)


@given(occasions)
def test_a_met_course_is_one_person_and_one_employee_with_harm(items):
    for course in assess(items).meeting:
        chosen = [o for o in items if o.incident_id in course.incident_ids]
        assert len(chosen) >= 2
        assert {o.person_id for o in chosen} == {course.person_id} and course.person_id is not None
        assert {o.employee_id for o in chosen} == {course.employee_id}
        assert any(o.impacts & {"alarm", "distress", "fear_of_violence"} for o in chosen)
        assert all(o.behaviours for o in chosen)


@given(occasions, occasions)
def test_more_record_never_undoes_a_met_test(first, more):
    ids = {o.incident_id for o in first}
    combined = first + [o for o in more if o.incident_id not in ids]
    if assess(first).met:
        assert assess(combined).met


@given(occasions)
def test_every_occasion_is_either_in_a_course_or_not_counted(items):
    result = assess(items)
    in_courses = [i for course in result.courses for i in course.incident_ids]
    assert sorted(in_courses + list(result.not_counted)) == sorted(o.incident_id for o in items)


@given(occasions)
def test_fewer_than_two_counted_occasions_never_meet(items):
    counted = [o for o in items if o.person_id is not None and o.behaviours]
    pairs = {(o.person_id, o.employee_id) for o in counted}
    if all(sum(1 for o in counted if (o.person_id, o.employee_id) == pair) < 2 for pair in pairs):
        assert not assess(items).met
