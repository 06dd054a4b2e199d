"""The authentication backend for a provider's callback: mozilla-django-oidc's
code exchange and token checks, for the provider the callback is for, ending in
a staff member's own sign-in or in nobody (with the reason in the Attempt)."""

import logging

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from harbour.oidc import claims as claim_rules
from harbour.oidc import discovery, lockout, matching
from harbour.oidc.attempt import LOCKED, PROVIDER, STATE, Attempt
from harbour.oidc.library import callback_url, setting_for

logger = logging.getLogger(__name__)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads one provider's settings here; which provider is only
        # known once a callback arrives (authenticate), and password sign-ins
        # pass through this backend too.
        self.attempt: Attempt | None = None
        self.UserModel = get_user_model()

    # Sessions are restored through the backend that signed them in: Django's own
    # check that the user is still active, not the library's (which has none).
    get_user = ModelBackend.get_user

    def get_settings(self, attr, *args):
        return setting_for(self.attempt.provider, self.endpoints, attr, *args)

    def authenticate(self, request, **kwargs):
        attempt = getattr(request, lockout.ATTEMPT, None)
        if attempt is None or "nonce" not in kwargs:
            return None  # a password sign-in, or a call that is not a provider's callback
        self.attempt = attempt
        try:
            self.endpoints = discovery.endpoints(attempt.provider)
            for name in ("OP_TOKEN_ENDPOINT", "OP_USER_ENDPOINT", "OP_JWKS_ENDPOINT", "RP_CLIENT_ID"):
                setattr(self, f"OIDC_{name}", self.get_settings(f"OIDC_{name}"))
            self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET")
            self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO")
            self.OIDC_RP_IDP_SIGN_KEY = None
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as error:
            # A bad signature or a nonce that is not this sign-in's: a replayed or forged token.
            logger.warning("oidc token refused provider=%s: %s", attempt.provider.name, error)
            attempt.refuse(STATE)
        except (
            discovery.DiscoveryError,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
        ) as error:
            logger.warning(
                "oidc provider failed provider=%s: %s", attempt.provider.name, type(error).__name__
            )
            attempt.refuse(PROVIDER)
        return None

    def get_token(self, payload):
        # The library sends the redirect URI it reversed itself; the provider
        # compares it with the one this sign-in started with: the provider's own.
        payload["redirect_uri"] = callback_url(self.attempt.provider)
        return super().get_token(payload)

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token is signed and checked; userinfo only fills in what it left
        # out, and only if it speaks of the same subject.
        if not self.OIDC_OP_USER_ENDPOINT or "email" in payload:
            return dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject")
        return {**info, **payload}

    def get_or_create_user(self, access_token, id_token, payload):
        attempt = self.attempt
        try:
            verdict = claim_rules.check(attempt.provider, self.get_userinfo(access_token, id_token, payload))
        except SuspiciousOperation:
            verdict = claim_rules.Verdict(refusal=claim_rules.WRONG_TOKEN)
        if verdict.refusal:
            attempt.refuse(verdict.refusal, who=lockout.identity(email=payload.get("email") or ""))
            return None
        found = matching.staff_user_for_email(verdict.email)
        who = lockout.identity(user=found.user, email=verdict.email)
        if lockout.is_locked(self.request, who):
            attempt.refuse(LOCKED, user=found.user, who="")  # already locked: not counted again
            return None
        if found.refusal:
            attempt.refuse(found.refusal, user=found.user, who=who)
            return None
        return found.user
