"""Reads of a case's evidence, for pages, the API and the pack. Callers have
already been allowed the case by harbour.access."""

from django.db.models import QuerySet

from harbour.cases.models import Case
from harbour.evidence.models import (
    CctvPreservationRequest,
    EvidenceItem,
    EvidencePack,
    EvidenceWithholding,
    PackStatus,
)


def items_of(case: Case) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(case=case).select_related("added_by").order_by("added_at", "id")


def cctv_requests_of(case: Case) -> QuerySet[CctvPreservationRequest]:
    return CctvPreservationRequest.objects.filter(case=case).select_related("recorded_by")


def packs_of(case: Case) -> QuerySet[EvidencePack]:
    return EvidencePack.objects.filter(case=case).select_related("requested_by", "case")


def withheld(case: Case) -> tuple[set[int], set[int]]:
    """(incident ids, evidence ids) the employee keeps out of packs now: the newest
    choice for each record decides."""
    incidents, items = {}, {}
    for row in EvidenceWithholding.objects.filter(case=case).order_by("at", "id"):
        if row.incident_id:
            incidents[row.incident_id] = row.withheld
        else:
            items[row.item_id] = row.withheld
    return {pk for pk, w in incidents.items() if w}, {pk for pk, w in items.items() if w}


def by_incident(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.incident_id, []).append(row)
    return grouped


def packs_made_for(cases) -> dict[int, list[EvidencePack]]:
    """Finished packs by case, for telling the employee (one query for all their cases)."""
    grouped: dict[int, list[EvidencePack]] = {}
    for pack in EvidencePack.objects.filter(case__in=cases, status=PackStatus.READY).select_related(
        "requested_by"
    ):
        grouped.setdefault(pack.case_id, []).append(pack)
    return grouped
