"""Writes for restrictions and the front desk. Each is one transaction with its
audit event; authorisation is the caller's, through harbour.access."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour import notify
from harbour.audit.services import Origin, record_event
from harbour.cases import services as case_services
from harbour.cases.models import Case, CasePerson, CaseStatus, CircleRole, PersonOfConcern
from harbour.evidence import chain
from harbour.frontdesk.models import (
    ContactAttempt,
    ContactRestriction,
    How,
    LetterKind,
    LetterTemplate,
    RestrictionKind,
    RestrictionStep,
    Stage,
)
from harbour.orders import services as orders_services
from harbour.orders.models import ProtectiveOrder
from harbour.risk import state as risk_state

# Where and how an attempt happened, as an incident records it.
HOW_AS_INCIDENT = {
    How.IN_PERSON: ("on_site", "in_person"),
    How.PHONE: ("phone", "phone_call"),
    How.EMAIL: ("online", "email"),
}
LETTER_LIMIT = 10000


def _step(restriction, origin, step, note=""):
    # Every change to a restriction is a step: the restriction as it now stands
    # (a new version of it) and the step itself join the case's chain.
    row = RestrictionStep.objects.create(restriction=restriction, step=step, by=origin.user, note=note)
    chain.append(origin=origin, case=restriction.case, kind="restriction", record=restriction)
    chain.append(origin=origin, case=restriction.case, kind="restriction_step", record=row)
    record_event(origin=origin, action=f"restriction.{step}", obj=restriction, case=restriction.case)


@transaction.atomic
def warn(*, origin: Origin, case: Case, person: PersonOfConcern, values: dict) -> ContactRestriction:
    """The first step: a warning that a restriction is being considered, with a
    deadline for the person's representations."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"__all__": "This case is closed. Reopen it first."})
    errors = {}
    if not CasePerson.objects.filter(case=case, person=person).exists():
        errors["person"] = "Choose a person linked to this case."
    if values.get("kind") not in RestrictionKind.values:
        errors["kind"] = "Choose the restriction being considered."
    if not (values.get("reason") or "").strip():
        errors["reason"] = "Say what the person did that the policy does not accept."
    warned_on, by = values.get("warned_on"), values.get("representations_by")
    if not warned_on:
        errors["warned_on"] = "Enter the date of the warning."
    elif warned_on > timezone.localdate():
        errors["warned_on"] = "The warning date must be today or in the past."
    if not by:
        errors["representations_by"] = "Give the person a date to make representations by."
    elif warned_on and by <= warned_on:
        errors["representations_by"] = "Give the person time: the deadline must be after the warning."
    if (
        values.get("kind") in (RestrictionKind.NAMED_COLLEAGUE, RestrictionKind.PLACES_TIMES)
        and not (values.get("details") or "").strip()
    ):
        errors["details"] = "Name the colleague, or the places and times."
    if errors:
        raise ValidationError(errors)
    restriction = ContactRestriction.objects.create(
        case=case,
        person=person,
        kind=values["kind"],
        details=(values.get("details") or "").strip(),
        reason=values["reason"].strip(),
        warned_on=warned_on,
        representations_by=by,
        created_by=origin.user,
    )
    _step(restriction, origin, "warned")
    risk_state.refresh(case)  # contact after this date is an escalation signal
    return restriction


@transaction.atomic
def record_representations(
    *, origin: Origin, restriction: ContactRestriction, text: str, received_on: datetime.date
) -> ContactRestriction:
    restriction = ContactRestriction.objects.select_for_update().select_related("case").get(pk=restriction.pk)
    errors = {}
    if restriction.stage != Stage.WARNING:
        errors["__all__"] = "Representations are recorded before the decision."
    if not (text or "").strip():
        errors["representations"] = "Write what the person said, or that they said nothing."
    if not received_on:
        errors["representations_on"] = "Enter the date they were received."
    elif received_on > timezone.localdate() or received_on < restriction.warned_on:
        errors["representations_on"] = "The date must be between the warning and today."
    if errors:
        raise ValidationError(errors)
    restriction.representations = text.strip()
    restriction.representations_on = received_on
    restriction.save(update_fields=["representations", "representations_on"])
    _step(restriction, origin, "representations")
    return restriction


