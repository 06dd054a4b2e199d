"""The case list's filters, read from a query string by the page and the API alike.

A status or school that is not one of the choices falls back to the default, so
a stale or edited link shows the usual list, never an error. A reference that
cannot be one is the only value the person typed, so it is answered with a
message beside the field instead."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from harbour import access
from harbour.cases.models import Case, CaseStatus
from harbour.web import query

ACTIVE, ANY = "active", "any"
# Open and monitored cases are the work in hand, so the list starts there.
STATUS_CHOICES = [
    (ACTIVE, "Open or being monitored"),
    (CaseStatus.OPEN, "Open"),
    (CaseStatus.MONITORING, "Being monitored"),
    (CaseStatus.CLOSED, "Closed"),
    (ANY, "Any status"),
]
STATUSES = {
    ACTIVE: [CaseStatus.OPEN, CaseStatus.MONITORING],
    CaseStatus.OPEN: [CaseStatus.OPEN],
    CaseStatus.MONITORING: [CaseStatus.MONITORING],
    CaseStatus.CLOSED: [CaseStatus.CLOSED],
    ANY: [],
}
MINE = "mine"
REFERENCE = re.compile(r"^(?:HB-?)?0*(\d{1,18})$", re.IGNORECASE)
REFERENCE_ERROR = "Enter a case reference like HB-00012"


@dataclass(frozen=True)
class CaseFilters:
    status: str = ACTIVE
    school_id: int | None = None
    mine: bool = False  # only the cases the user owns or is in the circle of
    reference: str = ""  # as typed, to show back in the field
    case_id: int | None = None  # what the reference names
    reference_error: str = ""


def parse_status(raw) -> str:
    return raw if raw in STATUSES else ACTIVE


def parse_reference(raw) -> tuple[str, int | None, str]:
    typed = (raw or "").strip()[:30]
    if not typed:
        return "", None, ""
    match = REFERENCE.match(typed)
    if match is None or not 0 < int(match.group(1)) <= access.MAX_ID:
        return typed, None, REFERENCE_ERROR
    return typed, int(match.group(1)), ""


def from_query(params, schools) -> CaseFilters:
    reference, case_id, error = parse_reference(params.get("reference"))
    return CaseFilters(
        status=parse_status(params.get("status", ACTIVE)),
        school_id=query.school_param(params.get("school"), schools),
        mine=params.get("whose") == MINE,
        reference=reference,
        case_id=case_id,
        reference_error=error,
    )


def cases_for(user, filters: CaseFilters) -> QuerySet[Case]:
    """The cases whose record the user may read, narrowed by the filters, newest
    first with the id as tie-breaker so a page never repeats or skips a row."""
    # My own cases are a part of those I may read (owner or circle).
    cases = access.my_cases(user) if filters.mine else access.record_cases(user)
    return _narrowed(cases, filters)


def shared_cases_for(user, filters: CaseFilters) -> QuerySet[Case]:
    """The cases only the summary and plan of were shared with the user (as Workplace
    Champion), under the same filters; none are the user's own."""
    if filters.mine:
        return Case.objects.none()
    return _narrowed(access.summary_only_cases(user), filters).select_related("owner")


def _narrowed(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    statuses = STATUSES[filters.status]
    if statuses:
        cases = cases.filter(status__in=statuses)
    if filters.school_id:
        cases = cases.filter(school_id=filters.school_id)
    if filters.reference_error:
        return cases.none()
    if filters.case_id:
        cases = cases.filter(pk=filters.case_id)
    return cases.order_by("-opened_at", "-id")
