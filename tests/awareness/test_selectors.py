"""completion_summary: the counts the statistics and the reasonable-steps report read."""

import datetime

import pytest
from django.db import transaction

from harbour.awareness import content, selectors, services
from harbour.awareness.models import AwarenessCompletion
from tests import factories

D = datetime.date


def _pass(staff, on):
    with transaction.atomic():
        services.submit_answers(
            origin=factories.origin(staff), staff=[staff], answers=dict(content.CORRECT), on=on
        )


@pytest.mark.django_db
def test_counts_current_completions_of_active_staff_per_school():
    trust = factories.make_trust()
    school, other = factories.make_school(trust=trust), factories.make_school(trust=trust)
    other.awareness_renewal_months = 6
    other.save()
    a, b, c = (factories.make_staff(school) for _ in range(3))
    leaver = factories.make_staff(school)
    d = factories.make_staff(other)
    _pass(a, D(2026, 1, 10))
    _pass(a, D(2026, 5, 1))  # twice: one person, counted once
    _pass(b, D(2025, 1, 9))  # expired on 9 January 2026
    _pass(leaver, D(2026, 2, 1))
    leaver.is_active = False
    leaver.save()
    _pass(d, D(2026, 1, 10))  # six months: due again 10 July 2026
    on = D(2026, 6, 30)
    summary = selectors.completion_summary([other.pk, school.pk], on)
    assert summary == [
        selectors.SchoolCompletion(other.pk, 1, 1),
        selectors.SchoolCompletion(school.pk, 3, 1),
    ]
    assert selectors.completion_summary([other.pk], D(2026, 7, 10)) == [(other.pk, 1, 0)]
    # As of a day before anyone passed, nobody had.
    assert selectors.completion_summary([school.pk], D(2025, 1, 8)) == [(school.pk, 3, 0)]
    assert c.awareness_completions.count() == 0


@pytest.mark.django_db
def test_unknown_and_empty_schools():
    school = factories.make_school()
    assert selectors.completion_summary([], D(2026, 1, 1)) == []
    assert selectors.completion_summary([school.pk, 987654], D(2026, 1, 1)) == [(school.pk, 0, 0)]


@pytest.mark.django_db
def test_three_queries_whatever_the_number_of_schools(django_assert_num_queries):
    schools = [factories.make_school() for _ in range(6)]
    for i, school in enumerate(schools):
        school.awareness_renewal_months = 1 + i % 3
        school.save()
        _pass(factories.make_staff(school), D(2026, 1, 1))
    with django_assert_num_queries(3):
        summary = selectors.completion_summary([s.pk for s in schools], D(2026, 1, 20))
    assert [row.completed_current for row in summary] == [1] * 6
    assert AwarenessCompletion.objects.count() == 6


@pytest.mark.django_db
def test_any_day_of_the_calendar_is_answered():
    school = factories.make_school()
    school.awareness_renewal_months = 60
    school.save()
    assert selectors.completion_summary([school.pk], D(1, 2, 1)) == [(school.pk, 0, 0)]
    assert selectors.completion_summary([school.pk], D(9999, 12, 31)) == [(school.pk, 0, 0)]
