"""Subject access exports hold the subject's records and no one else's names:
several cases and people with distinct names, the ZIP's JSON and its PDF's text
(pypdf) checked for each."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.db import transaction
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.awareness import content as awareness_content
from harbour.awareness import services as awareness
from harbour.diary import services as diary
from harbour.frontdesk import services as frontdesk
from harbour.plans import travel
from harbour.prevention import services as prevention
from harbour.schools.models import Role
from harbour.web import timeline
from tests import factories

SUBJECT = "Ingrid Subjectson"
OTHERS_NEAR = [
    "Marcus Ownerley",
    "Victor Pursuerman",
    "Wanda Witnessby",
    "Dorothy Diarywho",
    "Hugo Headleigh",
]
OTHERS_FAR = ["Olga Otherperson", "Quentin Otherconcern"]
SUBJECT_STORY = "Stood by the staff car park at home time and shouted across."
DIARY_STORY = "A parcel arrived at reception addressed in capitals."
OTHER_STORY = "Followed the bus to the next stop, another story entirely."


@pytest.fixture
def people(db):
    school = factories.make_school("Northfield Academy")
    manager = factories.make_staff(school, Role.LINE_MANAGER, username="marcus", full_name="Marcus Ownerley")
    factories.make_staff(school, Role.HEADTEACHER, full_name="Hugo Headleigh")
    admin = factories.make_staff(school, Role.ADMINISTRATOR, username="ada", full_name="Ada Adminson")
    subject = factories.make_staff(school, username="ingrid", full_name=SUBJECT)
    other = factories.make_staff(school, full_name="Olga Otherperson")
    pursuer = factories.make_person(school, manager, name="Victor Pursuerman", description="Tall, grey coat")
    other_person = factories.make_person(school, manager, name="Quentin Otherconcern")
    case = factories.make_case(manager, subject, people=[pursuer])
    factories.record(case, manager, subject, pursuer, account=SUBJECT_STORY, witnesses="Wanda Witnessby")
    other_case = factories.make_case(manager, other, people=[other_person])
    factories.record(other_case, manager, other, other_person, account=OTHER_STORY)
    diary.write_entry(
        origin=factories.origin(subject),
        author=subject,
        values={
            "occurred_on": datetime.date(2026, 11, 20),
            "location": "on_site",
            "behaviours": ["unwanted_gifts"],
            "account": DIARY_STORY,
            "who": "Dorothy Diarywho",
        },
    )
    with transaction.atomic():
        prevention.record_check_in(
            origin=factories.origin(manager),
            employee=subject,
            held_on=datetime.date(2026, 11, 2),
            concern="yes",
            notes="Raised the parcel.",
        )
    return {"subject": subject, "admin": admin, "pursuer": pursuer, "case": case, "other_case": other_case}


def _open(data: bytes) -> tuple[dict, str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["subject-access.json", "subject-access.pdf"]
    export = json.loads(archive.read("subject-access.json"))
    reader = PdfReader(io.BytesIO(archive.read("subject-access.pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    return export, re.sub(r"\s+", " ", text)


def test_the_employee_downloads_their_own_data_and_no_one_elses_names(people, client):
    client.force_login(people["subject"].user)
    response = client.get("/your-support/subject-access.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    export, pdf = _open(response.content)
    data = json.dumps(export, ensure_ascii=False)
    for mine in (SUBJECT, SUBJECT_STORY, DIARY_STORY, "Raised the parcel.", people["case"].reference):
        assert mine in data
        assert mine in pdf
    for name in OTHERS_NEAR + OTHERS_FAR + [OTHER_STORY, people["other_case"].reference]:
        assert name not in data, name
        assert name not in pdf, name
    assert "[withheld: another person's details]" in data


def test_the_export_is_audited_without_its_content(people, client):
    client.force_login(people["subject"].user)
    client.get("/your-support/subject-access.zip")
    event = AuditEvent.objects.get(action="subject_access.exported")
    assert event.actor == people["subject"].user and event.detail == {"subject": "employee"}


def test_the_api_gives_the_same_export(people):
    response = factories.api_client(people["subject"]).get("/api/v1/subject-access/me")
    assert response.status_code == 200
    export, _ = _open(response.content)
    assert export["subject"] == SUBJECT and export["kind"] == "employee"


def test_an_administrators_export_for_a_person_of_concern_withholds_everyone_else(people, client):
    client.force_login(people["admin"].user)
    found = client.get("/subject-access/?q=Victor")
    assert "Victor Pursuerman" in found.content.decode()
    response = client.post(f"/subject-access/people/{people['pursuer'].pk}/")
    assert response.status_code == 200
    export, pdf = _open(response.content)
    data = json.dumps(export, ensure_ascii=False)
    for theirs in ("Victor Pursuerman", "Tall, grey coat", "Seeking the employee out"):
        assert theirs.casefold() in data.casefold() and theirs.casefold() in pdf.casefold()
    for other in [SUBJECT, SUBJECT_STORY, "Marcus Ownerley", "Wanda Witnessby", *OTHERS_FAR, OTHER_STORY]:
        assert other not in data, other
        assert other not in pdf, other
    assert AuditEvent.objects.filter(
        action="subject_access.exported", object_id=str(people["pursuer"].pk)
    ).exists()


def test_nobody_but_the_schools_administrator_exports_a_person(people, client):
    client.force_login(people["subject"].user)
    assert client.post(f"/subject-access/people/{people['pursuer'].pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="subject_access.exported").exists()


def test_a_long_record_splits_across_pages(people, client):
    subject, case = people["subject"], people["case"]
    # Each account is taller than a page.
    for n in range(6):
        factories.record(case, subject, subject, account=f"Entry {n}. " + "It went on and on. " * 400)
    client.force_login(subject.user)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/your-support/subject-access.zip").content))
    reader = PdfReader(io.BytesIO(archive.read("subject-access.pdf")))
    assert len(reader.pages) > 12
    assert "Entry 5." in " ".join(page.extract_text() for page in reader.pages)


def _travel(case, staff, **values):
    return travel.record(
        origin=factories.origin(staff),
        case=case,
        values={"contact_name": "Sam Partnerford", "contact_phone": "07700 900555", **values},
    )


def test_the_employees_travel_arrangements_timeline_and_awareness_are_in_their_export(people, client):
    subject, case = people["subject"], people["case"]
    _travel(case, subject, contact_relationship="partner")
    _travel(
        case,
        subject,
        contact_relationship="partner",
        check_in_with="Colin Checkinley",
        check_in_when="Text when I get home, by 5pm.",
        if_no_check_in="Ring the school office.",
    )
    # Another employee's arrangement is theirs alone.
    other = people["other_case"]
    other_staff = other.members.get(role="employee").staff
    _travel(
        other,
        other_staff,
        contact_name="Petra Elsewhere",
        check_in_with="Petra Elsewhere",
        if_no_check_in="Another plan entirely.",
    )
    with transaction.atomic():
        frontdesk.warn(
            origin=factories.origin(people["case"].owner),
            case=case,
            person=people["pursuer"],
            values={
                "kind": "site_ban",
                "reason": "Shouted across the car park at Ingrid.",
                "warned_on": datetime.date(2026, 11, 21),
                "representations_by": datetime.date(2026, 12, 5),
            },
        )
    awareness.submit_answers(
        origin=factories.origin(subject), staff=[subject], answers=dict(awareness_content.CORRECT)
    )
    client.force_login(subject.user)
    export, pdf = _open(client.get("/your-support/subject-access.zip").content)
    data = json.dumps(export, ensure_ascii=False)
    titles = [s["title"] for s in export["sections"]]
    (arrangements,) = [s for s in export["sections"] if s["title"].startswith("Your travel arrangements")]
    # Both versions, newest first: nothing recorded is lost.
    assert [r["When you check in"] for r in arrangements["records"]] == ["Text when I get home, by 5pm.", ""]
    for mine in ("Text when I get home, by 5pm.", "Ring the school office.", "partner"):
        assert mine in data and mine in pdf, mine
    # The contacts are other people: their names and numbers are withheld.
    for theirs in (
        "Sam Partnerford",
        "07700 900555",
        "Colin Checkinley",
        "Petra Elsewhere",
        "Another plan entirely.",
    ):
        assert theirs not in data and theirs not in pdf, theirs
    assert arrangements["records"][0]["Who you check in with"] == "[withheld: another person's details]"
    # The timeline "Your support" shows, the warning included, without the person or the reason.
    (done,) = [s for s in export["sections"] if s["title"] == "What the school has done on your cases"]
    whats = {r["What"] for r in done["records"]}
    assert {"Your case was opened", timeline.STEP_TITLES["warned"]} <= whats
    assert "Shouted across the car park" not in data and "Shouted across the car park" not in pdf
    assert "Victor Pursuerman" not in data
    assert timeline.STEP_TITLES["warned"] in pdf
    (passed,) = [s for s in export["sections"] if s["title"] == "The awareness module"]
    assert len(passed["records"]) == 1 and passed["records"][0]["Passed on"]
    assert titles.index("What the school has done on your cases") < titles.index(
        "Incidents recorded about you"
    )


def test_the_employees_choices_about_sharing_a_summary_are_in_their_export(people, client):
    from harbour.referrals import services as referrals

    subject, case = people["subject"], people["case"]
    for recipient, yes in (("police", True), ("stalking_service", False), ("police", False)):
        referrals.record_consent(
            origin=factories.origin(subject), case=case, employee=subject, recipient=recipient, consents=yes
        )
    other = people["other_case"]
    other_staff = other.members.get(role="employee").staff
    referrals.record_consent(
        origin=factories.origin(other_staff),
        case=other,
        employee=other_staff,
        recipient="police",
        consents=True,
    )
    client.force_login(subject.user)
    export, pdf = _open(client.get("/your-support/subject-access.zip").content)
    (choices,) = [
        s for s in export["sections"] if s["title"] == "Your choices about sharing a summary of your case"
    ]
    # Every choice, in order: a no after a yes is a withdrawal, and the yes is kept.
    assert [(r["With"], r["Your choice"]) for r in choices["records"]] == [
        ("The police", "Yes, they may receive it"),
        ("A specialist stalking service", "No"),
        ("The police", "Withdrawn"),
    ]
    assert {r["Case"] for r in choices["records"]} == {case.reference}
    assert "Your choices about sharing a summary of your case" in pdf and "Withdrawn" in pdf
    assert other.reference not in json.dumps(export)
