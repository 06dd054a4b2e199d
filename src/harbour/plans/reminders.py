"""Reminders of reviews and actions that are due. `send_due` is what the
`harbour send-reminders` command runs (from cron, say every morning); it is
safe to run again and to run twice at once, because each reminder is claimed
by inserting a Reminder row under a unique constraint, and only the run whose
insert succeeded queues it. The e-mail itself is a task the worker sends
(`send_reminder`), carrying the reminder's id, the recipient's staff id and the
case's path — no case content, no address."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

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
    staff_id: int


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
                Due(
                    ReminderKind.REVIEW,
                    case.pk,
                    case.next_review_on,
                    case.pk,
                    case.owner.user,
                    address,
                    case.owner_id,
                )
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
                    ReminderKind.ACTION,
                    action.pk,
                    action.next_review_on,
                    action.case_id,
                    staff.user,
                    address,
                    staff.pk,
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


def _claim_and_queue(item: Due) -> Reminder | None:
    """The claim and its task row commit together (the queue is in the same
    database), so a reminder is never claimed without its e-mail queued, and a
    run that loses the claim queues nothing."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=item.kind, object_id=item.object_id, due_on=item.due_on, recipient=item.recipient
            )
            send_reminder.enqueue(
                reminder_id=reminder.pk, staff_id=item.staff_id, path=notify.case_path(item.case_id)
            )
    except IntegrityError:
        return None  # already claimed by this or another run
    return reminder


def send_due(today: datetime.date | None = None) -> int:
    """Claim every reminder not yet claimed and queue its e-mail; returns how
    many this run claimed."""
    claimed = 0
    for item in due_on(today or timezone.localdate()):
        if _claim_and_queue(item) is not None:
            claimed += 1
    return claimed


@task(priority=notify.NOTICE_PRIORITY)
def send_reminder(*, reminder_id: int, staff_id: int, path: str) -> bool:
    """Send one claimed reminder (run by the worker). A claimed reminder that
    could not be sent keeps its row, so no run sends it twice; the row shows it."""
    from harbour.schools.models import StaffMember

    reminder = Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).first()
    if reminder is None:
        return False  # already sent: a task run twice sends once
    to = _address(StaffMember.objects.select_related("user").filter(pk=staff_id).first())
    subject, sentence = SUBJECTS[reminder.kind]
    if to and notify.send_notice(to=to, subject=subject, sentence=sentence, path=path):
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        return True
    log.warning("reminder %s not sent", reminder.pk)
    return False
