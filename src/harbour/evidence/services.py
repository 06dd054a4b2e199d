"""Writes for evidence: keyword-only, one transaction each with its audit event
and its hash-chain entry. Authorisation is the caller's (harbour.access)."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus, Incident
from harbour.evidence import chain, content, previews, scan, storage
from harbour.evidence.models import (
    CctvPreservationRequest,
    EvidenceItem,
    EvidenceKind,
    EvidencePack,
    EvidenceWithholding,
    HeldWhere,
    PackStatus,
)
from harbour.plans.models import Answer

IMAGE_KINDS = {EvidenceKind.SCREENSHOT, EvidenceKind.PHOTO}


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _open(case: Case, doing: str) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": f"This case is closed. Reopen it before {doing}."})


def _text(values: dict, name: str, limit: int, errors: dict, *, required: str = "") -> str:
    value = (values.get(name) or "").strip()
    if required and not value:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = f"Keep this to {limit} characters or fewer."
    return value


def read_upload(upload) -> bytes:
    """An uploaded file's bytes; past the size limit only one byte more, enough to refuse it."""
    limit = settings.EVIDENCE_MAX_BYTES
    return upload.read(limit + 1) if upload.size > limit else upload.read()


def check_upload(upload: Upload, kind: str) -> content.FileKind:
    """The file's real type, or ValidationError on `file` with the reason."""
    limit = settings.EVIDENCE_MAX_BYTES
    if len(upload.data) > limit:
        raise ValidationError(
            {"file": f"The file is larger than {filesizeformat(limit)}, so Harbour can't keep it."}
        )
    try:
        found = content.identify(upload.data, upload.name)
    except content.Rejected as rejected:
        raise ValidationError({"file": rejected.reason}) from None
    if kind in IMAGE_KINDS and found.group != "image":
        raise ValidationError(
            {"file": f"A photo or screenshot must be an image, and this file is a {found.label}."}
        )
    return found


def add_evidence(
    *, origin: Origin, case: Case, incident: Incident, values: dict, upload: Upload | None = None
) -> EvidenceItem:
    """A piece of evidence for an incident, with or without a copy kept here."""
    _open(case, "adding evidence")
    if incident.case_id != case.pk:
        raise ValidationError({"__all__": "That incident belongs to another case."})
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in EvidenceKind.values:
        errors["kind"] = "Choose what kind of evidence this is."
    description = _text(values, "description", 300, errors, required="Say briefly what this is.")
    held_where = values.get("held_where")
    if held_where not in HeldWhere.values:
        errors["held_where"] = "Choose where the original is kept."
    held_detail = _text(values, "held_detail", 200, errors)
    if held_where == HeldWhere.OTHER and not held_detail:
        errors["held_detail"] = "Say where the original is kept."
    if held_where == HeldWhere.HARBOUR and upload is None:
        errors["file"] = "Attach the file, or choose where the original is kept."
    found = None
    if upload is not None and "kind" not in errors:
        try:
            found = check_upload(upload, kind)
        except ValidationError as error:
            errors["file"] = error.message_dict["file"][0]
    if errors:
        raise ValidationError(errors)
    file_fields = {}
    if upload is not None:
        scan_result = _scan(upload)
        file_fields = {
            "original_name": _safe_name(upload.name),
            "content_type": found.mime,
            "size": len(upload.data),
            "sha256": hashlib.sha256(upload.data).hexdigest(),
            "scan_result": scan_result,
            "stored_name": storage.save(upload.data),
            "preview_name": storage.save(previews.preview_of(upload.data)) if found.previewable else "",
        }
    try:
        return _save_item(
            origin=origin,
            case=case,
            incident=incident,
            fields={
                "kind": kind,
                "description": description,
                "held_where": held_where,
                "held_detail": held_detail,
                **file_fields,
            },
        )
    except BaseException:
        # The row was not saved, so its files must not linger on disk.
        for name in (file_fields.get("stored_name"), file_fields.get("preview_name")):
            if name:
                storage.remove(name)
        raise


def _scan(upload: Upload) -> str:
    try:
        return scan.scan(upload.data)
    except content.Rejected as rejected:
        raise ValidationError({"file": rejected.reason}) from None


