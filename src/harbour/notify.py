"""E-mail from Harbour. A message may reach a shared inbox, a phone's lock
screen or a mail provider, so it never carries case content: no names, no
narrative, no reference — a plain sentence and a link that needs a sign-in."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

log = logging.getLogger("harbour.notify")


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


def notify_after_commit(*, staff, subject: str, sentence: str, path: str, sent=None) -> None:
    """Send a notice to a member of staff once the current transaction commits,
    so a change that is rolled back tells no one. `sent(ok)` is called after."""
    to = address_of(staff)
    if not to:
        return

    def send():
        ok = send_notice(to=to, subject=subject, sentence=sentence, path=path)
        if sent is not None:
            sent(ok)

    transaction.on_commit(send)


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
