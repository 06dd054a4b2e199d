"""Adding evidence and CCTV requests: what is kept, what is refused and why."""

import datetime
import hashlib
import io
import socket
import struct
import threading

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from harbour.audit.models import AuditEvent
from harbour.cases.models import CaseStatus
from harbour.evidence import services, storage
from harbour.evidence.models import ChainEntry, EvidenceItem
from tests import factories
from tests.evidence import samples
from tests.evidence.helpers import add_file


def test_a_photo_is_kept_byte_for_byte_with_its_hash_and_who_added_it(world):
    original = samples.jpeg_with_location()
    item = add_file(world, original, name="gate.jpg", kind="photo")
    assert item.sha256 == hashlib.sha256(original).hexdigest()
    assert (
        item.size == len(original) and item.content_type == "image/jpeg" and item.original_name == "gate.jpg"
    )
    assert item.added_by == world.manager.user and item.added_at is not None
    assert storage.read(item.stored_name) == original
    assert ChainEntry.objects.filter(case=world.case, kind="evidence", object_id=item.pk).exists()
    assert AuditEvent.objects.filter(action="evidence.added", object_id=str(item.pk)).exists()


def test_the_preview_has_no_location_or_camera_details(world):
    item = add_file(world, samples.jpeg_with_location(), name="gate.jpg", kind="photo")
    preview = storage.read(item.preview_name)
    with Image.open(io.BytesIO(preview)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"PhoneMaker" not in preview and b"GPS" not in preview
    # …while the original still carries them, untouched.
    with Image.open(io.BytesIO(storage.read(item.stored_name))) as original:
        assert original.getexif()[0x010F] == "PhoneMaker"


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (samples.EICAR, "eicar.png", "not a PNG image"),
        (samples.HTML, "statement.pdf", "not a PDF"),
        (samples.polyglot_png(), "shot.png", "two kinds of file"),
    ],
)
def test_a_rejected_file_leaves_nothing_behind(world, settings, data, name, says):
    with pytest.raises(ValidationError) as error:
        add_file(world, data, name=name)
    assert says in error.value.message_dict["file"][0]
    assert not EvidenceItem.objects.exists()
    assert not any(path.is_file() for path in settings.EVIDENCE_DIR.rglob("*"))


def test_an_oversized_file_is_refused_with_the_limit(world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        add_file(world, samples.png(size=(400, 400)) + b"\x00" * 2048)
    message = error.value.message_dict["file"][0]
    assert message.startswith("The file is larger than 1.0") and "KB" in message
    assert not EvidenceItem.objects.exists()


def test_a_photo_must_be_an_image(world):
    with pytest.raises(ValidationError) as error:
        add_file(world, samples.pdf(), name="letter.pdf", kind="photo")
    assert "must be an image" in error.value.message_dict["file"][0]


def test_evidence_without_a_copy_says_where_the_original_is(world):
    item = services.add_evidence(
        origin=factories.origin(world.manager),
        case=world.case,
        incident=world.incident,
        values={"kind": "gift", "description": "Flowers and a card", "held_where": "school_secure",
                "held_detail": "Locked cupboard, school office"},
    )  # fmt: skip
    assert not item.has_file and item.held_where == "school_secure"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"description": ""}, "description"),
        ({"held_where": "moon"}, "held_where"),
        ({"held_where": "other", "held_detail": ""}, "held_detail"),
        ({"held_where": "harbour"}, "file"),  # nothing attached, yet "only here in Harbour"
    ],
)
def test_bad_answers_are_named(world, values, field):
    base = {"kind": "gift", "description": "A card", "held_where": "school_secure"}
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            origin=factories.origin(world.manager),
            case=world.case,
            incident=world.incident,
            values={**base, **values},
        )
    assert field in error.value.message_dict


def test_a_closed_case_takes_no_new_evidence(world):
    world.case.status = CaseStatus.CLOSED
    world.case.save()
    with pytest.raises(ValidationError):
        add_file(world)


def test_an_incident_of_another_case_is_refused(world):
    other = factories.make_case(world.other_manager, world.colleague)
    stray = factories.record(other, world.other_manager, world.colleague)
    with pytest.raises(ValidationError):
        add_file(world, incident=stray)


class FakeClamd:
    """A clamd on 127.0.0.1 that speaks INSTREAM and finds EICAR, as the real one does."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.received = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert conn.recv(10) == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", self._exactly(conn, 4))[0]
                    if not size:
                        break
                    data += self._exactly(conn, size)
                self.received.append(data)
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    @staticmethod
    def _exactly(conn, n):
        out = b""
        while len(out) < n:
            out += conn.recv(n - len(out))
        return out


def test_with_a_scanner_configured_every_file_is_scanned(world, settings):
    clamd = FakeClamd()
    settings.CLAMD_ADDRESS = clamd.address
    item = add_file(world)
    assert clamd.received == [samples.png()]
    assert item.scan_result == "clamd: OK"


def test_a_file_the_scanner_flags_is_refused(world, settings, monkeypatch):
    clamd = FakeClamd()
    settings.CLAMD_ADDRESS = clamd.address
    # A real PDF that carries the test signature in a comment gets past the type check; the scanner stops it.
    infected = samples.pdf().replace(b"%%EOF", b"%" + samples.EICAR + b"\n%%EOF")
    with pytest.raises(ValidationError) as error:
        add_file(world, infected, name="letter.pdf", kind="document")
    assert "Eicar-Test-Signature" in error.value.message_dict["file"][0]
    assert not EvidenceItem.objects.exists()


def test_a_scanner_that_does_not_answer_keeps_the_file_out(world, settings):
    unused = socket.socket()
    unused.bind(("127.0.0.1", 0))
    settings.CLAMD_ADDRESS = f"127.0.0.1:{unused.getsockname()[1]}"
    unused.close()
    with pytest.raises(ValidationError) as error:
        add_file(world)
    assert "isn't answering" in error.value.message_dict["file"][0]


def _cctv_values(**overrides):
    now = timezone.now()
    return {
        "requested_by_name": "Dan Price",
        "requested_of": "Site manager",
        "requested_on": timezone.localdate(),
        "footage_from": now - datetime.timedelta(hours=3),
        "footage_to": now - datetime.timedelta(hours=2),
        "overwritten_on": timezone.localdate() + datetime.timedelta(days=14),
        "kept_where": "Exported to the head's safe",
        "policy_covers_use": "yes",
        "policy_confirmed_by": "The data protection officer",
        **overrides,
    }


def test_a_cctv_request_is_chained_and_audited(world):
    request = services.request_cctv_preservation(
        origin=factories.origin(world.manager),
        case=world.case,
        incident=world.incident,
        values=_cctv_values(),
    )
    assert ChainEntry.objects.filter(kind="cctv", object_id=request.pk).exists()
    assert AuditEvent.objects.filter(action="evidence.cctv_requested").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"requested_by_name": ""}, "requested_by_name"),
        ({"kept_where": ""}, "kept_where"),
        ({"overwritten_on": None}, "overwritten_on"),
        ({"requested_on": timezone.localdate() + datetime.timedelta(days=2)}, "requested_on"),
        ({"footage_to": timezone.now() - datetime.timedelta(hours=5)}, "footage_to"),
        ({"policy_confirmed_by": ""}, "policy_confirmed_by"),
    ],
)
def test_cctv_request_mistakes_are_named(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.request_cctv_preservation(
            origin=factories.origin(world.manager),
            case=world.case,
            incident=world.incident,
            values=_cctv_values(**overrides),
        )
    assert field in error.value.message_dict
