"""What the administrator's pages read: cases by reference with their holds and
when the schedule would erase them; never anything recorded in them."""

from django.db.models import Exists, OuterRef

from harbour.cases.models import CaseStatus
from harbour.retention import rules, schedule
from harbour.retention.models import CaseErasure, LegalHold, RecordKind


def hold_list(cases, *, reference: str = ""):
    """Cases of the administrator's schools, held ones first, then newest."""
    in_place = LegalHold.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True)
    cases = cases.exclude(pk__in=CaseErasure.objects.values("case_id")).annotate(held=Exists(in_place))
    number = reference.upper().removeprefix("HB-").lstrip("0")
    if number.isdigit():
        cases = cases.filter(pk=int(number))
    return cases.order_by("-held", "-opened_at", "-pk")


def with_erasure_dates(cases) -> list:
    """Each case with `erase_on`: when the schedule erases it, if closed."""
    cases = list(cases)
    periods = schedule.periods_by_school({c.school_id for c in cases})
    for case in cases:
        case.erase_on = (
            rules.kept_until(case.status_changed_at, periods[case.school_id][RecordKind.CLOSED_CASE])
            if case.status == CaseStatus.CLOSED
            else None
        )
    return cases


def holds_of(case) -> list[LegalHold]:
    return list(LegalHold.objects.filter(case=case).order_by("-placed_at", "-pk"))
