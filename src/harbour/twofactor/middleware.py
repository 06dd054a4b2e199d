"""Nobody who can reach case content sees a page before their second factor.

A signed-in user whose session has not passed the second factor is sent to
enter their code (if they have an authenticator) or to set one up (if their
role or a case needs it), and comes back to the page they asked for. A verified
session costs nothing here: it is one key in the session."""

from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

from harbour import access
from harbour.twofactor.session import HAS_DEVICE, is_verified

# Pages an unverified user may still open: the second-factor steps themselves
# and signing out. The API authenticates by token, never by the session.
OPEN_URL_NAMES = ("two-factor-code", "two-factor-set-up", "logout")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session or is_verified(request) or request.path.startswith("/api/"):
            return self.get_response(request)
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        if request.path in self._open_paths:
            request.second_factor_pending = True
            return self.get_response(request)
        if session.get(HAS_DEVICE):
            return self._send(request, "two-factor-code")
        if access.needs_second_factor(request.user):
            return self._send(request, "two-factor-set-up")
        return self.get_response(request)

    @staticmethod
    def _send(request, step: str):
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
