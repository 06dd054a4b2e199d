"""Writes for referrals. Police and policy details are saved as a new row each
time (the newest is current); each write is one transaction with its audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harbour import notify
from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus, ChampionSees
from harbour.evidence import chain
from harbour.referrals import consent
from harbour.referrals.models import (
    ChampionReferral,
    Decision,
    Intention,
    PoliceContact,
    PolicyReferral,
    Recipient,
    SharingConsent,
)
from harbour.risk import state as risk_state
from harbour.schools.models import StaffMember

TEXT_LIMITS = {"crime_reference": 100, "officer": 200, "stalking_contact": 200, "decided_by": 200}


def _open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it before changing its referrals."})


def _past(values: dict, name: str, errors: dict) -> None:
    day = values.get(name)
    if day and day > timezone.localdate():
        errors[name] = "The date must be today or in the past."


def _limits(values: dict, errors: dict) -> None:
    for name, limit in TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"Keep this to {limit} characters or fewer."


def current_police(case: Case) -> PoliceContact | None:
    return case.police_contacts.first()


def current_policy(case: Case) -> PolicyReferral | None:
    return case.policy_referrals.first()


@transaction.atomic
def save_police(*, origin: Origin, case: Case, values: dict) -> PoliceContact:
    _open(case)
    errors = {}
    intention = values.get("intends_to_report") or Intention.UNDECIDED
    if intention not in Intention.values:
        errors["intends_to_report"] = "Choose whether the employee intends to report to the police."
    for name in ("reported_on", "last_contact_on"):
        _past(values, name, errors)
    _limits(values, errors)
    if errors:
        raise ValidationError(errors)
    contact = PoliceContact.objects.create(
        case=case,
        recorded_by=origin.user,
        intends_to_report=intention,
        wants_support=bool(values.get("wants_support")),
        reported_on=values.get("reported_on"),
        crime_reference=(values.get("crime_reference") or "").strip(),
        officer=(values.get("officer") or "").strip(),
        stalking_contact=(values.get("stalking_contact") or "").strip(),
        last_contact_on=values.get("last_contact_on"),
        notes=(values.get("notes") or "").strip(),
    )
    chain.append(origin=origin, case=case, kind="police_contact", record=contact)
    record_event(origin=origin, action="referral.police_saved", obj=contact, case=case)
    return contact


@transaction.atomic
def refer_to_champion(*, origin: Origin, case: Case) -> ChampionReferral:
    """Tell the school's Workplace Champion, by e-mail with a link only. They
    will see what the employee has chosen to share, so that must be something."""
    _open(case)
    champion = case.school.workplace_champion
    if champion is None or not champion.is_active:
        raise ValidationError({"__all__": "Your school has not named a Workplace Champion in its settings."})
    # Read the choice as committed, not from a copy that may predate a change.
    if Case.objects.filter(pk=case.pk).values_list("champion_sees", flat=True).get() == ChampionSees.NOTHING:
        raise ValidationError(
            {
                "__all__": "The employee has chosen that the Workplace Champion sees nothing of this case. "
                "Agree with them what the champion may see before referring."
            }
        )
    referral = ChampionReferral.objects.create(case=case, champion=champion, referred_by=origin.user)
    chain.append(origin=origin, case=case, kind="champion_referral", record=referral)
    record_event(origin=origin, action="referral.champion", obj=referral, case=case, champion_id=champion.pk)
    notify.notify_after_commit(
        staff=champion,
        subject="Harbour: a referral for support",
        sentence="A colleague has been referred to you for support as Workplace Champion.",
        path=notify.case_path(case.pk),
        on_sent=mark_emailed,
        on_sent_id=referral.pk,
    )
    return referral


@task()
def mark_emailed(referral_id: int) -> None:
    """Run by the worker once the champion's notice has been taken by the mail server."""
    ChampionReferral.objects.filter(pk=referral_id).update(emailed=True)


