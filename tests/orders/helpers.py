"""Orders for tests: made through the services, as the pages and API make them."""

import datetime

from django.utils import timezone

from harbour.frontdesk import services as frontdesk
from harbour.orders import services
from tests import factories

CONDITIONS = "Must not go within 100 metres of Riverside Test School or contact Erin Employee."
COURT = "Riverside Magistrates' Court"
REFERENCE = "SPO-2026-0417"


def order_values(**overrides) -> dict:
    today = timezone.localdate()
    values = {
        "kind": "stalking_protection",
        "conditions": CONDITIONS,
        "made_on": today - datetime.timedelta(days=10),
        "starts_on": None,
        "expires_on": today + datetime.timedelta(days=700),
        "issued_by": COURT,
        "reference": REFERENCE,
    }
    values.update(overrides)
    return values


def make_order(w, **overrides):
    return services.record_order(
        origin=factories.origin(w.manager), case=w.case, person=w.person, values=order_values(**overrides)
    )


def log_attempt(w, how="phone_call"):
    return frontdesk.log_attempt(origin=factories.origin(w.front_office), person=w.person, how=how)


def order_of(w):
    """The world's order, made the first time a matrix row asks for it."""
    if getattr(w, "order", None) is None:
        w.order = make_order(w)
    return w.order


def breach_of(w):
    """A possible breach of the world's order, made the first time a row asks for it."""
    if getattr(w, "breach", None) is None:
        order_of(w)
        log_attempt(w)
        w.breach = w.order.possible_breaches.get()
    return w.breach


def api_order() -> dict:
    """An order's terms as the API takes them (without the person)."""
    return {
        "kind": "interim_stalking_protection",
        "conditions": "Must not enter Riverside Road or contact the employee by any means.",
        "made_on": str(timezone.localdate() - datetime.timedelta(days=2)),
        "issued_by": "Riverside Magistrates' Court",
    }
