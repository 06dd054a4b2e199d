"""The restore drill: a world of cases, incidents, corrections, evidence files,
packs and audit events is backed up, wiped (database flushed, files deleted) and
restored; the counts are the backup's, every file is the same bytes, `harbour
verify` finds the record intact, and new records can be written after it. Run on
SQLite and on PostgreSQL (DATABASE_URL)."""

import io
import json
import re
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from harbour.audit.models import AuditEvent
from harbour.backups import archive
from harbour.cases import services as case_services
from harbour.cases.models import Case, Incident
from harbour.evidence import services as evidence_services
from harbour.evidence import storage
from harbour.evidence.models import ChainEntry, EvidenceItem, PackStatus
from tests import factories
from tests.evidence import samples
from tests.evidence.helpers import add_file

pytestmark = pytest.mark.django_db(transaction=True)


def _world_with_a_record(world):
    photo = add_file(world, samples.jpeg_with_location(), name="gate.jpg", kind="photo")
    add_file(world, samples.png(), name="messages.png")
    case_services.amend_incident(
        origin=factories.origin(world.manager),
        incident=world.incident,
        values={"location_detail": "By the side gate"},
        reason="The place was vague",
    )
    second = factories.make_case(world.manager, world.colleague, people=[world.person])
    for days_ago in (3, 2):
        factories.record(second, world.manager, world.colleague, world.person, days_ago=days_ago)
    # Outside a test transaction the pack's task runs at once, on commit (conftest).
    pack = evidence_services.request_pack(origin=factories.origin(world.manager), case=world.case)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.zip_name
    return photo


def _wipe():
    call_command("flush", interactive=False, verbosity=0)
    for name in storage.stored_names():
        storage.remove(name)
    assert not Incident.objects.exists() and not AuditEvent.objects.exists() and not storage.stored_names()


def _verify() -> str:
    out = io.StringIO()
    try:
        call_command("verify", stdout=out)
    except SystemExit as exit:
        assert exit.code in (0, None), out.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("kind", ["folder", "archive"])
def test_backup_wipe_restore_gives_the_same_record_and_a_clean_verify(world, tmp_path, kind):
    photo = _world_with_a_record(world)
    counts = archive.counts()
    blobs = {name: storage.read_stored(name) for name in storage.stored_names()}
    assert counts["cases.incident"] == 3 and counts["audit.auditevent"] > 10 and len(blobs) >= 5
    assert "intact" in _verify()
    destination = tmp_path / ("backup" if kind == "folder" else "backup.tar.gz")

    out = io.StringIO()
    call_command("backup", str(destination), stdout=out)
    assert "NOT in the backup" in out.getvalue()  # the keys
    _wipe()
    call_command("restore", str(destination), stdout=io.StringIO())

    assert archive.counts() == counts
    assert {name: storage.read_stored(name) for name in storage.stored_names()} == blobs
    assert storage.read(EvidenceItem.objects.get(pk=photo.pk).stored_name) == samples.jpeg_with_location()
    report = _verify()
    assert "break" not in report and "Every chain and file checked is intact." in report
    assert len(re.findall(r"^HB-\d+: intact", report, re.M)) == Case.objects.count() == 2
    # Writing goes on where it stopped: new rows take new ids (PostgreSQL's sequences
    # were moved past the restored rows), and the chain carries on from its head.
    newest = Incident.objects.order_by("-pk").first().pk
    added = factories.record(world.case, world.manager, world.employee, world.person)
    assert added.pk > newest
    assert ChainEntry.objects.filter(case=world.case).order_by("-position").first().object_id == added.pk
    assert "break" not in _verify()


def test_the_manifest_says_what_is_in_the_backup_and_keeps_no_key(world, tmp_path, settings):
    _world_with_a_record(world)
    manifest = archive.create(tmp_path / "b")
    written = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert written == manifest
    assert manifest["format"] == "harbour-backup/1" and manifest["app_version"]
    assert manifest["counts"]["cases.case"] == 2 and "sessions.session" not in manifest["counts"]
    assert "0001_initial" in manifest["migrations"]["cases"]
    assert manifest["evidence"]["keys_included"] is False
    assert manifest["evidence"]["encrypted_with_keys"] == ["test"]
    for item in manifest["evidence"]["files"]:
        stored = (tmp_path / "b" / "evidence" / item["name"][:2] / item["name"]).read_bytes()
        assert stored == storage.read_stored(item["name"])  # as stored: encrypted
    everything = b"".join(path.read_bytes() for path in (tmp_path / "b").rglob("*") if path.is_file())
    key = settings.EVIDENCE_KEYS.split(":", 1)[1].encode()
    assert key not in everything and settings.SECRET_KEY.encode() not in everything
    assert samples.jpeg_with_location() not in everything  # no file in the clear


def test_restore_refuses_a_database_that_holds_records_unless_forced(world, tmp_path):
    _world_with_a_record(world)
    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())
    factories.record(world.case, world.manager, world.employee, world.person)
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(tmp_path / "b"), stdout=io.StringIO())
    assert Incident.objects.count() == 4  # untouched
    call_command("restore", str(tmp_path / "b"), "--force", stdout=io.StringIO())
    assert Incident.objects.count() == 3 and "break" not in _verify()


def test_restore_refuses_a_backup_that_does_not_match_its_manifest(world, tmp_path):
    _world_with_a_record(world)
    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    blob = tmp_path / "b" / "evidence" / manifest["evidence"]["files"][0]["name"][:2]
    blob = blob / manifest["evidence"]["files"][0]["name"]
    blob.write_bytes(blob.read_bytes()[:-1] + b"\x00")
    database = tmp_path / "b" / "database.json"
    database.write_text(database.read_text().replace("By the side gate", "By the front gate"))
    _wipe()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "b"), stdout=io.StringIO())
    assert "database.json is missing or does not match its SHA-256" in str(refused.value)
    assert "does not match its SHA-256" in str(refused.value).split("database.json")[1]
    assert not Incident.objects.exists() and not storage.stored_names()  # nothing half-restored


def test_backup_never_overwrites_and_restore_refuses_what_is_not_a_backup(world, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path / "full"), stdout=io.StringIO())
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as archive_file:
        archive_file.add(tmp_path / "full" / "something", arcname="something")
    _wipe()
    with pytest.raises(CommandError, match="no readable manifest"):
        call_command("restore", str(bad), stdout=io.StringIO())