@transaction.atomic
def save_policy_referral(*, origin: Origin, case: Case, values: dict) -> PolicyReferral:
    _open(case)
    errors = {}
    referred_on = values.get("referred_on")
    if not referred_on:
        errors["referred_on"] = "Enter the date of the referral."
    _past(values, "referred_on", errors)
    _past(values, "decided_on", errors)
    decision = values.get("decision") or Decision.PENDING
    if decision not in Decision.values:
        errors["decision"] = "Choose a decision from the list."
    elif decision != Decision.PENDING and not values.get("decided_on"):
        errors["decided_on"] = "Enter the date of the decision."
    decided_on: datetime.date | None = values.get("decided_on")
    if decided_on and referred_on and decided_on < referred_on:
        errors["decided_on"] = "The decision cannot come before the referral."
    _limits(values, errors)
    if errors:
        raise ValidationError(errors)
    referral = PolicyReferral.objects.create(
        case=case,
        recorded_by=origin.user,
        referred_on=referred_on,
        reason=(values.get("reason") or "").strip(),
        decision=decision,
        decided_on=decided_on if decision != Decision.PENDING else None,
        decided_by=(values.get("decided_by") or "").strip(),
    )
    risk_state.refresh(case)  # a warning or restriction decided here starts "contact after a warning"
    chain.append(origin=origin, case=case, kind="policy_referral", record=referral)
    record_event(origin=origin, action="referral.policy_saved", obj=referral, case=case, decision=decision)
    return referral


# --- the employee's consent to share a referral summary ----------------------------


def _recipient(recipient: str) -> str:
    if recipient not in Recipient.values:
        raise ValidationError({"recipient": "Choose who may receive the summary."})
    return recipient


def _standing_choice(case: Case, employee: StaffMember, recipient: str) -> SharingConsent | None:
    # Read under the case's lock (chain.append takes it too), so two answers at once line up.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    rows = SharingConsent.objects.filter(case=case, employee=employee, recipient=recipient)
    return consent.latest(rows, recipient, employee.pk)


def _save_choice(*, origin: Origin, case: Case, employee: StaffMember, recipient: str, decision: str):
    row = SharingConsent.objects.create(
        case=case,
        employee=employee,
        recipient=recipient,
        decision=decision,
        by=origin.user,
        at=timezone.now(),
    )
    chain.append(origin=origin, case=case, kind="sharing_consent", record=row)
    record_event(
        origin=origin,
        action="referral.consent_recorded",
        obj=row,
        case=case,
        recipient=recipient,
        decision=decision,
    )
    return row


@transaction.atomic
def record_consent(
    *, origin: Origin, case: Case, employee: StaffMember, recipient: str, consents: bool
) -> SharingConsent:
    """The employee says whether a referral summary of their case may go to the
    recipient. Saying no after yes withdraws it (consent.decision_for). The caller
    has checked that `employee` is the signed-in employee of this case."""
    recipient = _recipient(recipient)
    if not isinstance(consents, bool):
        raise ValidationError({"consents": "Choose yes or no."})
    previous = _standing_choice(case, employee, recipient)
    decision = consent.decision_for(previous, consents)
    return _save_choice(origin=origin, case=case, employee=employee, recipient=recipient, decision=decision)


@transaction.atomic
def withdraw_consent(*, origin: Origin, case: Case, employee: StaffMember, recipient: str) -> SharingConsent:
    """Withdraw consent that stands, as a new row; the earlier yes is kept."""
    recipient = _recipient(recipient)
    previous = _standing_choice(case, employee, recipient)
    if not consent.may_withdraw(previous):
        label = Recipient(recipient).label.lower()
        raise ValidationError({"recipient": consent.WITHDRAW_NOTHING.format(recipient=label)})
    return _save_choice(
        origin=origin, case=case, employee=employee, recipient=recipient, decision=consent.WITHDRAWN
    )