def _safe_name(name: str) -> str:
    """The uploaded name as a label only (never a path): no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return (cleaned or "file")[:200]


@transaction.atomic
def _save_item(*, origin: Origin, case: Case, incident: Incident, fields: dict) -> EvidenceItem:
    item = EvidenceItem.objects.create(case=case, incident=incident, added_by=origin.user, **fields)
    chain.append(origin=origin, case=case, kind="evidence", record=item)
    record_event(
        origin=origin,
        action="evidence.added",
        obj=item,
        case=case,
        incident_id=incident.pk,
        has_file=item.has_file,
        sha256=item.sha256,
    )
    return item


CCTV_TEXT = {"requested_by_name": 200, "requested_of": 200, "kept_where": 300, "policy_confirmed_by": 200}


@transaction.atomic
def request_cctv_preservation(
    *, origin: Origin, case: Case, incident: Incident, values: dict
) -> CctvPreservationRequest:
    _open(case, "recording a CCTV request")
    if incident.case_id != case.pk:
        raise ValidationError({"__all__": "That incident belongs to another case."})
    errors: dict[str, str] = {}
    cleaned = {
        "requested_by_name": _text(values, "requested_by_name", 200, errors, required="Say who asked."),
        "requested_of": _text(
            values, "requested_of", 200, errors, required="Say who was asked to keep the footage."
        ),
        "kept_where": _text(values, "kept_where", 300, errors, required="Say where the footage is kept."),
        "policy_confirmed_by": _text(values, "policy_confirmed_by", 200, errors),
    }
    today = timezone.localdate()
    requested_on, footage_from, footage_to, overwritten_on = (
        values.get(name) for name in ("requested_on", "footage_from", "footage_to", "overwritten_on")
    )
    if not isinstance(requested_on, datetime.date):
        errors["requested_on"] = "Enter the date the request was made."
    elif requested_on > today:
        errors["requested_on"] = "The request date must be today or in the past."
    if not isinstance(footage_from, datetime.datetime):
        errors["footage_from"] = "Enter when the footage should start."
    if not isinstance(footage_to, datetime.datetime):
        errors["footage_to"] = "Enter when the footage should end."
    elif isinstance(footage_from, datetime.datetime) and footage_to <= footage_from:
        errors["footage_to"] = "The end of the footage must be after its start."
    if not isinstance(overwritten_on, datetime.date):
        errors["overwritten_on"] = "Enter the date the footage would be recorded over, so it is kept in time."
    policy = values.get("policy_covers_use", Answer.NOT_KNOWN)
    if policy not in Answer.values:
        errors["policy_covers_use"] = "Choose yes, no or not known yet."
    elif policy == Answer.YES and not cleaned["policy_confirmed_by"]:
        errors["policy_confirmed_by"] = "Say who confirmed that the policy and privacy notice cover this use."
    if errors:
        raise ValidationError(errors)
    request = CctvPreservationRequest.objects.create(
        case=case,
        incident=incident,
        recorded_by=origin.user,
        requested_on=requested_on,
        footage_from=footage_from,
        footage_to=footage_to,
        overwritten_on=overwritten_on,
        policy_covers_use=policy,
        **cleaned,
    )
    chain.append(origin=origin, case=case, kind="cctv", record=request)
    record_event(
        origin=origin, action="evidence.cctv_requested", obj=request, case=case, incident_id=incident.pk
    )
    return request


@transaction.atomic
def set_withholding(
    *,
    origin: Origin,
    case: Case,
    withheld: bool,
    incident: Incident | None = None,
    item: EvidenceItem | None = None,
) -> EvidenceWithholding | None:
    """The employee keeps an incident or a piece of evidence out of evidence packs,
    or lets it in. Returns None when nothing changes."""
    if (incident is None) == (item is None):
        raise ValueError("Name an incident or a piece of evidence.")
    target = incident or item
    if target.case_id != case.pk:
        raise ValidationError({"__all__": "That belongs to another case."})
    latest = EvidenceWithholding.objects.filter(incident=incident, item=item).order_by("-at", "-id").first()
    if bool(latest and latest.withheld) == withheld:
        return None
    row = EvidenceWithholding.objects.create(
        case=case, incident=incident, item=item, withheld=withheld, by=origin.user, at=timezone.now()
    )
    chain.append(origin=origin, case=case, kind="withholding", record=row)
    record_event(
        origin=origin,
        action="evidence.withheld" if withheld else "evidence.released",
        obj=target,
        case=case,
    )
    return row


@transaction.atomic
def request_pack(*, origin: Origin, case: Case) -> EvidencePack:
    """Queue an evidence pack; it is built after this transaction commits."""
    from harbour.evidence import runner  # the runner imports the builder, which imports much

    _give_up_on_stalled_packs(case)
    if case.evidence_packs.filter(status__in=[PackStatus.QUEUED, PackStatus.BUILDING]).exists():
        raise ValidationError(
            {"__all__": "A pack for this case is already being built. Wait for it to finish."}
        )
    if not case.incidents.exists():
        raise ValidationError({"__all__": "Record at least one incident before building an evidence pack."})
    pack = EvidencePack.objects.create(case=case, requested_by=origin.user, step="Waiting to start")
    record_event(origin=origin, action="evidence.pack_requested", obj=pack, case=case)
    transaction.on_commit(lambda: runner.start(pack.pk))
    return pack


# A build takes seconds; one still unfinished after this stopped with its process
# (a restart or a crash) and must not block the next pack for ever.
STALLED_AFTER = datetime.timedelta(minutes=15)


def _give_up_on_stalled_packs(case: Case) -> None:
    # A QUEUED pack is left alone: its task waits in the database for the worker.
    cutoff = timezone.now() - STALLED_AFTER
    stalled = case.evidence_packs.filter(status=PackStatus.BUILDING, started_at__lt=cutoff)
    stalled.update(
        status=PackStatus.FAILED,
        finished_at=timezone.now(),
        step="The build stopped before it finished. Build the pack again.",
    )


def record_download(*, origin: Origin, case: Case, obj, action: str, **detail) -> None:
    """Every file that leaves Harbour is audited."""
    with transaction.atomic():
        record_event(origin=origin, action=action, obj=obj, case=case, **detail)
