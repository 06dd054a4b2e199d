"""Building evidence packs off the request path, so a big pack never holds up a page.

`start` is called after the request's transaction commits and puts a
`build_pack` task on the queue (django-tasks; `harbour db_worker` runs it).
A pack whose task was lost — enqueued by a process that died between its
commit and the enqueue — is still QUEUED, and `harbour build-packs` builds it.
Either way `build` first claims the pack with a conditional update, so a pack
is only ever built once, however many tasks or commands reach it."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harbour.audit.services import Origin, record_event
from harbour.evidence import chain, storage
from harbour.evidence import pack as pack_builder
from harbour.evidence.models import EvidencePack, PackStatus

logger = logging.getLogger(__name__)


def start(pack_id: int) -> None:
    build_pack.enqueue(pack_id)  # the task row holds the pack's id and nothing else


@task()
def build_pack(pack_id: int) -> bool:
    return build(pack_id)


def _progress(pack_id: int):
    def report(percent: int, step: str) -> None:
        EvidencePack.objects.filter(pk=pack_id).update(progress=max(1, min(percent, 99)), step=step)

    return report


def build(pack_id: int) -> bool:
    """Build one queued pack. Returns False if another runner had claimed it."""
    claimed = EvidencePack.objects.filter(pk=pack_id, status=PackStatus.QUEUED).update(
        status=PackStatus.BUILDING, started_at=timezone.now(), progress=1, step="Gathering the record"
    )
    if not claimed:
        return False
    pack = EvidencePack.objects.select_related("case__school", "requested_by").get(pk=pack_id)
    stored = []
    try:
        pdf, archive, data = pack_builder.build_files(pack, progress=_progress(pack_id))
        stored = [storage.save(pdf), storage.save(archive)]
        _finish(pack, pdf=pdf, archive=archive, names=stored, data=data)
    except Exception:
        logger.exception("evidence pack %s failed", pack_id)  # ids only: no case content in logs
        for name in stored:
            storage.remove(name)
        EvidencePack.objects.filter(pk=pack_id).update(
            status=PackStatus.FAILED,
            finished_at=timezone.now(),
            step="The pack could not be built. Try again; if it fails again, tell your IT support.",
        )
    return True


@transaction.atomic
def _finish(pack: EvidencePack, *, pdf: bytes, archive: bytes, names: list[str], data: dict) -> None:
    pack.pdf_name, pack.zip_name = names
    pack.pdf_sha256 = chain.sha256(pdf)
    pack.zip_sha256 = chain.sha256(archive)
    pack.chain_head = data["head"]
    pack.chain_length = len(data["entries"])
    pack.incident_count = len(data["chronology"])
    pack.file_count = sum(1 for item in data["items"] if item.has_file)
    pack.withheld_count = data["withheld_count"]
    pack.status = PackStatus.READY
    pack.progress = 100
    pack.step = "Ready"
    pack.finished_at = timezone.now()
    pack.save()
    record_event(
        origin=Origin(user=pack.requested_by, via="job"),
        action="evidence.pack_built",
        obj=pack,
        case=pack.case,
        zip_sha256=pack.zip_sha256,
        chain_head=pack.chain_head,
        incidents=pack.incident_count,
        withheld=pack.withheld_count,
    )


def build_queued() -> int:
    built = 0
    for pack_id in (
        EvidencePack.objects.filter(status=PackStatus.QUEUED)
        .order_by("requested_at", "id")
        .values_list("pk", flat=True)
    ):
        built += build(pack_id)
    return built
