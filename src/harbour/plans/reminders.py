"""Reminders of reviews and actions that are due. `send_due` is what the
`harbour send-reminders` command runs (from cron, say every morning); it is
safe to run again and to run twice at once, because each reminder is claimed
by inserting a Reminder row under a unique constraint before it is sent, and
only the run whose insert succeeded sends it."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from harbour import notify
from harbour.cases.models import Case, CaseStatus
from harbour.plans.models import ActionStatus, PlanAction, Reminder, ReminderKind

log = logging.getLogger("harbour.reminders")

LIVE_ACTION = [ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PLACE]


@dataclass(frozen=True)
class Due:
    kind: str
    object_id: int
    due_on: datetime.date
    case_id: int
    recipient: object  # a User with an e-mail address
    email: str


def _address(staff) -> str:
    """Reminders are for people who can sign in to act on them."""
    if staff is None or staff.user is None or not staff.user.is_active:
        return ""
    return notify.address_of(staff)


def due_on(today: datetime.date) -> list[Due]:
    """Reviews and actions due today or earlier, with who is reminded: the case
    owner for a review, the action's owner (or the case owner) for an action."""
    due = []
    cases = (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(next_review_on__lte=today)
        .select_related("owner__user")
    )
    for case in cases:
        if address := _address(case.owner):
            due.append(
                Due(ReminderKind.REVIEW, case.pk, case.next_review_on, case.pk, case.owner.user, address)
            )
    actions = (
        PlanAction.objects.filter(status__in=LIVE_ACTION, next_review_on__lte=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("owner__user", "case__owner__user")
    )
    for action in actions:
        staff = action.owner if _address(action.owner) else action.case.owner
        if address := _address(staff):
            due.append(
                Due(
                    ReminderKind.ACTION, action.pk, action.next_review_on, action.case_id, staff.user, address
                )
            )
    return due


SUBJECTS = {
    ReminderKind.REVIEW: ("Harbour: a review is due", "A case review you look after in Harbour is due."),
    ReminderKind.ACTION: (
        "Harbour: an action is due for review",
        "An action plan item in Harbour is due for review.",
    ),
}


def _claim(item: Due) -> Reminder | None:
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                kind=item.kind, object_id=item.object_id, due_on=item.due_on, recipient=item.recipient
            )
    except IntegrityError:
        return None  # already claimed by this or another run


def send_due(today: datetime.date | None = None) -> int:
    """Send every reminder not yet sent; returns how many this run sent."""
    sent = 0
    for item in due_on(today or timezone.localdate()):
        reminder = _claim(item)
        if reminder is None:
            continue
        subject, sentence = SUBJECTS[item.kind]
        path = notify.case_path(item.case_id)
        if notify.send_notice(to=item.email, subject=subject, sentence=sentence, path=path):
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
            sent += 1
        else:
            # Claimed but not sent: kept so no run sends it twice; the row shows it.
            log.warning("reminder %s not sent", reminder.pk)
    return sent
