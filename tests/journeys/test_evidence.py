"""Issue 5 journey: a manager attaches a screenshot and a photo, records a CCTV
preservation request, builds the evidence pack in the background, downloads it,
and the PDF inside carries the chronology and the hashes. axe checks every page."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from harbour.evidence.models import ChainEntry
from tests.evidence import samples
from tests.journeys.conftest import assert_accessible, fill_date, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _attach(page, live_server, world, kind, path, description, held):
    page.goto(f"{live_server.url}/cases/{world.case.pk}/incidents/{world.incident.pk}/")
    page.get_by_role("link", name="Add evidence").click()
    assert_accessible(page)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("What is it?").fill(description)
    page.get_by_label("Attach a copy").set_input_files(str(path))
    page.get_by_label(held, exact=True).check()
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")


def test_manager_attaches_evidence_records_cctv_and_downloads_the_pack(
    live_server, page, world, tmp_path, db_worker
):
    db_worker.start()  # the pack is built by `harbour db_worker`, as in production
    screenshot, photo = tmp_path / "messages.png", tmp_path / "car-at-gate.jpg"
    screenshot.write_bytes(samples.png(size=(300, 600)))
    photo.write_bytes(samples.jpeg_with_location(size=(640, 480)))
    sign_in(page, live_server, "manager")

    # A file that is not what its name says is refused, and the answers stay.
    page.goto(f"{live_server.url}/cases/{world.case.pk}/incidents/{world.incident.pk}/evidence/new/")
    fake = tmp_path / "eicar.png"
    fake.write_bytes(samples.EICAR)
    page.get_by_label("Screenshot", exact=True).check()
    page.get_by_label("What is it?").fill("Not really a screenshot")
    page.get_by_label("Attach a copy").set_input_files(str(fake))
    page.get_by_label("On the employee's phone or computer").check()
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("its content is not a PNG image")
    expect(page.get_by_label("What is it?")).to_have_value("Not really a screenshot")
    assert_accessible(page)

    _attach(
        page, live_server, world, "Screenshot", screenshot, "Messages sent at 23:40", "Only here, in Harbour"
    )
    _attach(
        page,
        live_server,
        world,
        "Photo",
        photo,
        "His car at the school gate",
        "On the employee's phone or computer",
    )
    expect(page.get_by_text(hashlib.sha256(photo.read_bytes()).hexdigest())).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a CCTV request").click()
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Who asked for the footage to be kept").fill("Dan Price, deputy head")
    page.get_by_label("Who was asked").fill("The site manager")
    fill_date(page, "Date it was asked for", today)
    fill_date(page, "Footage from: date", today - datetime.timedelta(days=1))
    page.get_by_label("Footage from: time").fill("15:10")
    fill_date(page, "Footage to: date", today - datetime.timedelta(days=1))
    page.get_by_label("Footage to: time").fill("15:40")
    fill_date(page, "Date the footage would be recorded over", today + datetime.timedelta(days=20))
    page.get_by_label("Where the kept footage is").fill("Exported to an encrypted stick in the head's safe")
    page.get_by_role(
        "group", name="Do the CCTV policy and privacy notice cover using footage this way?"
    ).get_by_label("Yes").check()
    page.get_by_label("Who confirmed it").fill("The data protection officer")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".govuk-inset-text").filter(has_text="CCTV kept")).to_contain_text("The site manager")

    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Evidence and evidence packs").click()
    assert_accessible(page)
    page.get_by_role("button", name="Build an evidence pack").click()
    assert_accessible(page)  # the progress page, or the finished one if the build was quick
    expect(page.locator("#pack-status")).to_contain_text("The pack is ready", timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the pack (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))

    manifest = json.loads(archive.read("manifest.json"))
    names = archive.namelist()
    assert any(n.endswith("-messages.png") for n in names) and any(
        n.endswith("-car-at-gate.jpg") for n in names
    )
    original = next(n for n in names if n.endswith("-car-at-gate.jpg"))
    assert archive.read(original) == photo.read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("evidence-pack.pdf"))).pages)
    text = text.replace("\n", "")
    assert "Chronology" in text and world.incident.account[:25] in text
    assert "His car at the school gate" in text and "Exported to an encrypted stick" in text
    head = ChainEntry.objects.filter(case=world.case).order_by("-position").first().entry_hash
    assert manifest["chain"]["head"] == head and head in text
    for entry in ChainEntry.objects.filter(case=world.case):
        assert entry.entry_hash in text
    photo_hash = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert photo_hash[:32] in text and photo_hash[32:] in text
