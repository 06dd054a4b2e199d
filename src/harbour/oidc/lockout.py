"""Failed sign-ins through a provider count towards django-axes' lock-out, per
person and address, like failed passwords.

Axes keys attempts on the username the credentials carry. A provider's callback
carries none until the ID token is read, and counting those attempts under "no
username" would let one misconfigured provider, or a dozen unprovisioned staff
behind a school's one address, pause sign-in for the whole school. So a callback
is left to Harbour (`whitelisted_until_identified`) until it knows whose it is;
then the failure is counted under that person: their username if the e-mail is
a Harbour sign-in (the same count as their password), otherwise a hash of the
address (so the attempts table holds no e-mail addresses).
"""

import hashlib

from axes.handlers.proxy import AxesProxyHandler

ATTEMPT = "harbour_oidc"  # the request attribute the callback view sets (views.py)


def whitelisted_until_identified(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: a provider callback counts only once Harbour names whose it is."""
    return getattr(request, ATTEMPT, None) is not None and not (credentials or {}).get("username")


def identity(*, user=None, email: str = "") -> str:
    if user is not None:
        return user.get_username()
    if email:
        return "oidc:" + hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
    return ""


def is_locked(request, who: str) -> bool:
    return bool(who) and AxesProxyHandler.is_locked(request, {"username": who})


def count_failure(request, who: str) -> None:
    if who:
        AxesProxyHandler.user_login_failed(sender=__name__, credentials={"username": who}, request=request)
