"""E-mail from Harbour. A message may reach a shared inbox, a phone's lock
screen or a mail provider, so it never carries case content: no names, no
narrative, no reference — a plain sentence and a link that needs a sign-in.

Notices are sent by the task queue's worker, never by the request that caused
them. A task row is kept in the database, so it holds only what is already
free of case content: the member of staff's id (their address is looked up
when the notice is sent), the fixed subject and sentence, and the case's path."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

log = logging.getLogger("harbour.notify")

# A notice is a few milliseconds' work: it goes ahead of waiting pack builds.
NOTICE_PRIORITY = 10


def link(path: str) -> str:
    return settings.HARBOUR_BASE_URL.rstrip("/") + path


def case_path(case_id: int) -> str:
    return reverse("case-detail", kwargs={"case_id": case_id})


def address_of(staff) -> str:
    """Where a member of staff is e-mailed: their sign-in's address, else the
    directory's; nowhere once they have left."""
    if staff is None or not staff.is_active:
        return ""
    return (staff.user.email if staff.user else "") or staff.email


def notify_after_commit(
    *, staff, subject: str, sentence: str, path: str, on_sent: Task | None = None, on_sent_id: int = 0
) -> None:
    """Queue a notice to a member of staff once the current transaction commits,
    so a change that is rolled back tells no one. `on_sent` (a task, run in the
    worker) is called with `on_sent_id` once the mail server has taken it."""
    if not address_of(staff):
        return
    arguments = {"staff_id": staff.pk, "subject": subject, "sentence": sentence, "path": path}
    if on_sent is not None:
        arguments |= {"on_sent": on_sent.module_path, "on_sent_id": on_sent_id}
    transaction.on_commit(lambda: send_queued_notice.enqueue(**arguments))


@task(priority=NOTICE_PRIORITY)
def send_queued_notice(
    *, staff_id: int, subject: str, sentence: str, path: str, on_sent: str = "", on_sent_id: int = 0
) -> bool:
    from harbour.schools.models import StaffMember  # schools' models import this module's callers

    to = address_of(StaffMember.objects.select_related("user").filter(pk=staff_id).first())
    if not to:
        return False  # they left, or lost their address, after the notice was queued
    ok = send_notice(to=to, subject=subject, sentence=sentence, path=path)
    if ok and on_sent:
        follow_up = import_string(on_sent)
        if not isinstance(follow_up, Task):  # a row names a declared task, never any callable
            raise TypeError(f"{on_sent} is not a task")
        follow_up.call(on_sent_id)
    return ok


def send_notice(*, to: str, subject: str, sentence: str, path: str) -> bool:
    """Send one notice; True if the mail server took it. Failures are logged by
    recipient id only by the caller, never with content."""
    body = f"{sentence}\n\nSign in to Harbour to see it:\n{link(path)}\n\nThis message was sent by Harbour.\n"
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except OSError:
        log.warning("notice not sent", extra={"subject": subject})
        return False
    return True
