"""The referral summary for the police or a specialist stalking service, and the
employee's consent to share it: pages, PDF and API, and what must never be in them."""

import html
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from harbour.audit.models import AuditEvent
from harbour.evidence import services as evidence_services
from harbour.evidence.models import ChainEntry
from harbour.referrals import consent
from harbour.referrals import services as referral_services
from harbour.referrals.models import SharingConsent
from harbour.risk.models import CaseRiskState
from tests import factories
from tests.referrals import records
from tests.referrals.records import DIARY_SECRET, HOME_REASON, HOME_SIGNAL, KEPT_BACK


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def give(world, recipient=consent.POLICE, yes=True):
    return referral_services.record_consent(
        origin=factories.origin(world.employee),
        case=world.case,
        employee=world.employee,
        recipient=recipient,
        consents=yes,
    )


@pytest.fixture
def record(world):
    return records.build(world)


def _outputs(world, client, recipient="police") -> dict[str, str]:
    page = client.get(f"/cases/{world.case.pk}/referral-summary/?to={recipient}")
    pdf = client.get(f"/cases/{world.case.pk}/referral-summary.pdf?to={recipient}")
    api = factories.api_client(world.manager).get(
        f"/api/v1/cases/{world.case.pk}/referral-summary?to={recipient}"
    )
    api_pdf = factories.api_client(world.manager).get(
        f"/api/v1/cases/{world.case.pk}/referral-summary/pdf?to={recipient}"
    )
    assert page.status_code == pdf.status_code == api.status_code == api_pdf.status_code == 200
    assert pdf["Content-Type"] == api_pdf["Content-Type"] == "application/pdf"
    texts = {
        "page": html.unescape(page.content.decode()),
        "pdf": _pdf_text(pdf.content),
        "api": json.dumps(api.json(), ensure_ascii=False),
        "api_pdf": _pdf_text(api_pdf.content),
    }
    # Words as read, whatever the line breaks of the PDF or the page.
    return {name: " ".join(text.split()) for name, text in texts.items()}


# --- consent ------------------------------------------------------------------------


def test_the_employee_records_consent_on_their_page(world):
    client = world.client("employee")
    url = f"/your-support/cases/{world.case.pk}/sharing/"
    page = client.get(url)
    assert page.status_code == 200
    assert "You have not said yet" in page.content.decode()
    assert consent.EMERGENCY in page.content.decode()
    response = client.post(url, {"recipient": "police", "consents": "yes"})
    assert response.status_code == 302
    row = SharingConsent.objects.get()
    assert (row.recipient, row.decision, row.employee, row.by) == (
        "police",
        "given",
        world.employee,
        world.employee.user,
    )
    assert ChainEntry.objects.filter(case=world.case, kind="sharing_consent", object_id=row.pk).exists()
    event = AuditEvent.objects.get(action="referral.consent_recorded")
    assert event.detail == {"recipient": "police", "decision": "given"}
    assert "Yes, since" in client.get(url).content.decode()


def test_no_after_yes_is_a_withdrawal_and_every_choice_is_kept(world):
    client = world.client("employee")
    url = f"/your-support/cases/{world.case.pk}/sharing/"
    client.post(url, {"recipient": "stalking_service", "consents": "no"})
    client.post(url, {"recipient": "stalking_service", "consents": "yes"})
    client.post(url, {"withdraw": "stalking_service"})
    decisions = list(SharingConsent.objects.order_by("at", "id").values_list("decision", flat=True))
    assert decisions == ["refused", "given", "withdrawn"]
    body = client.get(url).content.decode()
    assert "you withdrew your consent" in body
    assert body.count('class="govuk-table__row"') == 4  # the header and every choice


def test_withdrawing_what_was_never_given_is_a_message_not_a_row(world):
    client = world.client("employee")
    response = client.post(
        f"/your-support/cases/{world.case.pk}/sharing/", {"withdraw": "police"}, follow=True
    )
    assert "There is no consent to withdraw for the police." in response.content.decode()
    assert not SharingConsent.objects.exists()


