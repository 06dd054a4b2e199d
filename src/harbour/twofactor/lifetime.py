"""Sessions end on the server after an idle time and after an absolute lifetime
(HARBOUR_SESSION_IDLE_MINUTES, HARBOUR_SESSION_MAX_HOURS). Ending one deletes
its row, so a copied cookie is worth nothing afterwards.

The time of the last request is written at most once a minute: saving the
session on every request would be a database write per page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from harbour.twofactor.session import HAS_DEVICE, LAST_SEEN, SIGNED_IN_AT


def expired(session, now: float) -> str:
    """ "idle", "lifetime" or "" for a signed-in session at `now`."""
    started = session.get(SIGNED_IN_AT)
    last = session.get(LAST_SEEN, started)
    if started is None:
        return ""
    if now - started >= settings.HARBOUR_SESSION_MAX_SECONDS:
        return "lifetime"
    if now - last >= settings.HARBOUR_SESSION_IDLE_SECONDS:
        return "idle"
    return ""


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        now = time.time()
        if SIGNED_IN_AT not in session:
            # Signed in before these limits existed: they count from now.
            session[SIGNED_IN_AT] = session[LAST_SEEN] = now
        reason = expired(session, now)
        if reason:
            logout(request)  # flushes: the session's row is deleted
            if request.path.startswith("/api/"):
                return self.get_response(request)
            messages.info(
                request,
                "You were signed out after a time without activity. Sign in again to carry on."
                if reason == "idle"
                else "You were signed out because you signed in a long time ago. Sign in again to carry on.",
            )
            return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
        if now - session.get(LAST_SEEN, 0) >= settings.HARBOUR_SESSION_TOUCH_SECONDS:
            session[LAST_SEEN] = now
            _recheck_device(session)
        return self.get_response(request)


def _recheck_device(session) -> None:
    """Once a minute, not on every request: a removed authenticator stops
    vouching for the sessions it verified."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if persistent_id is None:
        return
    device = Device.from_persistent_id(persistent_id)
    if device is None or not device.confirmed or str(device.user_id) != str(session.get(SESSION_KEY)):
        del session[DEVICE_ID_SESSION_KEY]
        session[HAS_DEVICE] = False
