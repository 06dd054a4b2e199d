from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from harbour.twofactor import devices
from harbour.twofactor.lifetime import time
from harbour.twofactor.session import HAS_DEVICE, LAST_SEEN, SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="harbour-session-stamps")
def stamp_session(sender, request, user, **kwargs):
    """At sign-in (after Django has given the session a new key): when it
    started, and whether a code must be asked for before any page."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session[HAS_DEVICE] = devices.has_second_factor(user)
