"""Evidence packs: the PDF, the ZIP and its manifest, what is left out, who is told."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.evidence import pack_pdf, runner, services, storage
from harbour.evidence.models import ChainEntry, EvidencePack, PackStatus
from harbour.evidence.verify import verify_pack
from tests import factories
from tests.evidence import samples
from tests.evidence.helpers import add_file, built_pack


def _pdf_text(pack) -> str:
    reader = PdfReader(io.BytesIO(storage.read(pack.pdf_name)))
    # Hashes may wrap inside table cells; join lines so a hash reads as one word.
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def _zip(pack) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(storage.read(pack.zip_name)))


def test_a_pack_holds_the_chronology_the_files_and_every_hash(world):
    item = add_file(world, samples.jpeg_with_location(), name="gate.jpg", kind="photo")
    pack = built_pack(world)
    assert pack.status == PackStatus.READY and pack.progress == 100
    text = _pdf_text(pack)
    assert "Evidence pack" in text and world.school.name in text and world.employee.full_name in text
    assert "Chronology" in text and world.incident.account[:30] in text
    for entry in ChainEntry.objects.filter(case=world.case):
        assert entry.entry_hash in text
    assert pack.chain_head == ChainEntry.objects.filter(case=world.case).order_by("-position")[0].entry_hash
    assert item.sha256[:32] in text and item.sha256[32:] in text
    archive = _zip(pack)
    assert archive.read(f"originals/{item.pk:05d}-gate.jpg") == samples.jpeg_with_location()
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["chain"]["head"] == pack.chain_head
    assert {f["path"] for f in manifest["files"]} == {
        "evidence-pack.pdf",
        f"originals/{item.pk:05d}-gate.jpg",
    }
    assert verify_pack(storage.read(pack.zip_name)) == []


def test_corrections_appear_beside_the_original(world):
    from harbour.cases import services as case_services

    case_services.amend_incident(
        origin=factories.origin(world.manager),
        incident=world.incident,
        values={"location_detail": "By the side gate"},
        reason="The place was vague",
    )
    text = _pdf_text(built_pack(world))
    assert "Correction 1" in text and "The place was vague" in text and "By the side gate" in text


def test_verify_pack_catches_a_changed_file_in_the_zip(world, tmp_path):
    add_file(world)
    pack = built_pack(world)
    original = _zip(pack)
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as archive:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.startswith("originals/"):
                data = samples.png(colour=(0, 0, 0))
            archive.writestr(info.filename, data)
    (tmp_path / "pack.zip").write_bytes(changed.getvalue())
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "verify", "--pack", str(tmp_path / "pack.zip"), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert exit_.value.code == 1
    problems = verify_pack(changed.getvalue())
    assert any("does not match the manifest" in p for p in problems)


def test_verify_pack_catches_an_edited_manifest_chain(world):
    pack = built_pack(world)
    original = _zip(pack)
    manifest = json.loads(original.read("manifest.json"))
    manifest["chain"]["entries"][0]["content_hash"] = "f" * 64
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as archive:
        for info in original.infolist():
            if info.filename != "manifest.json":
                archive.writestr(info.filename, original.read(info.filename))
        archive.writestr("manifest.json", json.dumps(manifest))
    problems = verify_pack(changed.getvalue())
    assert "chain entry 1: its hash does not match what it records" in problems


def test_verify_pack_passes_a_good_pack(world, tmp_path):
    pack = built_pack(world)
    (tmp_path / "pack.zip").write_bytes(storage.read(pack.zip_name))
    out = io.StringIO()
    call_command("verify", "--pack", str(tmp_path / "pack.zip"), stdout=out)
    assert "every file matches the manifest and the chain is intact" in out.getvalue()


def test_what_the_employee_keeps_out_stays_out(world):
    private = factories.record(
        world.case, world.manager, world.employee, world.person, account="Something I do not want shared."
    )
    photo = add_file(world, samples.png(colour=(1, 2, 3)), name="private.png", incident=private)
    kept = add_file(world, name="ok.png")
    withheld_photo = add_file(world, samples.png(colour=(9, 9, 9)), name="also-private.png")
    employee = factories.origin(world.employee)
    services.set_withholding(origin=employee, case=world.case, incident=private, withheld=True)
    services.set_withholding(origin=employee, case=world.case, item=withheld_photo, withheld=True)
    pack = built_pack(world)
    text = _pdf_text(pack)
    assert "Something I do not want shared." not in text
    names = _zip(pack).namelist()
    assert f"originals/{kept.pk:05d}-ok.png" in names
    assert not any("private" in name for name in names)
    # The incident, the photo on it and the other photo: three entries.
    assert pack.withheld_count == 3 and "3 entries have been left out at the employee's request" in text
    # Their hashes are still listed, so the chain can be checked end to end.
    for kind, pk in (("incident", private.pk), ("evidence", photo.pk), ("evidence", withheld_photo.pk)):
        assert ChainEntry.objects.get(kind=kind, object_id=pk).entry_hash in text
    assert verify_pack(storage.read(pack.zip_name)) == []


def test_when_the_employee_agrees_it_goes_back_in(world):
    private = factories.record(
        world.case, world.manager, world.employee, world.person, account="Now I agree."
    )
    employee = factories.origin(world.employee)
    services.set_withholding(origin=employee, case=world.case, incident=private, withheld=True)
    services.set_withholding(origin=employee, case=world.case, incident=private, withheld=False)
    pack = built_pack(world)
    assert "Now I agree." in _pdf_text(pack) and pack.withheld_count == 0


def test_every_pack_is_audited_and_the_employee_is_told(world):
    pack = built_pack(world)
    assert AuditEvent.objects.filter(action="evidence.pack_requested", object_id=str(pack.pk)).exists()
    assert AuditEvent.objects.get(action="evidence.pack_built", object_id=str(pack.pk)).detail[
        "zip_sha256"
    ] == (pack.zip_sha256)
    page = world.client("employee").get("/your-support/").content.decode()
    assert f'id="pack-made-{pack.pk}"' in page and "An evidence pack was made from your case" in page


def test_only_one_pack_at_a_time_and_not_for_an_empty_record(world):
    services.request_pack(origin=factories.origin(world.manager), case=world.case)
    with pytest.raises(ValidationError, match="already being built"):
        services.request_pack(origin=factories.origin(world.manager), case=world.case)
    empty = factories.make_case(world.manager, world.colleague)
    with pytest.raises(ValidationError, match="at least one incident"):
        services.request_pack(origin=factories.origin(world.manager), case=empty)


def test_a_pack_is_built_once_even_if_two_runners_try(world):
    pack = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    assert runner.build(pack.pk) is True
    assert runner.build(pack.pk) is False
    assert AuditEvent.objects.filter(action="evidence.pack_built").count() == 1


def test_a_failed_build_says_so_and_leaves_no_files(world, settings, monkeypatch):
    def broken(data):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pack_pdf, "render", broken)
    pack = built_pack(world)
    assert pack.status == PackStatus.FAILED and "could not be built" in pack.step
    assert not pack.zip_name and not any(p.is_file() for p in settings.EVIDENCE_DIR.rglob("*"))


def test_the_queue_command_builds_waiting_packs(world, settings):
    pack = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    out = io.StringIO()
    call_command("build_packs", stdout=out)
    assert "1 pack(s) built." in out.getvalue()
    assert EvidencePack.objects.get(pk=pack.pk).status == PackStatus.READY


def test_a_pack_that_stalled_does_not_block_the_next(world):
    import datetime

    from django.utils import timezone

    stuck = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    EvidencePack.objects.filter(pk=stuck.pk).update(
        status=PackStatus.BUILDING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    fresh = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    stuck.refresh_from_db()
    assert stuck.status == PackStatus.FAILED and "stopped before it finished" in stuck.step
    assert fresh.status == PackStatus.QUEUED


def test_a_pack_building_now_still_blocks_a_second(world):
    from django.utils import timezone

    busy = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    EvidencePack.objects.filter(pk=busy.pk).update(status=PackStatus.BUILDING, started_at=timezone.now())
    with pytest.raises(ValidationError, match="already being built"):
        services.request_pack(origin=factories.origin(world.manager), case=world.case)


def test_a_queued_pack_is_left_for_the_worker_however_long_it_waits(world):
    """Its task is a row in the database: a worker that was down picks it up later."""
    import datetime

    from django.utils import timezone

    waiting = services.request_pack(origin=factories.origin(world.manager), case=world.case)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    EvidencePack.objects.filter(pk=waiting.pk).update(requested_at=an_hour_ago)
    with pytest.raises(ValidationError, match="already being built"):
        services.request_pack(origin=factories.origin(world.manager), case=world.case)
    waiting.refresh_from_db()
    assert waiting.status == PackStatus.QUEUED
