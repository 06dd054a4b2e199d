"""The demo's court orders (demo.py calls `load` once the cases exist): Lee Marsh
was given a police warning about harassment, then an interim Stalking Protection
Order that the court later varied; this morning he came to the school's office, which
the case owner reported to the police, and then phoned, so a second possible
breach is waiting for its police reference."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.frontdesk import services as frontdesk_services
from harbour.orders import services


def load(*, case, person, as_manager: Origin, reception: str) -> None:
    as_reception = Origin(user=get_user_model().objects.get(username=reception), via="cli")
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    services.record_order(
        origin=as_manager,
        case=case,
        person=person,
        values={
            "kind": "police_warning",
            "conditions": "Told by the police that his messages and visits to Amira Hassan amount to "
            "harassment and must stop.",
            "made_on": ago(30),
            "issued_by": "Northbrook Police",
            "reference": "NP/26/118842",
        },
    )
    spo = services.record_order(
        origin=as_manager,
        case=case,
        person=person,
        values={
            "kind": "interim_stalking_protection",
            "conditions": "Must not contact Amira Hassan by any means, directly or through others.",
            "made_on": ago(12),
            "expires_on": today + datetime.timedelta(days=44),
            "issued_by": "Northbrook Magistrates' Court",
            "reference": "NMC-2026-0917",
        },
    )
    services.amend_order(
        origin=as_manager,
        order=spo,
        values={
            "kind": "interim_stalking_protection",
            "conditions": "Must not contact Amira Hassan by any means, directly or through others. "
            "Must not enter Riverside Primary School or wait in Mill Lane outside it.",
            "made_on": ago(12),
            "expires_on": today + datetime.timedelta(days=44),
            "issued_by": "Northbrook Magistrates' Court",
            "reference": "NMC-2026-0917",
            "change_note": f"Varied by the court on {ago(4):%-d %B}: the school and Mill Lane added.",
        },
    )
    # He came to the office this morning: Daniel reported it and gave the police reference.
    visit = frontdesk_services.log_attempt(origin=as_reception, person=person, how="in_person")
    for breach in visit.possible_breaches.all():
        services.record_police_reference(
            origin=as_manager,
            breach=breach,
            values={
                "police_reference": "NP/26/121907",
                "reported_on": today,
                "note": "PC Shah will call Amira.",
            },
        )
    # Then he phoned: a possible breach still waiting for its police reference.
    frontdesk_services.log_attempt(origin=as_reception, person=person, how="phone_call")
