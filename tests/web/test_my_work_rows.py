"""My work reads the user's cases once and counts, sorts and cuts its sections in
Python (access.work_cases); the section pages and the case list ask the database
with querysets. The two must agree for everyone: same cases, same order, same
"more" flags, same counts."""

import datetime

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from harbour import access
from harbour.cases import services as case_services
from harbour.cases.models import Case, CaseStatus
from harbour.plans import services as plans
from harbour.web import work
from tests import factories

LIMIT = 2  # small, so every section is cut and "more" is tested both ways


def _case(owner, employee, *, review_in=None, status=None, threats=0, members=(), contact=False):
    today = timezone.localdate()
    case = factories.make_case(owner, employee, members=members)
    for n in range(threats):
        factories.record(case, owner, employee, behaviours=["threats"], days_ago=n + 1)
    plans.add_action(
        origin=factories.origin(owner),
        case=case,
        section="contact" if contact else "other",
        values={"agreed": "Walk to the car park together", "owner": employee, "next_review_on": today},
    )
    if status:
        case_services.change_case_status(origin=factories.origin(owner), case=case, status=status)
    if review_in is not None:
        # As if the days had passed since the review was set (a review is never set in the past).
        Case.objects.filter(pk=case.pk).update(next_review_on=today + datetime.timedelta(days=review_in))
    return case


@pytest.fixture
def busy(world):
    """Cases in every state the sections tell apart, owned by the manager, by
    another manager (with the manager in its circle), by the headteacher, and in
    another school."""
    w = world
    staff = [factories.make_staff(w.school, with_user=False, full_name=f"Affected {n}") for n in range(8)]
    # Closed first, so its overdue review, signal and pending contact measure would
    # lead their sections if a closed case were let in.
    _case(w.manager, staff[4], review_in=-10, status=CaseStatus.CLOSED, threats=1, contact=True)
    _case(w.manager, staff[0], review_in=-3, threats=1)
    # Due on the last day of the week ahead (plans.selectors.DUE_AHEAD): still due.
    _case(w.manager, staff[1], review_in=7, threats=2, contact=True)
    _case(w.manager, staff[2], review_in=30, threats=1)
    _case(w.manager, staff[3], review_in=-1, status=CaseStatus.MONITORING, contact=True)
    _case(w.other_manager, staff[5], review_in=2, members=[w.manager, w.member], threats=1, contact=True)
    _case(w.head, staff[6], review_in=-2, threats=1, members=[w.member])
    _case(w.other_manager, staff[7], review_in=1, status=CaseStatus.CLOSED, members=[w.manager])
    elsewhere = factories.make_staff(w.other_school, with_user=False)
    _case(w.other_head, elsewhere, review_in=-1, threats=1, contact=True)
    return w


PERSONAS = ["manager", "other_manager", "head", "member", "employee", "other_head", "champion", "trust_lead"]


def _ids(rows) -> list[int]:
    return [getattr(row, "case", row).pk for row in rows]


def _action_ids(rows) -> list[int]:
    """The plan actions of a section's rows: DueItems' actions, or PlanActions."""
    return [getattr(row, "action", row).pk for row in rows]


@pytest.mark.parametrize("persona", PERSONAS)
def test_work_cases_marks_each_case_as_the_querysets_do(busy, persona):
    user = getattr(busy, persona).user
    rows = access.work_cases(user)
    assert len({row.pk for row in rows}) == len(rows)  # each case once
    assert {row.pk for row in rows if row.mine} == set(access.case_ids(access.my_cases(user)))
    assert {row.pk for row in rows if row.answered} == set(access.case_ids(access.answered_for_cases(user)))
    assert {row.pk for row in rows if row.head} == set(access.case_ids(access.head_cases(user)))
    # Nothing beyond those three lists is read.
    assert {row.pk for row in rows} == set(access.case_ids(access.involved_cases(user)))


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_work_sections_are_the_first_rows_of_their_section_pages(busy, persona):
    user = getattr(busy, persona).user
    today = timezone.localdate()
    found = work.overview(user, today, limit=LIMIT)
    for section, shown, more in [
        ("signals", [case for case, _ in found.signals], found.more_signals),
        ("reviews", found.due["reviews"], found.due["more_reviews"]),
        ("actions", found.due["actions"], found.due["more_actions"]),
        ("decisions", found.decisions, found.more_decisions),
    ]:
        rows, shape = work.section_rows(user, section, today)
        everything = shape(rows)
        assert _ids(shown) == _ids(everything[:LIMIT]), section
        assert more == (len(everything) > LIMIT), section
        if section in ("actions", "decisions"):  # the actions themselves, not only their cases
            assert _action_ids(shown) == _action_ids(everything[:LIMIT]), section
    # Each case's signals, too, are the section page's.
    rows, shape = work.section_rows(user, "signals", today)
    expected = [(case.pk, [s.code for s in case.open_signal_list]) for case in shape(rows[:LIMIT])]
    assert [(case.pk, [s.code for s in signals]) for case, signals in found.signals] == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_work_counts_and_cases_are_the_querysets(busy, persona):
    user = getattr(busy, persona).user
    found = work.overview(user, timezone.localdate(), limit=LIMIT)
    mine = access.my_cases(user)
    assert found.counts == mine.aggregate(
        open=Count("pk", filter=Q(status=CaseStatus.OPEN)),
        monitoring=Count("pk", filter=Q(status=CaseStatus.MONITORING)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
    )
    live = list(mine.exclude(status=CaseStatus.CLOSED).order_by("-opened_at", "-id"))
    assert _ids(found.cases) == _ids(live[:LIMIT])
    assert found.more_cases == (len(live) > LIMIT)
    if access.is_headteacher(user):
        others = access.head_cases(user).exclude(pk__in=mine.values("pk"))
        assert found.school_cases == others.exclude(status=CaseStatus.CLOSED).count()
    else:
        assert found.school_cases is None


def test_the_busy_world_exercises_every_section(busy):
    """The comparisons above mean something only if the sections have rows and are
    cut: the manager's and the headteacher's My work show every kind."""
    today = timezone.localdate()
    manager = work.overview(busy.manager.user, today, limit=LIMIT)
    head = work.overview(busy.head.user, today, limit=LIMIT)
    assert manager.more_signals and manager.due["more_reviews"] and manager.due["more_actions"]
    assert manager.more_cases and manager.counts == {"open": 5, "monitoring": 1, "closed": 2}
    assert head.decisions and head.more_decisions and head.school_cases > 0
    # A closed case's review and signals are not due, even though they are kept.
    closed = access.my_cases(busy.manager.user).filter(status=CaseStatus.CLOSED)
    shown = {*_ids(manager.due["reviews"]), *_ids(c for c, _ in manager.signals)}
    assert shown and not shown & set(access.case_ids(closed))