def test_a_consent_form_left_blank_says_so_beside_each_field(world):
    response = world.client("employee").post(f"/your-support/cases/{world.case.pk}/sharing/", {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose who this choice is about." in body and "Choose yes or no." in body
    assert 'id="recipient-error"' in body or "govuk-error-message" in body
    assert not SharingConsent.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("manager", 403), ("head", 403), ("member", 403), ("colleague", 404)]
)
def test_only_the_employee_gives_consent(world, persona, status):
    response = world.client(persona).post(
        f"/your-support/cases/{world.case.pk}/sharing/", {"recipient": "police", "consents": "yes"}
    )
    assert response.status_code == status
    api = factories.api_client(getattr(world, persona)).post(
        f"/api/v1/cases/{world.case.pk}/sharing-consent",
        {"recipient": "police", "consents": True},
        content_type="application/json",
    )
    assert api.status_code == status
    assert not SharingConsent.objects.exists()


def test_the_consent_page_is_discreet_for_the_employee(world):
    body = world.client("employee").get(f"/your-support/cases/{world.case.pk}/sharing/").content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert "stalking" not in title.lower() and "sharing" not in title.lower()
    assert 'id="exit-this-page"' in body


def test_your_support_links_to_the_consent_page(world):
    body = world.client("employee").get("/your-support/").content.decode()
    assert f"/your-support/cases/{world.case.pk}/sharing/" in body


# --- no consent, no summary ---------------------------------------------------------


def test_without_consent_no_summary_is_made_anywhere(record):
    w = record
    client = w.client("manager")
    page = client.get(f"/cases/{w.case.pk}/referral-summary/?to=police")
    body = page.content.decode()
    assert page.status_code == 200
    assert "No summary has been made." in body and consent.EMERGENCY in body
    assert "Chronology summary" not in body and "PC Dana Holt" not in body
    pdf = client.get(f"/cases/{w.case.pk}/referral-summary.pdf?to=police")
    assert pdf.status_code == 409 and pdf["Content-Type"].startswith("text/html")
    assert "Erin Employee has said they may receive it" in pdf.content.decode()
    api = factories.api_client(w.manager).get(f"/api/v1/cases/{w.case.pk}/referral-summary?to=police")
    assert api.status_code == 409
    assert "999" in api.json()["detail"] and "PC Dana Holt" not in api.content.decode()
    api_pdf = factories.api_client(w.manager).get(f"/api/v1/cases/{w.case.pk}/referral-summary/pdf?to=police")
    assert api_pdf.status_code == 409
    assert not AuditEvent.objects.filter(action__startswith="referral.summary").exists()


def test_consent_for_the_police_is_not_consent_for_a_stalking_service(record):
    give(record, consent.POLICE)
    client = record.client("manager")
    assert client.get(f"/cases/{record.case.pk}/referral-summary.pdf?to=police").status_code == 200
    assert client.get(f"/cases/{record.case.pk}/referral-summary.pdf?to=stalking_service").status_code == 409


def test_a_withdrawal_stops_the_summary(record):
    give(record)
    give(record, yes=False)
    assert SharingConsent.objects.first().decision == "withdrawn"
    response = record.client("manager").get(f"/cases/{record.case.pk}/referral-summary.pdf?to=police")
    assert response.status_code == 409


# --- what the summary shows ----------------------------------------------------------


def test_the_summary_shows_the_record_in_every_output(record):
    give(record)
    outputs = _outputs(record, record.client("manager"))
    given_on = date_format(timezone.localdate(), "j F Y")
    for name, text in outputs.items():
        # the screening's answers
        assert "Does the person keep turning up at work or at the employee's home?" in text, name
        assert "Somewhat frightened" in text, name
        # police details held, the crime reference of an incident
        assert "PC Dana Holt" in text and "SPOC Lee Marr" in text and "CR/2026/4471" in text, name
        # the course of conduct
        assert (
            "meets the course-of-conduct test" in text.replace("\n", " ") or '"meets_test": true' in text
        ), name
        # the chronology: behaviour, place and channel
        assert "Seeking the employee out without reason" in text, name
        assert "Social media or messaging app" in text, name
        # the employee's consent, dated (today's date alone proves nothing: the summary
        # is prepared today too)
        if name == "api":
            consent_out = f'"employee": "{record.employee.full_name}", "decision": "Said yes", "at": "'
            assert consent_out + timezone.localdate().isoformat() in text, name
        else:
            assert f"{record.employee.full_name}: said yes on {given_on}" in text, name
    assert "Threats" not in outputs["page"]  # no signal made up: none of these incidents threatens


