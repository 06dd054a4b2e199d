"""The evidence API: the same services and rules as the pages, as JSON."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from harbour.cases.models import Incident
from harbour.evidence import runner
from harbour.evidence.models import EvidenceItem
from tests import factories
from tests.evidence import samples
from tests.evidence.helpers import add_file


def _post_file(client, world, data, name):
    return client.post(
        f"/api/v1/cases/{world.case.pk}/incidents/{world.incident.pk}/evidence",
        {"kind": "screenshot", "description": "Messages", "held_where": "harbour",
         "file": SimpleUploadedFile(name, data)},
    )  # fmt: skip


def test_upload_and_download_through_the_api(world):
    client = factories.api_client(world.manager)
    response = _post_file(client, world, samples.png(), "shot.png")
    assert response.status_code == 201
    body = response.json()
    assert body["sha256"] == hashlib.sha256(samples.png()).hexdigest() and body["has_preview"] is True
    download = client.get(f"/api/v1/cases/{world.case.pk}/evidence/{body['id']}/file")
    assert download.content == samples.png()
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Disposition"].startswith(
        "attachment"
    )


def test_a_rejected_upload_is_a_422_naming_the_file(world):
    response = _post_file(factories.api_client(world.manager), world, samples.HTML, "statement.pdf")
    assert response.status_code == 422
    assert "is not a PDF" in response.json()["errors"]["file"][0]
    assert not EvidenceItem.objects.exists()


def test_the_chain_check_reports_breaks(world):
    client = factories.api_client(world.head)
    assert client.get(f"/api/v1/cases/{world.case.pk}/chain").json()["intact"] is True
    Incident.objects.filter(pk=world.incident.pk).update(account="changed behind the app's back")
    body = client.get(f"/api/v1/cases/{world.case.pk}/chain").json()
    assert body["intact"] is False
    assert body["breaks"] == [
        {
            "where": f"entry 3 (incident {world.incident.pk})",  # after the opening's two
            "problem": "the record has been changed since it was saved",
        }
    ]


def test_a_pack_through_the_api(world):
    add_file(world)
    client = factories.api_client(world.manager)
    response = client.post(f"/api/v1/cases/{world.case.pk}/evidence/packs")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    pack_id = response.json()["id"]
    assert client.post(f"/api/v1/cases/{world.case.pk}/evidence/packs").status_code == 422  # one at a time
    runner.build(pack_id)
    body = client.get(f"/api/v1/cases/{world.case.pk}/evidence/packs/{pack_id}").json()
    assert body["status"] == "ready" and body["progress"] == 100 and body["file_count"] == 1
    archive = client.get(f"/api/v1/cases/{world.case.pk}/evidence/packs/{pack_id}/zip")
    assert hashlib.sha256(archive.content).hexdigest() == body["zip_sha256"]
    assert client.get(f"/api/v1/cases/{world.case.pk}/evidence/packs/{pack_id}/exe").status_code == 404


def test_the_employee_withholds_through_the_api(world):
    item = add_file(world)
    client = factories.api_client(world.employee)
    url = f"/api/v1/cases/{world.case.pk}/evidence/withholding"
    response = client.put(url, {"evidence_id": item.pk, "withheld": True}, content_type="application/json")
    assert response.json() == {"incident_ids": [], "evidence_ids": [item.pk]}
    both = client.put(
        url,
        {"evidence_id": item.pk, "incident_id": world.incident.pk, "withheld": True},
        content_type="application/json",
    )
    assert both.status_code == 422


def test_cctv_mistakes_come_back_by_field(world):
    response = factories.api_client(world.manager).post(
        f"/api/v1/cases/{world.case.pk}/incidents/{world.incident.pk}/cctv",
        {
            "requested_by_name": "Dan",
            "requested_of": "Site manager",
            "requested_on": "2026-11-02",
            "footage_from": "2026-11-01T16:00:00Z",
            "footage_to": "2026-11-01T15:00:00Z",
            "overwritten_on": "2026-11-30",
            "kept_where": "Safe",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "footage_to" in response.json()["errors"]
