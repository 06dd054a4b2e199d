"""The evidence pages: upload, rejection that keeps the answers, downloads, packs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.evidence import runner
from harbour.evidence.models import EvidenceItem, PackStatus
from tests import factories
from tests.evidence import samples
from tests.evidence.helpers import add_file, built_pack


def _upload(client, world, data, name, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/cases/{world.case.pk}/incidents/{world.incident.pk}/evidence/new/",
        {
            "kind": "screenshot",
            "description": "Messages sent on Tuesday night",
            "held_where": "employee_phone",
            "file": SimpleUploadedFile(name, data, content_type="image/png"),  # the browser's word, ignored
            **fields,
        },
    )


def test_a_manager_attaches_a_screenshot(world):
    response = _upload(world.client("manager"), world, samples.png(), "shot.png")
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    page = (
        world.client("manager").get(f"/cases/{world.case.pk}/incidents/{world.incident.pk}/").content.decode()
    )
    assert item.sha256 in page and "shot.png" in page and f"/evidence/{item.pk}/preview/" in page


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (samples.EICAR, "eicar.png", "is not a PNG image"),
        (samples.HTML, "statement.pdf", "is not a PDF"),
        (samples.polyglot_png(), "shot.png", "two kinds of file at once"),
    ],
)
def test_a_rejected_file_is_explained_beside_the_field_and_the_answers_are_kept(world, data, name, says):
    response = _upload(world.client("manager"), world, data, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_file"' in page
    assert 'id="id_file-error"' in page and says in page.replace("&#x27;", "'")
    assert 'value="Messages sent on Tuesday night"' in page
    assert 'value="employee_phone" checked' in page
    assert not EvidenceItem.objects.exists()


def test_an_oversized_file_is_explained(world, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    page = _upload(world.client("manager"), world, samples.png(), "shot.png").content.decode()
    assert "The file is larger than 100" in page


def test_a_download_is_an_audited_attachment_that_is_never_sniffed(world):
    item = add_file(world, samples.jpeg_with_location(), name="gate.jpg", kind="photo")
    response = world.client("member").get(f"/cases/{world.case.pk}/evidence/{item.pk}/file/")
    assert response.status_code == 200
    assert response.content == samples.jpeg_with_location()
    assert response["Content-Disposition"] == 'attachment; filename="gate.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert event.actor == world.member.user and event.object_id == str(item.pk)


def test_the_preview_is_the_stripped_copy(world):
    item = add_file(world, samples.jpeg_with_location(), name="gate.jpg", kind="photo")
    response = world.client("manager").get(f"/cases/{world.case.pk}/evidence/{item.pk}/preview/")
    assert response["Content-Type"] == "image/jpeg" and b"PhoneMaker" not in response.content
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_pdf_has_no_preview(world):
    item = add_file(world, samples.pdf(), name="letter.pdf", kind="document")
    assert (
        world.client("manager").get(f"/cases/{world.case.pk}/evidence/{item.pk}/preview/").status_code == 404
    )


def test_advice_is_shown_with_each_kind(world):
    page = (
        world.client("manager")
        .get(f"/cases/{world.case.pk}/incidents/{world.incident.pk}/evidence/new/")
        .content.decode()
    )
    assert "Don&#x27;t open, handle or throw away gifts" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_cctv_request_through_the_page(world):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    response = world.client("manager").post(
        f"/cases/{world.case.pk}/incidents/{world.incident.pk}/cctv/new/",
        {
            "requested_by_name": "Dan Price",
            "requested_of": "The site manager",
            "requested_on_0": today.day, "requested_on_1": today.month, "requested_on_2": today.year,
            "footage_from_day_0": yesterday.day, "footage_from_day_1": yesterday.month,
            "footage_from_day_2": yesterday.year, "footage_from_time": "15:10",
            "footage_to_day_0": yesterday.day, "footage_to_day_1": yesterday.month,
            "footage_to_day_2": yesterday.year, "footage_to_time": "15:00",
            "overwritten_on_0": 30, "overwritten_on_1": 12, "overwritten_on_2": 2026,
            "kept_where": "Exported to the safe",
            "policy_covers_use": "not_known",
        },
    )  # fmt: skip
    assert response.status_code == 200  # the end is before the start
    assert "The end of the footage must be after its start." in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert 'value="Dan Price"' in response.content.decode()


def test_the_pack_page_refreshes_while_building_and_offers_downloads_when_ready(world):
    client = world.client("manager")
    response = client.post(f"/cases/{world.case.pk}/evidence/packs/new/")
    pack_url = response["Location"]
    page = client.get(pack_url).content.decode()
    assert "data-harbour-pack-building" in page and "<progress" in page and "Check progress" in page
    pack = world.case.evidence_packs.get()
    runner.build(pack.pk)
    page = client.get(pack_url).content.decode()
    assert "The pack is ready" in page and "data-harbour-pack-building" not in page
    response = client.get(f"{pack_url}zip/")
    assert response["Content-Type"] == "application/zip" and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="evidence.pack_downloaded", object_id=str(pack.pk)).exists()


def test_the_employee_keeps_an_item_out_through_the_page(world):
    item = add_file(world)
    client = world.client("employee")
    response = client.post(f"/cases/{world.case.pk}/evidence/withhold/", {"item": item.pk, "withheld": "yes"})
    assert response.status_code == 302
    page = client.get(f"/cases/{world.case.pk}/evidence/").content.decode()
    assert "Kept out of packs" in page and "Let it in" in page
    manager_page = world.client("manager").get(f"/cases/{world.case.pk}/evidence/").content.decode()
    assert "asked for 1 item to be left out" in manager_page
    pack = built_pack(world)
    assert pack.status == PackStatus.READY and pack.withheld_count == 1


def test_the_evidence_page_does_not_grow_its_queries_with_the_record(world):
    add_file(world)
    client = world.client("manager")
    url = f"/cases/{world.case.pk}/evidence/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(4):
        incident = factories.record(world.case, world.manager, world.employee, world.person)
        add_file(world, incident=incident)
        add_file(world, incident=incident, name="second.png")
    built_pack(world)
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)


def test_the_employee_sees_who_downloaded_their_evidence_but_not_the_chain_bookkeeping(world):
    item = add_file(world)
    world.client("member").get(f"/cases/{world.case.pk}/evidence/{item.pk}/file/")
    page = world.client("employee").get(f"/cases/{world.case.pk}/access-log/").content.decode()
    assert "Downloaded a piece of evidence" in page and world.member.full_name in page
    assert "Chain appended" not in page and "chain.appended" not in page
