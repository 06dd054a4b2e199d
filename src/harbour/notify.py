"""E-mail from Harbour. A message may reach a shared inbox, a phone's lock
screen or a mail provider, so it never carries case content: no names, no
narrative, no reference — a plain sentence and a link that needs a sign-in."""

import logging

from django.conf import settings
from django.core.mail import send_mail

log = logging.getLogger("harbour.notify")


def link(path: str) -> str:
    return settings.HARBOUR_BASE_URL.rstrip("/") + path


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
