"""What a signed-in session remembers about its second factor and its age.

Verification is the presence of django-otp's device key in the session, so a
verified request costs no query: the device is loaded only when a page needs
it, and the session middleware re-checks once a minute that it still exists
(see middleware.py)."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

SIGNED_IN_AT = "harbour_signed_in_at"  # time.time() at sign-in: the absolute lifetime counts from here
LAST_SEEN = "harbour_last_seen"  # time.time() of the last request, to the minute: the idle time
HAS_DEVICE = "harbour_has_device"  # at sign-in the user had a confirmed authenticator: ask for its code


def is_verified(request) -> bool:
    return DEVICE_ID_SESSION_KEY in request.session


def mark_verified(request, device) -> None:
    """The second factor is passed: a new session key (so a key seen before this
    moment is worth nothing) holding the device that passed it."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[HAS_DEVICE] = True


def forget_verification(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
