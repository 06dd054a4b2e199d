"""Recording, amending and flagging orders: through the services, with the audit
and the hash chain written in the same transaction."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.cases import services as case_services
from harbour.evidence import pack
from harbour.evidence.models import ChainEntry
from harbour.evidence.verify import verify_case
from harbour.orders import rules, selectors, services
from harbour.orders.models import BreachReport, OrderVersion, PossibleBreach
from tests import factories
from tests.orders.helpers import CONDITIONS, COURT, REFERENCE, log_attempt, make_order, order_values

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _amend(w, order, **overrides):
    values = {**order_values(), "change_note": "Varied by the court.", **overrides}
    return services.amend_order(origin=factories.origin(w.manager), order=order, values=values)


def test_an_order_is_recorded_as_its_first_version_chained_and_audited(world):
    entries = ChainEntry.objects.filter(case=world.case).count()
    order = make_order(world)
    (version,) = order.versions.all()
    assert (version.number, version.kind, version.issued_by, version.reference) == (
        1, "stalking_protection", COURT, REFERENCE,
    )  # fmt: skip
    assert version.starts_on == version.made_on  # no start date given: it starts when made
    kinds = list(
        ChainEntry.objects.filter(case=world.case).order_by("position").values_list("kind", flat=True)
    )
    assert kinds[entries:] == ["protective_order", "order_version"]
    assert AuditEvent.objects.filter(action="order.recorded", case=world.case).count() == 1
    assert verify_case(world.case, check_files=False).intact


def test_an_amendment_is_a_new_version_and_the_first_is_kept_as_it_was(world):
    order = make_order(world)
    first = order.versions.get()
    later = TODAY + datetime.timedelta(days=30)
    _amend(world, order, expires_on=later, change_note="Discharged early by the court.")
    assert list(order.versions.values_list("number", flat=True)) == [1, 2]
    first_again = OrderVersion.objects.get(pk=first.pk)
    assert first_again.expires_on == first.expires_on and first_again.change_note == ""
    (current,) = selectors.orders_for_case(world.case)
    assert (current.number, current.expires_on) == (2, later)
    assert verify_case(world.case, check_files=False).intact


def test_an_amendment_says_why_and_changes_something(world):
    order = make_order(world)
    with pytest.raises(ValidationError) as error:
        _amend(world, order, change_note=" ")
    assert "change_note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _amend(world, order)  # the same terms again
    assert "Nothing has changed" in str(error.value)
    assert order.versions.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "curfew"}, "kind"),
        ({"conditions": "  "}, "conditions"),
        ({"issued_by": ""}, "issued_by"),
        ({"issued_by": "x" * 201}, "issued_by"),
        ({"made_on": TODAY + datetime.timedelta(days=1)}, "made_on"),
        ({"starts_on": TODAY - datetime.timedelta(days=30)}, "starts_on"),
        ({"expires_on": TODAY - datetime.timedelta(days=30)}, "expires_on"),
    ],
)
def test_bad_terms_are_refused_beside_their_field_and_nothing_is_saved(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        make_order(world, **overrides)
    assert field in error.value.message_dict
    assert not world.case.protective_orders.exists()


def test_only_a_person_linked_to_the_case_and_only_an_open_case(world):
    stranger = factories.make_person(world.school, world.manager, name="Not Linked")
    with pytest.raises(ValidationError):
        services.record_order(
            origin=factories.origin(world.manager), case=world.case, person=stranger, values=order_values()
        )
    case_services.change_case_status(
        origin=factories.origin(world.manager), case=world.case, status="closed", note="Resolved."
    )
    with pytest.raises(ValidationError):
        make_order(world)


def test_contact_under_an_order_in_force_is_a_possible_breach_and_the_owner_gets_a_link_only(
    world, django_capture_on_commit_callbacks
):
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    order = make_order(world)
    assert not PossibleBreach.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attempt = log_attempt(world)
    breach = PossibleBreach.objects.get()
    assert (breach.order, breach.attempt, breach.case, breach.version.number) == (
        order,
        attempt,
        world.case,
        1,
    )
    assert ChainEntry.objects.filter(case=world.case, kind="possible_breach", object_id=breach.pk).exists()
    (message,) = [m for m in mail.outbox if m.subject == services.BREACH_SUBJECT]
    assert message.to == ["morgan@example.test"]
    assert f"/cases/{world.case.pk}/" in message.body
    for secret in ("Pat Concern", "Erin", COURT, REFERENCE, "100 metres", world.case.reference):
        assert secret not in message.body and secret not in message.subject


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": TODAY + datetime.timedelta(days=3)},  # not in force yet
        {
            "made_on": TODAY - datetime.timedelta(days=100),
            "expires_on": TODAY - datetime.timedelta(days=1),
        },  # ended yesterday
    ],
)
def test_contact_outside_an_orders_dates_is_not_flagged(world, overrides, django_capture_on_commit_callbacks):
    world.manager.user.email = "morgan@example.test"
    world.manager.user.save()
    make_order(world, **overrides)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        log_attempt(world)
    assert not PossibleBreach.objects.exists()
    assert not [m for m in mail.outbox if m.subject == services.BREACH_SUBJECT]


def test_the_current_terms_decide_not_the_first_ones(world):
    order = make_order(world)
    _amend(
        world,
        order,
        made_on=TODAY - datetime.timedelta(days=10),
        expires_on=TODAY - datetime.timedelta(days=1),
        change_note="Discharged by the court yesterday.",
    )
    log_attempt(world)
    assert not PossibleBreach.objects.exists()


def test_another_persons_order_is_not_flagged(world):
    other = factories.make_person(world.school, world.manager, name="Other Person")
    case_services.link_person(origin=factories.origin(world.manager), case=world.case, person=other)
    services.record_order(
        origin=factories.origin(world.manager), case=world.case, person=other, values=order_values()
    )
    log_attempt(world)
    assert not PossibleBreach.objects.exists()


def test_the_police_reference_is_a_new_report_each_time(world):
    make_order(world)
    log_attempt(world)
    breach = PossibleBreach.objects.get()
    assert list(selectors.open_breaches(world.case.__class__.objects.all())) == [breach]
    origin = factories.origin(world.manager)
    services.record_police_reference(
        origin=origin, breach=breach, values={"police_reference": "CAD 1234", "reported_on": TODAY}
    )
    services.record_police_reference(
        origin=origin, breach=breach, values={"police_reference": "CR/5678/26", "reported_on": TODAY}
    )
    assert list(BreachReport.objects.order_by("id").values_list("police_reference", flat=True)) == [
        "CAD 1234",
        "CR/5678/26",
    ]
    assert list(selectors.open_breaches(world.case.__class__.objects.all())) == []
    assert ChainEntry.objects.filter(case=world.case, kind="breach_report").count() == 2
    assert verify_case(world.case, check_files=False).intact


@pytest.mark.parametrize(
    "values, field",
    [
        ({"police_reference": "", "reported_on": TODAY}, "police_reference"),
        ({"police_reference": "x" * 101, "reported_on": TODAY}, "police_reference"),
        ({"police_reference": "CAD 1", "reported_on": None}, "reported_on"),
        ({"police_reference": "CAD 1", "reported_on": TODAY + datetime.timedelta(days=1)}, "reported_on"),
        ({"police_reference": "CAD 1", "reported_on": TODAY - datetime.timedelta(days=9)}, "reported_on"),
    ],
)
def test_a_bad_police_reference_is_refused_beside_its_field(world, values, field):
    make_order(world)
    log_attempt(world)
    with pytest.raises(ValidationError) as error:
        services.record_police_reference(
            origin=factories.origin(world.manager), breach=PossibleBreach.objects.get(), values=values
        )
    assert field in error.value.message_dict
    assert not BreachReport.objects.exists()


def test_the_databases_in_force_agrees_with_the_rule(world):
    spans = [
        (TODAY - datetime.timedelta(days=20), TODAY - datetime.timedelta(days=1)),
        (TODAY - datetime.timedelta(days=20), TODAY),
        (TODAY, None),
        (TODAY + datetime.timedelta(days=1), None),
        (TODAY - datetime.timedelta(days=5), TODAY + datetime.timedelta(days=5)),
    ]
    for start, end in spans:
        make_order(world, made_on=min(start, TODAY), starts_on=start, expires_on=end)
    current = selectors.current_versions().filter(order__case=world.case)
    in_db = set(selectors.in_force_on(current, TODAY).values_list("pk", flat=True))
    by_rule = {v.pk for v in current if rules.in_force(v, TODAY)}
    assert in_db == by_rule and len(by_rule) == 3


def test_the_evidence_pack_lists_the_orders_and_breaches(world):
    make_order(world)
    log_attempt(world)
    data = pack.contents(world.case, prepared_by=world.manager.user)
    assert [v.conditions for v in data["orders"]] == [order_values()["conditions"]]
    assert len(data["possible_breaches"]) == 1


def test_contact_after_an_order_raises_the_proposal_and_says_why(world):
    """A court order or police warning is a warning to the person: reception's
    contact attempt after it is 'contact after a warning', on the page and in the
    API, and the reason names the order (not its terms)."""
    order = make_order(world, kind="police_warning")
    attempt = log_attempt(world)
    body = factories.api_client(world.manager).get(f"/api/v1/cases/{world.case.pk}/risk").json()
    by_code = {reason["code"]: reason for reason in body["proposed_because"]}
    assert body["proposed"] in ("medium", "high")
    warning = by_code["contact_after_warning"]
    made_on = order_values()["made_on"].isoformat()
    assert warning["warnings"] == [{"source": "order", "id": order.pk, "on": made_on}]
    assert [a["id"] for a in warning["attempts"]] == [attempt.pk]
    page = world.client("manager").get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "the court order or police warning of" in page
    assert CONDITIONS not in page and REFERENCE not in page


def test_contact_before_an_order_was_made_is_not_after_it(world):
    """The order counts from the day it was made: an attempt logged that same day
    (or before) is not contact after it."""
    log_attempt(world)
    make_order(world, made_on=timezone.localdate())
    body = factories.api_client(world.manager).get(f"/api/v1/cases/{world.case.pk}/risk").json()
    assert body["proposed_because"] is not None
    assert all(w["source"] != "order" for r in body["proposed_because"] for w in r["warnings"])