@transaction.atomic
def decide(
    *, origin: Origin, restriction: ContactRestriction, confirm: bool, reason: str, review_on=None
) -> ContactRestriction:
    """The headteacher's decision, once the person has had their chance to answer."""
    restriction = ContactRestriction.objects.select_for_update().select_related("case").get(pk=restriction.pk)
    today = timezone.localdate()
    errors = {}
    if restriction.stage != Stage.WARNING:
        errors["__all__"] = "This restriction has already been decided."
    elif restriction.representations_on is None and today <= restriction.representations_by:
        errors["__all__"] = (
            f"The person has until {restriction.representations_by:%-d %B %Y} to make representations. "
            "Record them, or wait until the deadline has passed."
        )
    if not (reason or "").strip():
        errors["decision_reason"] = "Say why you have decided this."
    if confirm and not review_on:
        errors["review_on"] = "Set a date to review the restriction."
    elif confirm and review_on <= today:
        errors["review_on"] = "The review date must be in the future."
    if errors:
        raise ValidationError(errors)
    restriction.stage = Stage.CONFIRMED if confirm else Stage.NOT_CONFIRMED
    restriction.decided_on = today
    restriction.decision_reason = reason.strip()
    restriction.review_on = review_on if confirm else None
    restriction.save(update_fields=["stage", "decided_on", "decision_reason", "review_on"])
    _step(restriction, origin, "confirmed" if confirm else "not_confirmed", note=restriction.decision_reason)
    return restriction


@transaction.atomic
def end(*, origin: Origin, restriction: ContactRestriction, reason: str) -> ContactRestriction:
    restriction = ContactRestriction.objects.select_for_update().select_related("case").get(pk=restriction.pk)
    if restriction.stage != Stage.CONFIRMED:
        raise ValidationError({"__all__": "Only a confirmed restriction can be ended."})
    if not (reason or "").strip():
        raise ValidationError({"end_reason": "Say why the restriction is ending."})
    restriction.stage = Stage.ENDED
    restriction.save(update_fields=["stage"])
    _step(restriction, origin, "ended", note=reason.strip())
    return restriction


@transaction.atomic
def save_letter_template(*, origin: Origin, school, kind: str, body: str) -> LetterTemplate:
    body = (body or "").strip()
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "Choose a letter."})
    if not body:
        raise ValidationError({"body": "Write the letter."})
    if len(body) > LETTER_LIMIT:
        raise ValidationError({"body": f"Keep the letter to {LETTER_LIMIT} characters or fewer."})
    template, _ = LetterTemplate.objects.update_or_create(
        school=school,
        kind=kind,
        defaults={"body": body, "updated_by": origin.user, "updated_at": timezone.now()},
    )
    record_event(origin=origin, action="letters.template_saved", obj=template, school=school, kind=kind)
    return template


@transaction.atomic
def log_attempt(*, origin: Origin, person: PersonOfConcern, how: str) -> ContactAttempt:
    """Reception logs that the person called or came. After a confirmed
    restriction the attempt becomes an incident on each case it protects,
    flagged, and the case owner is told at once (by a link)."""
    if how not in How.values:
        raise ValidationError({"how": "Choose how they made contact."})
    attempt = ContactAttempt.objects.create(person=person, how=how, logged_by=origin.user)
    record_event(origin=origin, action="frontdesk.attempt_logged", obj=attempt, school=person.school)
    # Under a court order or police warning in force now: a possible breach, for the case owner.
    orders_services.flag_possible_breaches(origin=origin, attempt=attempt)
    now = timezone.localtime()
    location, channel = HOW_AS_INCIDENT[how]
    restrictions = (
        ContactRestriction.objects.filter(person=person, stage=Stage.CONFIRMED)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__owner__user")
    )
    for restriction in restrictions:
        case = restriction.case
        employee = case.members.filter(role=CircleRole.EMPLOYEE).order_by("pk").first()
        incident = case_services.record_contact_after_restriction(
            origin=origin,
            case=case,
            values={
                "employee": employee.staff_id,
                "person": person.pk,
                "occurred_on": now.date().isoformat(),
                "occurred_time": now.time().isoformat(timespec="minutes"),
                "location": location,
                "channel": channel,
                "behaviours": ["seeking_out"],
                "account": f"The front desk logged a contact attempt ({How(how).label.lower()}) after the "
                f"restriction confirmed on {restriction.decided_on:%-d %B %Y} "
                f"({restriction.get_kind_display().lower()}).",
            },
        )
        attempt.incidents.add(incident)
        notify.notify_after_commit(
            staff=case.owner,
            subject="Harbour: contact after a restriction",
            sentence="The front desk has logged contact from someone under a restriction. Please look today.",
            path=notify.case_path(case.pk),
        )
    # Contact after a warning raises the case's risk proposal even before the
    # restriction is confirmed: every case with a restriction, a court order or a
    # police warning on this person. Their cases' ids are read from each table by its
    # index on the person: as one OR across both joins, no index served it and the
    # database joined every case to every restriction and order of the trust.
    warned = {
        *ContactRestriction.objects.filter(person=person).values_list("case_id", flat=True),
        *ProtectiveOrder.objects.filter(person=person).values_list("case_id", flat=True),
    }
    for case in Case.objects.filter(pk__in=sorted(warned)).select_related("school"):
        risk_state.refresh(case)
    return attempt
