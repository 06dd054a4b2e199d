"""Reads of check-ins for the list page and the API. Callers pass what
harbour.access allows; nothing here widens it."""

from harbour.cases.models import CaseStatus, CircleRole
from harbour.prevention.models import Concern

# "A concern was raised" is yes or not sure: both are worth following up.
CONCERN_FILTERS = {"": [], "raised": [Concern.YES, Concern.NOT_SURE], "none": [Concern.NO]}


def check_in_list(check_ins, *, concern: str = "", school_id: int | None = None):
    """Most recent first, with the id as tie-breaker so pages never overlap."""
    if CONCERN_FILTERS.get(concern):
        check_ins = check_ins.filter(concern__in=CONCERN_FILTERS[concern])
    if school_id:
        check_ins = check_ins.filter(school_id=school_id)
    return check_ins.select_related("employee", "recorded_by").order_by("-held_on", "-recorded_at", "-id")


def open_cases_about(cases, employee):
    """Of the cases given (those the user may already see: a check-in never reveals
    another), the open ones about this employee, for following a concern up."""
    return (
        cases.filter(members__staff=employee, members__role=CircleRole.EMPLOYEE)
        .exclude(status=CaseStatus.CLOSED)
        .distinct()
    )
