"""The module's two rules as plain functions, no database: marking the answers
and when a completion is due again. Tested with examples and hypothesis
(tests/awareness/test_rules.py).

Marking: a pass needs every question answered, and answered rightly. Someone who
gets one wrong is told why and may try again as often as they like; only a pass is
recorded, so a completion always means the person saw every right answer.

Due again: a completion on day D with a renewal period of M months is current up
to, not including, D + M months (the same day of the month; the month's last day
when it is shorter, so 31 January + 1 month is 28 or 29 February).
"""

import calendar
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Marked:
    passed: bool
    wrong: tuple[str, ...]  # codes of questions answered, but not rightly
    unanswered: tuple[str, ...]  # codes of questions with no answer


def mark(answers: dict[str, str], correct: dict[str, str]) -> Marked:
    """`answers` {question code: answer code} against `correct` (the same for
    every question of the module). Answers to questions not in the module are
    ignored here; the form and the API refuse them before this is asked."""
    wrong = tuple(code for code, right in correct.items() if answers.get(code) and answers[code] != right)
    unanswered = tuple(code for code in correct if not answers.get(code))
    return Marked(passed=bool(correct) and not wrong and not unanswered, wrong=wrong, unanswered=unanswered)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(completed_on: datetime.date, renewal_months: int) -> datetime.date:
    """The day the module is due again after a completion."""
    if renewal_months < 1:
        raise ValueError("The renewal period is at least one month.")
    return add_months(completed_on, renewal_months)


def is_current(completed_on: datetime.date | None, renewal_months: int, on: datetime.date) -> bool:
    """Whether a completion (None: never completed) still counts on day `on`. A
    completion dated after `on` does not count on `on`: the rates as of a past day
    are what was true that day."""
    return completed_on is not None and completed_on <= on < due_on(completed_on, renewal_months)


def earliest_current(on: datetime.date, renewal_months: int) -> datetime.date:
    """The earliest completion day still current on `on`: is_current(d) holds
    exactly for earliest_current(on) <= d <= on. The selectors ask the database for
    that range, so this must agree with due_on at month ends (tested)."""
    if renewal_months < 1:
        raise ValueError("The renewal period is at least one month.")
    # due_on never goes down as the completion day goes up, so step from a first
    # guess to the boundary; it is at most a few days out at a month's end.
    day = add_months(on, -renewal_months)
    while due_on(day, renewal_months) <= on:
        day += datetime.timedelta(days=1)
    while due_on(day - datetime.timedelta(days=1), renewal_months) > on:
        day -= datetime.timedelta(days=1)
    return day


def status(latest: datetime.date | None, renewal_months: int, on: datetime.date) -> str:
    """ "missing" (never passed), "current" or "expired", for My work and the API."""
    if latest is None:
        return "missing"
    return "current" if is_current(latest, renewal_months, on) else "expired"
