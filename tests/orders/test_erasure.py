"""A case erased by the retention schedule takes its orders, their versions, the
possible breaches and the police references with it; the chain still verifies."""

import io

import pytest
from django.core.management import call_command

from harbour.cases.models import PersonOfConcern
from harbour.evidence.verify import verify_case
from harbour.orders import services
from harbour.orders.models import BreachReport, OrderVersion, PossibleBreach, ProtectiveOrder
from harbour.retention.models import CaseErasure
from tests import factories
from tests.orders.helpers import breach_of
from tests.retention.helpers import close, years_ago

pytestmark = pytest.mark.django_db


def test_erasing_a_case_erases_its_orders_and_breaches(world, django_capture_on_commit_callbacks):
    breach = breach_of(world)
    services.record_police_reference(
        origin=factories.origin(world.manager),
        breach=breach,
        values={"police_reference": "CAD 9", "reported_on": breach.attempt.at.date()},
    )
    # The same person, under an order on another case they are still linked to: they stay.
    other = factories.make_case(world.manager, world.colleague, people=[world.person])
    services.record_order(
        origin=factories.origin(world.manager),
        case=other,
        person=world.person,
        values={
            "kind": "restraining",
            "conditions": "No contact with Col League.",
            "made_on": breach.attempt.at.date(),
            "issued_by": "Crown Court",
        },
    )
    close(world.case, world.manager, years_ago(6.1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    assert CaseErasure.objects.filter(case=world.case).exists()
    assert not ProtectiveOrder.objects.filter(case=world.case).exists()
    assert not OrderVersion.objects.filter(order__case=world.case).exists()
    assert not PossibleBreach.objects.filter(case=world.case).exists()
    assert not BreachReport.objects.exists()
    assert ProtectiveOrder.objects.filter(case=other).count() == 1
    assert PersonOfConcern.objects.filter(pk=world.person.pk).exists()
    assert verify_case(world.case, check_files=False).intact
    assert verify_case(other, check_files=False).intact
