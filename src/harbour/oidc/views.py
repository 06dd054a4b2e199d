"""The two ends of a sign-in through a provider: the button's link, which sends the
browser to the provider, and the callback it comes back to. Both are the
library's views, told which provider they are for; a provider that is not
configured is 404 at both."""

import logging
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.shortcuts import redirect, resolve_url
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from harbour.audit.services import Origin, record_event
from harbour.oidc import discovery, lockout, providers
from harbour.oidc.attempt import CANCELLED, PROVIDER, STATE, Attempt
from harbour.oidc.library import callback_url, setting_for

logger = logging.getLogger(__name__)

# The sign-in page shows, once, why the last provider sign-in was refused.
REFUSAL_KEY = "harbour_oidc_refusal"


class ProviderSignIn(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        # The library reads its one provider's settings here; ours come with the URL (get).
        View.__init__(self, **kwargs)

    def get_settings(self, attr, *args):
        return setting_for(self.provider, self.endpoints, attr, *args)

    def get(self, request, provider):
        self.provider = providers.get(provider)
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        try:
            self.endpoints = discovery.endpoints(self.provider)
        except discovery.DiscoveryError as error:
            logger.warning("oidc discovery failed: %s", error)
            return refused(request, Attempt(self.provider, refusal=PROVIDER))
        self.OIDC_OP_AUTH_ENDPOINT = self.endpoints.authorization
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        # Tie the state to this provider, so that an answer from one provider to a
        # sign-in started with another is refused (the OAuth "mix-up" attack).
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.name
        request.session.modified = True
        return response

    def get_extra_params(self, request):
        return {"redirect_uri": callback_url(self.provider), **self.provider.authorization_params}


class ProviderCallback(OIDCAuthenticationCallbackView):
    def get_settings(self, attr, *args):
        return setting_for(self.provider, None, attr, *args)

    def get(self, request, provider):
        self.provider = providers.get(provider)
        if request.user.is_authenticated:
            # Nobody signed in starts a provider sign-in (ProviderSignIn sends them
            # on), so this is a planted link; the library would sign them out.
            return redirect(settings.LOGIN_REDIRECT_URL)
        attempt = Attempt(self.provider)
        setattr(request, lockout.ATTEMPT, attempt)  # the backend and axes' whitelist read it
        state = request.GET.get("state", "")
        started = request.session.get("oidc_states", {})
        attempt.started = bool(started)
        if state in started and started[state].get("provider") != self.provider.name:
            del started[state]
            request.session.modified = True
            attempt.refuse(STATE)
            return self.login_failure()
        try:
            # The library checks the state against this browser's session, then
            # authenticate() runs the backend (backend.py).
            return super().get(request)
        except SuspiciousOperation:
            attempt.refuse(STATE)  # a state this session never started
            return self.login_failure()

    def login_success(self):
        with transaction.atomic():
            response = super().login_success()
            record_event(
                origin=Origin.from_request(self.request),
                action="sign_in.provider",
                obj=self.user,
                provider=self.provider.name,
            )
        logger.info("oidc sign-in provider=%s user=%s", self.provider.name, self.user.pk)
        return response

    def login_failure(self):
        attempt = getattr(self.request, lockout.ATTEMPT)
        if not attempt.refusal:
            query = self.request.GET
            if query.get("error"):
                attempt.refusal = CANCELLED
            elif "code" in query and "state" in query and "oidc_states" in self.request.session:
                attempt.refusal = PROVIDER
            else:
                attempt.refusal = STATE
        lockout.count_failure(self.request, attempt.who)
        return refused(self.request, attempt)


def refused(request, attempt: Attempt):
    user_id = attempt.user.pk if attempt.user is not None else None
    if attempt.started:
        with transaction.atomic():
            record_event(
                origin=Origin.from_request(request),
                action="sign_in.provider_refused",
                obj=attempt.user,
                provider=attempt.provider.name,
                reason=attempt.refusal,
            )
    # Ids and reasons only: never the e-mail address or the provider's claims.
    logger.warning(
        "oidc sign-in refused provider=%s reason=%s user=%s", attempt.provider.name, attempt.refusal, user_id
    )
    request.session[REFUSAL_KEY] = {"refusal": attempt.refusal, "provider": attempt.provider.name}
    return redirect(resolve_url("login"))