def test_what_the_employee_keeps_back_never_appears(record):
    w = record
    give(w)
    kept_on = w.kept_back.occurred_on
    state = CaseRiskState.objects.get(case=w.case)
    # The kept state (for the school) counts the incident kept back...
    assert any(r["code"] == "home_or_outside_work" for r in state.reasons), state.reasons
    assert any(s["code"] == "street_or_home" for s in state.raised_signals)
    for name, text in _outputs(w, w.client("manager")).items():
        flat = text
        for secret in (
            KEPT_BACK,
            "Unwanted gifts or cards",
            "Letter, card or parcel",
            date_format(kept_on, "j F Y"),
            kept_on.isoformat(),
            DIARY_SECRET,
            "Following or approaching outside work",
            HOME_REASON,
            HOME_SIGNAL,
        ):
            assert secret not in flat, f"{name}: {secret}"
        # ...and the summary says one was left out, without saying what.
        assert "1 incident is left out at their request" in flat or '"withheld_count": 1' in flat, name


def test_letting_an_incident_back_in_puts_it_in_the_summary(record):
    w = record
    give(w)
    evidence_services.set_withholding(
        origin=factories.origin(w.employee), case=w.case, withheld=False, incident=w.kept_back
    )
    text = _outputs(w, w.client("manager"))["pdf"]
    assert "Unwanted gifts or cards" in text and HOME_SIGNAL in text and HOME_REASON in text


def test_page_view_and_downloads_are_audited(record):
    give(record)
    _outputs(record, record.client("manager"))
    events = AuditEvent.objects.filter(case=record.case, action__startswith="referral.summary")
    assert sorted((e.action, e.via) for e in events) == [
        ("referral.summary_downloaded", "api"),
        ("referral.summary_downloaded", "web"),
        ("referral.summary_viewed", "api"),
        ("referral.summary_viewed", "web"),
    ]
    assert all(e.detail == {"recipient": "police"} and e.actor == record.manager.user for e in events)
    log = record.client("employee").get(f"/cases/{record.case.pk}/access-log/").content.decode()
    assert "Downloaded the referral summary for the police or a stalking service" in log


def test_a_recipient_not_on_offer_is_an_error_beside_the_field(record):
    client = record.client("manager")
    response = client.get(f"/cases/{record.case.pk}/referral-summary/?to=the-press")
    assert response.status_code == 400
    assert "Choose who the summary is for." in response.content.decode()
    assert client.get(f"/cases/{record.case.pk}/referral-summary.pdf").status_code == 400
    api = factories.api_client(record.manager)
    assert api.get(f"/api/v1/cases/{record.case.pk}/referral-summary?to=the-press").status_code == 422
    assert api.get(f"/api/v1/cases/{record.case.pk}/referral-summary").status_code == 422
    unknown = api.get(f"/api/v1/cases/{record.case.pk}/referral-summary?to=police&include=diary")
    assert unknown.status_code == 422 and "include" in unknown.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member", 403), ("employee", 403), ("champion", 404), ("colleague", 404), ("other_head", 404)],
)
def test_only_the_owner_or_head_makes_the_summary(record, persona, status):
    give(record)
    client = record.client(persona)
    for url in (
        f"/cases/{record.case.pk}/referral-summary/?to=police",
        f"/cases/{record.case.pk}/referral-summary.pdf?to=police",
    ):
        assert client.get(url).status_code == status
    api = factories.api_client(getattr(record, persona))
    assert api.get(f"/api/v1/cases/{record.case.pk}/referral-summary?to=police").status_code == status
    assert (
        "PC Dana Holt"
        not in client.get(f"/cases/{record.case.pk}/referral-summary/?to=police").content.decode()
    )


