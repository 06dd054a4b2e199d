"""Files leaving Harbour: always as attachments, never sniffed, never cached, and
every one audited. Pages and the API both call `evidence_file` and `pack_file`;
they differ only in how they report a stored file that can't be read
(storage.Unreadable) or one that isn't there (Http404)."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from harbour.audit.services import Origin
from harbour.evidence import pack as pack_builder
from harbour.evidence import services, storage
from harbour.evidence.models import EvidenceItem, EvidencePack


def attachment(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    # Even if a browser were talked into rendering it, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def evidence_file(*, origin: Origin, item: EvidenceItem, preview: bool) -> HttpResponse:
    """The original as uploaded, or its metadata-free preview. The caller has the
    item through access.get_evidence_item."""
    name = item.preview_name if preview else item.stored_name
    if not name:
        raise Http404("No such file")
    data = storage.read(name)
    services.record_download(
        origin=origin,
        case=item.case,
        obj=item,
        action="evidence.preview_viewed" if preview else "evidence.downloaded",
    )
    if preview:
        return attachment(data, content_type="image/jpeg", filename=f"E{item.pk}-preview.jpg")
    return attachment(data, content_type=item.content_type, filename=item.original_name)


def pack_file(*, origin: Origin, pack: EvidencePack, fmt: str) -> HttpResponse:
    """A built pack as its ZIP or its PDF. The caller has it through access.get_pack."""
    name = {"zip": pack.zip_name, "pdf": pack.pdf_name}.get(fmt)
    if not name:
        raise Http404("No such file")
    data = storage.read(name)
    services.record_download(
        origin=origin, case=pack.case, obj=pack, action="evidence.pack_downloaded", format=fmt
    )
    return attachment(
        data,
        content_type="application/zip" if fmt == "zip" else "application/pdf",
        filename=pack_builder.file_name(pack, fmt),
    )
