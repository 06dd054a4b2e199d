"""Reads of awareness completions. Callers pass what harbour.access allows;
nothing here widens it.

The stable call other parts of Harbour use (the statistics and the
reasonable-steps report):

    completion_summary(school_ids: list[int], on: datetime.date) -> list[SchoolCompletion]

One SchoolCompletion(school_id, active_staff, completed_current) per school
asked for, in the order asked (a school that does not exist is left out).
`active_staff` counts the school's active staff records as they are now;
`completed_current` counts those of them whose latest pass is current on `on`
under the school's own renewal period (rules.is_current: passed on or before
`on`, and `on` is before the day it falls due). Counts only: never a name or an
answer. Three queries whatever the number of schools (their settings, the staff
counts, the completions), each served by an index.
"""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, F, Q

from harbour.awareness import rules
from harbour.awareness.models import AwarenessCompletion
from harbour.schools.models import School, StaffMember


class SchoolCompletion(NamedTuple):
    school_id: int
    active_staff: int
    completed_current: int


def _earliest(on: datetime.date, months: int) -> datetime.date:
    # Near the calendar's start there is no earlier day to count from.
    try:
        return rules.earliest_current(on, months)
    except (ValueError, OverflowError):
        return datetime.date.min


def completion_summary(school_ids: list[int], on: datetime.date) -> list[SchoolCompletion]:
    ids = list(dict.fromkeys(int(pk) for pk in school_ids))
    if not ids:
        return []
    renewal = dict(School.objects.filter(pk__in=ids).values_list("pk", "awareness_renewal_months"))
    staff = dict(
        StaffMember.objects.filter(school_id__in=list(renewal), is_active=True)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    # Schools sharing a renewal period share a date range: one arm per period.
    by_period = defaultdict(list)
    for school_id, months in renewal.items():
        by_period[months].append(school_id)
    period = Q()
    for months, schools in by_period.items():
        period |= Q(school_id__in=schools, completed_on__gte=_earliest(on, months))
    done = {}
    if renewal:
        done = dict(
            AwarenessCompletion.objects.filter(period, completed_on__lte=on)
            # The row's school is the staff record's own, kept on it; the join is
            # for "still active", not to find the school.
            .filter(staff__is_active=True, staff__school_id=F("school_id"))
            .values("school_id")
            .annotate(n=Count("staff_id", distinct=True))
            .values_list("school_id", "n")
        )
    return [
        SchoolCompletion(school_id=pk, active_staff=staff.get(pk, 0), completed_current=done.get(pk, 0))
        for pk in ids
        if pk in renewal
    ]


def latest_completion(staff_ids) -> AwarenessCompletion | None:
    """The newest completion of any of these staff records (one person's), with
    their school's renewal period read in the same query."""
    return (
        AwarenessCompletion.objects.filter(staff_id__in=list(staff_ids))
        .select_related("school")
        .only("completed_on", "completed_at", "staff_id", "school__awareness_renewal_months")
        .order_by("-completed_on", "-completed_at", "-id")
        .first()
    )


def own_completions(staff_ids, limit: int = 10) -> list[AwarenessCompletion]:
    """A person's own passes, newest first (their dated record)."""
    return list(
        AwarenessCompletion.objects.filter(staff_id__in=list(staff_ids))
        .select_related("school")
        .order_by("-completed_on", "-completed_at", "-id")[:limit]
    )


def rate_rows(schools, on: datetime.date) -> list[dict]:
    """One page of schools (School rows the caller may see) with their counts and
    rate: what the rates page and the API show. One query beyond the page's own."""
    schools = list(schools)
    summary = {row.school_id: row for row in completion_summary([s.pk for s in schools], on)}
    rows = []
    for school in schools:
        row = summary[school.pk]
        rows.append(
            {
                "school": school,
                "school_id": school.pk,
                "school_name": school.name,
                "renewal_months": school.awareness_renewal_months,
                "active_staff": row.active_staff,
                "completed_current": row.completed_current,
                "percent": round(100 * row.completed_current / row.active_staff)
                if row.active_staff
                else None,
            }
        )
    return rows


def rate_schools(schools):
    """The schools of the rates list in a stable order, only what the list shows."""
    return schools.only("pk", "name", "awareness_renewal_months").order_by("name", "pk")


def own_status(staff_ids, on: datetime.date) -> dict:
    """A person's latest pass, whether it is current on `on`, when it falls due
    under their school's period, and their dated passes (newest first)."""
    latest = latest_completion(staff_ids)
    if latest is None:
        return {
            "status": "missing",
            "latest": None,
            "due_on": None,
            "renewal_months": None,
            "history": [],
            "several_schools": False,
        }
    months = latest.school.awareness_renewal_months
    history = own_completions(staff_ids)
    return {
        "status": rules.status(latest.completed_on, months, on),
        "latest": latest,
        "due_on": rules.due_on(latest.completed_on, months),
        "renewal_months": months,
        "history": history,
        # Someone on two schools' staff sees which school each pass is recorded in.
        "several_schools": len({c.school_id for c in history}) > 1,
    }