def test_the_head_makes_it_too(record):
    give(record)
    assert (
        record.client("head").get(f"/cases/{record.case.pk}/referral-summary.pdf?to=police").status_code
        == 200
    )


def test_the_summary_page_costs_the_same_for_more_incidents(record):
    w = record
    give(w)
    client = w.client("manager")
    url = f"/cases/{w.case.pk}/referral-summary/?to=police"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for days in (7, 8, 9, 11, 12):
        factories.record(w.case, w.manager, w.employee, w.person, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- the consent API ----------------------------------------------------------------


def test_the_consent_api_reads_records_and_withdraws(world):
    api = factories.api_client(world.employee)
    url = f"/api/v1/cases/{world.case.pk}/sharing-consent"
    made = api.post(url, {"recipient": "police", "consents": True}, content_type="application/json")
    assert made.status_code == 201 and made.json()["decision"] == "given"
    read = api.get(url).json()
    police = next(s for s in read["standings"] if s["recipient"] == "police")
    assert police["shares"] and read["emergency"] == consent.EMERGENCY
    withdrawn = api.post(f"{url}/police/withdrawal")
    assert withdrawn.status_code == 201 and withdrawn.json()["decision"] == "withdrawn"
    again = api.post(f"{url}/police/withdrawal")
    assert again.status_code == 422 and "recipient" in again.json()["errors"]
    assert [r["decision"] for r in api.get(url).json()["history"]] == ["withdrawn", "given"]
    # The owner reads where it stands (to know whether a summary can be made); a member may not.
    assert factories.api_client(world.manager).get(url).status_code == 200
    assert factories.api_client(world.member).get(url).status_code == 403
    assert factories.api_client(world.colleague).get(url).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"recipient": "police", "consents": "yes"},
        {"recipient": "police"},
        {"recipient": "the-press", "consents": True},
        {"recipient": "police", "consents": True, "note": "extra"},
    ],
)
def test_the_consent_api_refuses_a_bad_body(world, body):
    response = factories.api_client(world.employee).post(
        f"/api/v1/cases/{world.case.pk}/sharing-consent", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert not SharingConsent.objects.exists()


def test_the_consent_api_refuses_an_unknown_recipient_to_withdraw(world):
    response = factories.api_client(world.employee).post(
        f"/api/v1/cases/{world.case.pk}/sharing-consent/press/withdrawal"
    )
    assert response.status_code == 422


def test_the_demo_lets_the_owner_make_the_police_summary_only(world):
    from harbour import demo_referral

    demo_referral.load(world.case, world.employee)
    decisions = list(world.case.sharing_consents.order_by("at").values_list("recipient", "decision"))
    assert decisions == [("stalking_service", "refused"), ("police", "given")]
    client = world.client("manager")
    assert client.get(f"/cases/{world.case.pk}/referral-summary.pdf?to=police").status_code == 200
    assert client.get(f"/cases/{world.case.pk}/referral-summary.pdf?to=stalking_service").status_code == 409


def test_court_orders_and_police_warnings_are_in_every_output(record):
    from tests.orders import helpers as orders

    give(record)
    for text in _outputs(record, record.client("manager")).values():
        assert "No court order or police warning is recorded." in text or '"orders": []' in text
    orders.make_order(record)
    for name, text in _outputs(record, record.client("manager")).items():
        assert "Stalking Protection Order" in text, name
        assert orders.COURT in text and orders.REFERENCE in text, name
        assert orders.CONDITIONS in text, name
        # Whether it is in force now ("In force" alone is the label of its dates).
        if name == "api":
            assert '"status": "In force"' in text, name
        else:
            assert f"Stalking Protection Order: {record.person.display_name} (in force)" in text, name


def test_a_consent_body_that_is_not_json_is_a_400(world):
    response = factories.api_client(world.employee).post(
        f"/api/v1/cases/{world.case.pk}/sharing-consent", "recipient=police", content_type="application/json"
    )
    assert response.status_code == 400
    assert not SharingConsent.objects.exists()
