"""The pages and the API: who may see and do what, what reception is shown (that
an order is in place and what to do, never its details), and costs that do not
grow with the record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.frontdesk import services as frontdesk
from harbour.orders import services
from harbour.orders.models import BreachReport, OrderVersion, PossibleBreach, ProtectiveOrder
from tests import factories
from tests.orders.helpers import COURT, REFERENCE, breach_of, log_attempt, make_order, order_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CONDITION_WORDS = "within 100 metres"


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _form(**overrides) -> dict:
    data = {
        "kind": "non_molestation",
        "conditions": "Must not contact Erin Employee directly or indirectly.",
        "issued_by": "Riverside Family Court",
        "reference": "FAM-88",
        **_date("made_on", TODAY - datetime.timedelta(days=3)),
        **_date("expires_on", TODAY + datetime.timedelta(days=180)),
    }
    data.update(overrides)
    return data


def test_the_owner_records_an_order_and_amends_it_on_the_pages(world):
    client = world.client("manager")
    page = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Record a court order or police warning" in page
    response = client.post(f"/cases/{world.case.pk}/orders/new/", {**_form(), "person": world.person.pk})
    order = ProtectiveOrder.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/cases/{world.case.pk}/orders/{order.pk}/"
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Non-molestation order" in detail and "FAM-88" in detail and "In force" in detail
    response = client.post(
        f"/cases/{world.case.pk}/orders/{order.pk}/amend/",
        {
            **_form(conditions="Must not contact Erin or come to the school."),
            "change_note": "Varied by the court.",
        },
    )
    assert response.status_code == 302
    assert list(order.versions.values_list("number", flat=True)) == [1, 2]
    detail = client.get(f"/cases/{world.case.pk}/orders/{order.pk}/").content.decode()
    assert "come to the school" in detail and "Varied by the court." in detail
    assert "Earlier versions" in detail and "directly or indirectly" in detail  # version 1, kept


def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(world):
    client = world.client("manager")
    response = client.post(
        f"/cases/{world.case.pk}/orders/new/",
        {
            **_form(issued_by="", **_date("expires_on", TODAY - datetime.timedelta(days=30))),
            "person": world.person.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the court that made the order" in body
    assert not ProtectiveOrder.objects.exists()
    response = client.post(f"/cases/{world.case.pk}/orders/new/", {**_form(), "person": "999999"})
    assert response.status_code == 200 and not ProtectiveOrder.objects.exists()
    response = client.post(
        f"/cases/{world.case.pk}/orders/new/",
        {**_form(**_date("made_on", TODAY + datetime.timedelta(days=2))), "person": world.person.pk},
    )
    assert "must be today or in the past" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["colleague", "other_head", "other_manager", "front_office", "trust_lead", "admin"]
)
def test_outsiders_and_reception_get_not_found_on_every_order_page_and_operation(world, persona):
    order = order_of(world)
    breach = breach_of(world)
    case = world.case.pk
    client = world.client(persona)
    for path in (
        f"/cases/{case}/orders/",
        f"/cases/{case}/orders/new/",
        f"/cases/{case}/orders/{order.pk}/",
        f"/cases/{case}/orders/{order.pk}/amend/",
        f"/cases/{case}/possible-breaches/{breach.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    api = factories.api_client(getattr(world, persona))
    for path in (f"/api/v1/cases/{case}/orders", f"/api/v1/cases/{case}/orders/{order.pk}",
                 f"/api/v1/cases/{case}/possible-breaches"):  # fmt: skip
        assert api.get(path).status_code == 404, path
    response = api.post(
        f"/api/v1/cases/{case}/possible-breaches/{breach.pk}/police-reports",
        {"police_reference": "X1", "reported_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not BreachReport.objects.exists()
    # Their list of breaches to act on is empty, not an error and not a leak.
    assert api.get("/api/v1/possible-breaches").json() == {"items": [], "count": 0}
    listing = client.get("/possible-breaches/")
    assert listing.status_code == 200  # their own (empty) list, not an error page
    assert "None waiting." in listing.content.decode()
    assert "Pat Concern" not in listing.content.decode()
    assert world.case.reference not in listing.content.decode()


def test_an_order_of_another_case_is_not_found_through_this_one(world):
    order = order_of(world)
    other_case = factories.make_case(world.manager, world.colleague, people=[world.person])
    client = world.client("manager")
    assert client.get(f"/cases/{other_case.pk}/orders/{order.pk}/").status_code == 404
    assert client.get(f"/cases/{world.case.pk}/orders/{order.pk + 1000}/").status_code == 404


def test_the_circle_reads_orders_but_only_whoever_runs_the_case_records_them(world):
    order = order_of(world)
    breach = breach_of(world)
    member = world.client("member")
    assert "Stalking Protection Order" in member.get(f"/cases/{world.case.pk}/orders/").content.decode()
    assert member.get(f"/cases/{world.case.pk}/orders/new/").status_code == 403
    assert member.get(f"/cases/{world.case.pk}/orders/{order.pk}/amend/").status_code == 403
    response = member.post(
        f"/cases/{world.case.pk}/possible-breaches/{breach.pk}/",
        {"police_reference": "X1", **_date("reported_on", TODAY)},
    )
    assert response.status_code == 403 and not BreachReport.objects.exists()


def test_reception_sees_that_an_order_is_in_place_and_what_to_do_never_its_details(world):
    order_of(world)  # the person has no other alert: the order alone puts them at the front desk
    client = world.client("front_office")
    for path in ("/front-desk/", "/front-desk/?q=pat", f"/front-desk/people/{world.person.pk}/attempt/"):
        body = client.get(path).content.decode()
        assert "Stalking Protection Order in place" in body, path
        assert "999" in body and "call the police" in body
        for secret in (CONDITION_WORDS, COURT, REFERENCE, world.case.reference, "Erin"):
            assert secret not in body, (path, secret)
    alerts = factories.api_client(world.front_office).get("/api/v1/front-desk/alerts").json()
    (alert,) = alerts["items"]
    assert alert["orders"] == ["Stalking Protection Order"]
    text = str(alerts)
    for secret in (CONDITION_WORDS, COURT, REFERENCE, world.case.reference):
        assert secret not in text


def test_an_order_no_longer_in_force_is_not_shown_to_reception(world):
    make_order(
        world, made_on=TODAY - datetime.timedelta(days=60), expires_on=TODAY - datetime.timedelta(days=1)
    )
    response = world.client("front_office").get("/front-desk/")
    assert response.status_code == 200  # the front desk itself, not an error page
    body = response.content.decode()
    assert "Pat Concern" not in body and "in place" not in body


def test_reception_logs_contact_and_the_owner_sees_the_breach_and_gives_the_police_reference(world):
    order_of(world)
    response = world.client("front_office").post(
        f"/front-desk/people/{world.person.pk}/attempt/", {"how": "in_person"}
    )
    assert response.status_code == 302
    breach = PossibleBreach.objects.get()
    owner = world.client("manager")
    my_work = owner.get("/").content.decode()
    assert 'id="work-breaches"' in my_work and f"/possible-breaches/{breach.pk}/" in my_work
    # The rest of the circle reads the case, but the breach is not theirs to act on.
    assert 'id="work-breaches"' not in world.client("member").get("/").content.decode()
    case_page = owner.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Possible breach" in case_page and "Give the police reference" in case_page
    assert (
        f"/cases/{world.case.pk}/possible-breaches/{breach.pk}/"
        in owner.get("/possible-breaches/").content.decode()
    )
    response = owner.post(
        f"/cases/{world.case.pk}/possible-breaches/{breach.pk}/",
        {"police_reference": "", **_date("reported_on", TODAY)},
    )
    assert "Enter the reference the police gave" in response.content.decode()
    response = owner.post(
        f"/cases/{world.case.pk}/possible-breaches/{breach.pk}/",
        {"police_reference": "CAD 4471 01/12", **_date("reported_on", TODAY)},
    )
    assert response.status_code == 302
    assert BreachReport.objects.get().police_reference == "CAD 4471 01/12"
    assert "Possible breach:" not in owner.get(f"/cases/{world.case.pk}/").content.decode()
    assert "CAD 4471" in owner.get(f"/cases/{world.case.pk}/orders/").content.decode()
    assert f"possible-breaches/{breach.pk}/" not in owner.get("/possible-breaches/").content.decode()
    assert 'id="work-breaches"' not in owner.get("/").content.decode()


def test_the_api_records_amends_and_reports(world):
    api = factories.api_client(world.manager)
    base = f"/api/v1/cases/{world.case.pk}"
    body = {
        "person_id": world.person.pk,
        "kind": "police_warning",
        "conditions": "Told to stop contacting the school about Erin.",
        "made_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "issued_by": "Riverside Police",
    }
    for bad in ({**body, "kind": "curfew"}, {**body, "surprise": 1}, {**body, "issued_by": ""},
                {**body, "conditions": "x" * 10_001}):  # fmt: skip
        assert api.post(f"{base}/orders", bad, content_type="application/json").status_code == 422
    response = api.post(f"{base}/orders", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "in_force" and created["current"]["number"] == 1
    assert (
        api.post(f"{base}/orders", {**body, "person_id": 999999}, content_type="application/json").status_code
        == 422
    )
    amended = api.post(
        f"{base}/orders/{created['id']}/versions",
        {
            **{k: v for k, v in body.items() if k != "person_id"},
            "expires_on": TODAY.isoformat(),
            "change_note": "Ends today.",
        },
        content_type="application/json",
    )
    assert amended.status_code == 201 and [v["number"] for v in amended.json()["versions"]] == [2, 1]
    listed = api.get(f"{base}/orders").json()
    assert listed["count"] == 1 and listed["items"][0]["current"]["expires_on"] == TODAY.isoformat()
    log_attempt(world)
    (breach,) = api.get("/api/v1/possible-breaches").json()["items"]
    assert breach["police_reference"] is None
    report = api.post(
        f"{base}/possible-breaches/{breach['id']}/police-reports",
        {"police_reference": "CR-1", "reported_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert report.status_code == 201 and report.json()["police_reference"] == "CR-1"
    assert api.get("/api/v1/possible-breaches").json()["count"] == 0
    assert api.get(f"{base}/possible-breaches").json()["items"][0]["reports"][0]["police_reference"] == "CR-1"
    member = factories.api_client(world.member)
    assert member.post(f"{base}/orders", body, content_type="application/json").status_code == 403


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_pages_cost_the_same_however_many_orders_and_breaches(world):
    order_of(world)
    log_attempt(world)
    manager = world.client("manager")
    reception = world.client("front_office")
    paths = [f"/cases/{world.case.pk}/", f"/cases/{world.case.pk}/orders/", "/possible-breaches/"]
    small = {path: _queries(manager, path) for path in paths}
    small_desk = _queries(reception, "/front-desk/")
    for n in range(4):
        person = factories.make_person(world.school, world.manager, name=f"Person {n}")
        case_services.link_person(origin=factories.origin(world.manager), case=world.case, person=person)
        order = services.record_order(
            origin=factories.origin(world.manager),
            case=world.case,
            person=person,
            values={
                "kind": "restraining",
                "conditions": "No contact.",
                "made_on": TODAY,
                "issued_by": "Crown Court",
            },
        )
        services.amend_order(
            origin=factories.origin(world.manager),
            order=order,
            values={
                "kind": "restraining",
                "conditions": "No contact at all.",
                "made_on": TODAY,
                "issued_by": "Crown Court",
                "change_note": "Corrected.",
            },  # fmt: skip
        )
        log_attempt(world)
        frontdesk.log_attempt(origin=factories.origin(world.front_office), person=person, how="email")
    assert OrderVersion.objects.count() == 9 and PossibleBreach.objects.count() == 9
    assert {path: _queries(manager, path) for path in paths} == small
    assert _queries(reception, "/front-desk/") == small_desk


def test_a_champion_shown_only_the_summary_and_plan_never_sees_an_order(world):
    order_of(world)
    breach_of(world)
    confidentiality.set_choices(
        origin=factories.origin(world.employee),
        case=world.case,
        colleagues_may_know="nothing",
        champion_sees="support",
    )
    champion = world.client("champion")
    summary = champion.get(f"/cases/{world.case.pk}/")
    assert summary.status_code == 200
    body = summary.content.decode()
    for secret in ("Stalking Protection Order", CONDITION_WORDS, COURT, REFERENCE, "Possible breach"):
        assert secret not in body
    assert champion.get(f"/cases/{world.case.pk}/orders/").status_code == 404
    api = factories.api_client(world.champion)
    assert api.get(f"/api/v1/cases/{world.case.pk}/orders").status_code == 404


def test_the_case_page_asks_for_orders_only_when_the_kept_state_holds_one(world):
    """Most cases have no order: the kept state (which lists every order as a
    warning) says so, and the case page then asks the orders table nothing. Once an
    order is recorded, the page shows it."""
    client = world.client("manager")
    client.get(f"/cases/{world.case.pk}/")  # warm the session and the reach
    with CaptureQueriesContext(connection) as seen:
        client.get(f"/cases/{world.case.pk}/")
    assert not [q for q in seen.captured_queries if "orders_orderversion" in q["sql"]]
    make_order(world)
    with CaptureQueriesContext(connection) as seen:
        page = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert [q for q in seen.captured_queries if "orders_orderversion" in q["sql"]]
    assert "Stalking Protection Order" in page
