"""Writes for orders. Each is one transaction with its audit event and its entry
in the case's hash chain; authorisation is the caller's, through harbour.access.
Nothing is changed in place: an amendment is a new version, a police reference
for a possible breach a new report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour import limits, notify
from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CasePerson, CaseStatus, PersonOfConcern
from harbour.evidence import chain
from harbour.frontdesk.models import ContactAttempt
from harbour.orders import rules, selectors
from harbour.orders.models import BreachReport, OrderKind, OrderVersion, PossibleBreach, ProtectiveOrder
from harbour.risk import state as risk_state

TERMS = ("kind", "conditions", "made_on", "starts_on", "expires_on", "issued_by", "reference")


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _text(values: dict, name: str) -> str:
    return (values.get(name) or "").strip()


def _terms(values: dict) -> dict:
    """The terms of a version, checked; raises ValidationError with messages by field."""
    errors = {}
    kind = values.get("kind")
    if kind not in OrderKind.values:
        errors["kind"] = "Choose the kind of order or warning."
    conditions = _text(values, "conditions")
    if not conditions:
        errors["conditions"] = "Write what the order forbids or requires, as the court or police wrote it."
    elif len(conditions) > limits.TEXT:
        errors["conditions"] = f"Keep the conditions to {limits.TEXT} characters or fewer."
    issued_by = _text(values, "issued_by")
    if not issued_by:
        errors["issued_by"] = (
            "Enter the court that made the order, or the police force that gave the warning."
        )
    for name in ("issued_by", "reference"):
        if len(_text(values, name)) > _limit(OrderVersion, name):
            errors[name] = f"Keep this to {_limit(OrderVersion, name)} characters or fewer."
    made_on, starts_on, expires_on = values.get("made_on"), values.get("starts_on"), values.get("expires_on")
    errors |= rules.date_errors(
        made_on=made_on, starts_on=starts_on, expires_on=expires_on, today=timezone.localdate()
    )
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "conditions": conditions,
        "made_on": made_on,
        "starts_on": starts_on or made_on,
        "expires_on": expires_on,
        "issued_by": issued_by,
        "reference": _text(values, "reference"),
    }


def _open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it before recording an order."})


@transaction.atomic
def record_order(*, origin: Origin, case: Case, person: PersonOfConcern, values: dict) -> ProtectiveOrder:
    """A new order or police warning against a person linked to the case."""
    _open(case)
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": "Choose a person linked to this case."})
    terms = _terms(values)
    order = ProtectiveOrder.objects.create(case=case, person=person, created_by=origin.user)
    version = OrderVersion.objects.create(order=order, number=1, recorded_by=origin.user, **terms)
    chain.append(origin=origin, case=case, kind="protective_order", record=order)
    chain.append(origin=origin, case=case, kind="order_version", record=version)
    record_event(origin=origin, action="order.recorded", obj=order, case=case, kind=terms["kind"])
    # An order is a warning to the person: contact after it raises the proposal.
    risk_state.refresh(case)
    return order


@transaction.atomic
def amend_order(*, origin: Origin, order: ProtectiveOrder, values: dict) -> OrderVersion:
    """New terms for an order (varied by the court, corrected, discharged early):
    a new version; the earlier ones stay as they were."""
    order = ProtectiveOrder.objects.select_for_update().select_related("case__school").get(pk=order.pk)
    _open(order.case)
    errors = {}
    try:
        terms = _terms(values)
    except ValidationError as error:
        errors = dict(error.message_dict)
    note = _text(values, "change_note")
    if not note:
        errors["change_note"] = ["Say what changed and why (for example, varied by the court on a date)."]
    elif len(note) > limits.REASON:
        errors["change_note"] = [f"Keep this to {limits.REASON} characters or fewer."]
    if errors:
        raise ValidationError(errors)
    current = selectors.current_of(order)
    if all(getattr(current, name) == terms[name] for name in TERMS):
        raise ValidationError({"__all__": "Nothing has changed: change the terms, or go back."})
    version = OrderVersion.objects.create(
        order=order, number=current.number + 1, recorded_by=origin.user, change_note=note, **terms
    )
    chain.append(origin=origin, case=order.case, kind="order_version", record=version)
    record_event(origin=origin, action="order.amended", obj=order, case=order.case, version=version.number)
    risk_state.refresh(order.case)  # the day it was first made may have been corrected
    return version


BREACH_SUBJECT = "Harbour: possible breach of an order"
BREACH_SENTENCE = (
    "The front desk has logged contact from someone under a court order or police warning. "
    "Please look today and give the police reference."
)


@transaction.atomic
def flag_possible_breaches(*, origin: Origin, attempt: ContactAttempt) -> list[PossibleBreach]:
    """Called as reception logs a contact attempt, in its transaction: each of the
    person's orders in force at that moment (rules.is_possible_breach) gets a
    possible breach, and the case owner is sent a link."""
    flagged = []
    told = set()
    for version in selectors.current_for_person(attempt.person_id):
        if not rules.is_possible_breach(version, attempt.at):
            continue
        case = version.order.case
        breach = PossibleBreach.objects.create(
            case=case, order=version.order, version=version, attempt=attempt
        )
        chain.append(origin=origin, case=case, kind="possible_breach", record=breach)
        record_event(origin=origin, action="order.possible_breach", obj=breach, case=case)
        if case.pk not in told:
            told.add(case.pk)
            notify.notify_after_commit(
                staff=case.owner,
                subject=BREACH_SUBJECT,
                sentence=BREACH_SENTENCE,
                path=notify.case_path(case.pk),
            )
        flagged.append(breach)
    return flagged


@transaction.atomic
def record_police_reference(*, origin: Origin, breach: PossibleBreach, values: dict) -> BreachReport:
    """The reference the police gave for a possible breach, and when it was reported."""
    breach = PossibleBreach.objects.select_related("case__school", "attempt").get(pk=breach.pk)
    errors = {}
    reference = _text(values, "police_reference")
    if not reference:
        errors["police_reference"] = "Enter the reference the police gave (an incident or crime number)."
    elif len(reference) > _limit(BreachReport, "police_reference"):
        errors["police_reference"] = (
            f"Keep this to {_limit(BreachReport, 'police_reference')} characters or fewer."
        )
    reported_on: datetime.date | None = values.get("reported_on")
    if reported_on is None:
        errors["reported_on"] = "Enter the date it was reported to the police."
    elif reported_on > timezone.localdate():
        errors["reported_on"] = "The date must be today or in the past."
    elif reported_on < rules.local_day(breach.attempt.at):
        errors["reported_on"] = "It cannot have been reported before the contact happened."
    note = _text(values, "note")
    if len(note) > limits.NOTE:
        errors["note"] = f"Keep the note to {limits.NOTE} characters or fewer."
    if errors:
        raise ValidationError(errors)
    report = BreachReport.objects.create(
        breach=breach, police_reference=reference, reported_on=reported_on, note=note, recorded_by=origin.user
    )
    chain.append(origin=origin, case=breach.case, kind="breach_report", record=report)
    record_event(origin=origin, action="order.breach_reported", obj=report, case=breach.case)
    return report
