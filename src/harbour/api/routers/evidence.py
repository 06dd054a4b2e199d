"""Evidence, CCTV requests, the employee's choice of what packs leave out, the
hash chain's check, and evidence packs."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from harbour import access
from harbour.api.pagination import PageIn, answer, paged
from harbour.api.routers.common import origin
from harbour.api.types import Day, Flag, Id, Input, Moment, answers, model_text, one_of
from harbour.cases import services as case_services
from harbour.evidence import chain, downloads, selectors, services, storage, verify
from harbour.evidence.models import CctvPreservationRequest, EvidenceItem, EvidenceKind, HeldWhere
from harbour.plans.models import Answer

router = Router(tags=["evidence"])


class EvidenceOut(Schema):
    id: int
    incident_id: int
    kind: str
    description: str
    held_where: str
    held_detail: str
    added_at: datetime.datetime
    added_by_id: int
    original_name: str
    content_type: str
    size: int | None
    sha256: str
    has_file: bool
    has_preview: bool

    @staticmethod
    def resolve_has_preview(item) -> bool:
        return item.is_image


class EvidenceIn(Input):
    kind: one_of(EvidenceKind)
    description: model_text(EvidenceItem, "description")
    held_where: one_of(HeldWhere)
    held_detail: model_text(EvidenceItem, "held_detail") = ""


class CctvIn(Input):
    requested_by_name: model_text(CctvPreservationRequest, "requested_by_name")
    requested_of: model_text(CctvPreservationRequest, "requested_of")
    requested_on: Day
    footage_from: Moment
    footage_to: Moment
    overwritten_on: Day
    kept_where: model_text(CctvPreservationRequest, "kept_where")
    policy_covers_use: one_of(Answer) = Answer.NOT_KNOWN.value
    policy_confirmed_by: model_text(CctvPreservationRequest, "policy_confirmed_by") = ""


class CctvOut(Schema):
    id: int
    incident_id: int
    requested_by_name: str
    requested_of: str
    requested_on: datetime.date
    footage_from: datetime.datetime
    footage_to: datetime.datetime
    overwritten_on: datetime.date
    kept_where: str
    policy_covers_use: str
    policy_confirmed_by: str
    recorded_at: datetime.datetime


class WithheldOut(Schema):
    incident_ids: list[int]
    evidence_ids: list[int]


class EvidenceListOut(Schema):
    evidence: list[EvidenceOut]
    cctv_requests: list[CctvOut]
    withheld: WithheldOut


class WithholdingIn(Input):
    incident_id: Id | None = None
    evidence_id: Id | None = None
    withheld: Flag


class BreakOut(Schema):
    where: str
    problem: str


class ChainOut(Schema):
    entries: int
    files: int
    intact: bool
    head: str
    breaks: list[BreakOut]


class PackOut(Schema):
    id: int
    reference: str
    status: str
    progress: int
    step: str
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    incident_count: int
    file_count: int
    withheld_count: int
    chain_head: str
    zip_sha256: str
    pdf_sha256: str


def _withheld(case) -> WithheldOut:
    incidents, items = selectors.withheld(case)
    return {"incident_ids": sorted(incidents), "evidence_ids": sorted(items)}


@router.get("/{case_id}/evidence", response=answers(EvidenceListOut, 404, 422))
def list_evidence(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    case_services.record_view(origin=origin(request), case=case, action="evidence.viewed")
    return {
        "evidence": list(selectors.items_of(case)),
        "cctv_requests": list(selectors.cctv_requests_of(case)),
        "withheld": _withheld(case),
    }


@router.post(
    "/{case_id}/incidents/{incident_id}/evidence", response=answers({201: EvidenceOut}, 400, 403, 404, 422)
)
def add_evidence(
    request,
    case_id: Id,
    incident_id: Id,
    details: Form[EvidenceIn],
    file: File[UploadedFile] = None,
):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_add_evidence(request.user, case):
        raise PermissionDenied("This case is closed, or you may not add to it.")
    upload = services.Upload(name=file.name, data=services.read_upload(file)) if file is not None else None
    values = details.dict()
    return Status(
        201,
        services.add_evidence(
            origin=origin(request), case=case, incident=incident, values=values, upload=upload
        ),
    )


UNREADABLE = "The stored file can't be read. Ask IT support to run harbour verify."


def _file(request, case_id: Id, item_id: Id, preview: bool):
    case = access.get_case(request.user, case_id)
    item = access.get_evidence_item(request.user, case, item_id)
    try:
        return downloads.evidence_file(origin=origin(request), item=item, preview=preview)
    except storage.Unreadable:
        raise ValidationError({"__all__": UNREADABLE}) from None


@router.get("/{case_id}/evidence/{item_id}/file", response=answers({200: None}, 404, 422))
def download_evidence(request, case_id: Id, item_id: Id):
    return _file(request, case_id, item_id, preview=False)


@router.get("/{case_id}/evidence/{item_id}/preview", response=answers({200: None}, 404, 422))
def preview_evidence(request, case_id: Id, item_id: Id):
    return _file(request, case_id, item_id, preview=True)


@router.post("/{case_id}/incidents/{incident_id}/cctv", response=answers({201: CctvOut}, 400, 403, 404, 422))
def request_cctv(request, case_id: Id, incident_id: Id, payload: CctvIn):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_add_evidence(request.user, case):
        raise PermissionDenied("This case is closed, or you may not add to it.")
    return Status(
        201,
        services.request_cctv_preservation(
            origin=origin(request), case=case, incident=incident, values=payload.dict()
        ),
    )


@router.put("/{case_id}/evidence/withholding", response=answers(WithheldOut, 400, 403, 404, 422))
def set_withholding(request, case_id: Id, payload: WithholdingIn):
    case = access.get_case(request.user, case_id)
    if not access.can_withhold_evidence(request.user, case):
        raise PermissionDenied("Only the employee chooses what evidence packs leave out.")
    if (payload.incident_id is None) == (payload.evidence_id is None):
        raise ValidationError({"incident_id": "Give an incident_id or an evidence_id, not both."})
    target = (
        {"incident": access.get_incident(request.user, case, payload.incident_id)}
        if payload.incident_id is not None
        else {"item": access.get_evidence_item(request.user, case, payload.evidence_id)}
    )
    services.set_withholding(origin=origin(request), case=case, withheld=payload.withheld, **target)
    return _withheld(case)


@router.get("/{case_id}/chain", response=answers(ChainOut, 403, 404, 422))
def check_chain(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    if not access.can_build_pack(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher checks the chain.")
    report = verify.verify_case(case)
    return {
        "entries": report.entries,
        "files": report.files,
        "intact": report.intact,
        "head": chain.head_hash(case),
        "breaks": [{"where": b.where, "problem": b.problem} for b in report.breaks],
    }


@router.get("/{case_id}/evidence/packs", response=answers(paged(PackOut), 403, 404, 422))
def list_packs(request, case_id: Id, pages: Query[PageIn]):
    case = access.get_case(request.user, case_id)
    if not access.can_build_pack(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher sees evidence packs.")
    return answer(selectors.packs_of(case), pages)


@router.post("/{case_id}/evidence/packs", response=answers({202: PackOut}, 403, 404, 422))
def build_pack(request, case_id: Id):
    case = access.get_case(request.user, case_id)
    if not access.can_build_pack(request.user, case):
        raise PermissionDenied("Only the case owner or the headteacher builds evidence packs.")
    return Status(202, services.request_pack(origin=origin(request), case=case))


@router.get("/{case_id}/evidence/packs/{pack_id}", response=answers(PackOut, 404, 422))
def read_pack(request, case_id: Id, pack_id: Id):
    case = access.get_case(request.user, case_id)
    return access.get_pack(request.user, case, pack_id)


@router.get("/{case_id}/evidence/packs/{pack_id}/{fmt}", response=answers({200: None}, 404, 422))
def download_pack(request, case_id: Id, pack_id: Id, fmt: str):
    """`fmt` is zip or pdf; anything else is not found, like a file that is not there."""
    case = access.get_case(request.user, case_id)
    pack = access.get_pack(request.user, case, pack_id)
    try:
        return downloads.pack_file(origin=origin(request), pack=pack, fmt=fmt)
    except storage.Unreadable:
        raise ValidationError({"__all__": UNREADABLE}) from None
