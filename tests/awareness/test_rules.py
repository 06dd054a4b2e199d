"""The marking rule and the due-again rule, as plain functions."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.awareness import content, rules

D = datetime.date
# Pure functions: a loaded machine (CI beside other work) may draw slowly, which
# says nothing about the rules, so neither the deadline nor the speed check applies.
UNHURRIED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORRECT = {"a": "x", "b": "y"}


def test_all_right_passes():
    assert rules.mark({"a": "x", "b": "y"}, CORRECT) == rules.Marked(True, (), ())


def test_one_wrong_fails_and_names_it():
    marked = rules.mark({"a": "x", "b": "z"}, CORRECT)
    assert not marked.passed and marked.wrong == ("b",) and marked.unanswered == ()


def test_unanswered_fails():
    marked = rules.mark({"a": "x"}, CORRECT)
    assert not marked.passed and marked.unanswered == ("b",) and marked.wrong == ()


def test_an_empty_answer_is_unanswered_not_wrong():
    marked = rules.mark({"a": "", "b": "y"}, CORRECT)
    assert not marked.passed and marked.unanswered == ("a",) and marked.wrong == ()


def test_no_questions_never_passes():
    assert not rules.mark({}, {}).passed


def test_the_modules_own_answers_pass_and_each_other_option_fails():
    assert rules.mark(dict(content.CORRECT), content.CORRECT).passed
    for question in content.QUESTIONS:
        for option, _ in question.options:
            if option != question.correct:
                answers = {**content.CORRECT, question.code: option}
                assert rules.mark(answers, content.CORRECT).wrong == (question.code,)


def test_every_question_has_its_right_answer_among_its_options_and_an_explanation():
    assert 4 <= len(content.QUESTIONS) <= 6
    for question in content.QUESTIONS:
        assert question.correct in {code for code, _ in question.options}
        assert question.explanation


@UNHURRIED
@given(st.dictionaries(st.sampled_from(content.QUESTION_CODES), st.sampled_from(content.ANSWER_CODES)))
def test_a_pass_is_exactly_every_answer_right(answers):
    marked = rules.mark(answers, content.CORRECT)
    assert marked.passed == (answers == content.CORRECT)
    assert set(marked.wrong) | set(marked.unanswered) == {
        code for code in content.QUESTION_CODES if answers.get(code) != content.CORRECT[code]
    }


@pytest.mark.parametrize(
    "completed, months, due",
    [
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2026, 6, 10), 60, D(2031, 6, 10)),
    ],
)
def test_due_on_examples(completed, months, due):
    assert rules.due_on(completed, months) == due


def test_current_until_the_day_before_it_is_due():
    done = D(2026, 3, 15)
    assert rules.is_current(done, 12, D(2026, 3, 15))
    assert rules.is_current(done, 12, D(2027, 3, 14))
    assert not rules.is_current(done, 12, D(2027, 3, 15))
    assert not rules.is_current(done, 12, D(2026, 3, 14))  # not yet done that day
    assert not rules.is_current(None, 12, D(2026, 3, 15))


def test_status():
    assert rules.status(None, 12, D(2026, 1, 1)) == "missing"
    assert rules.status(D(2025, 6, 1), 12, D(2026, 1, 1)) == "current"
    assert rules.status(D(2024, 6, 1), 12, D(2026, 1, 1)) == "expired"


def test_a_period_under_a_month_is_refused():
    with pytest.raises(ValueError):
        rules.due_on(D(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        rules.earliest_current(D(2026, 1, 1), 0)


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
months = st.integers(min_value=1, max_value=60)


@UNHURRIED
@given(days, months)
def test_due_is_always_after_completion_and_within_the_period(completed, m):
    due = rules.due_on(completed, m)
    assert due > completed
    # Never more than m months of 31 days, never fewer than m months of 28.
    assert 28 * m <= (due - completed).days <= 31 * m


@UNHURRIED
@given(days, days, months)
def test_a_later_completion_is_never_due_earlier(first, second, m):
    early, late = sorted((first, second))
    assert rules.due_on(early, m) <= rules.due_on(late, m)


@UNHURRIED
@given(days, months, months)
def test_a_longer_period_never_makes_a_completion_due_sooner(completed, a, b):
    short, long = sorted((a, b))
    assert rules.due_on(completed, short) <= rules.due_on(completed, long)
    # So lengthening the school's period never turns a current completion expired.
    on = rules.due_on(completed, short) - datetime.timedelta(days=1)
    assert rules.is_current(completed, long, on)


@UNHURRIED
@given(days, months, st.integers(min_value=-40, max_value=40))
def test_earliest_current_is_the_exact_boundary(on, m, offset):
    start = rules.earliest_current(on, m)
    day = start + datetime.timedelta(days=offset)
    assert rules.is_current(day, m, on) == (start <= day <= on)
