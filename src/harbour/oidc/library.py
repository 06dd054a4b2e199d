"""mozilla-django-oidc reads one provider's settings from Django's settings; Harbour
has one per trust's provider. Its views and backend ask `get_settings(name)`,
which Harbour answers from the provider the request is for."""

from django.conf import settings
from django.urls import reverse
from mozilla_django_oidc.utils import import_from_settings

from harbour.oidc.discovery import Endpoints
from harbour.oidc.providers import Provider

# The same for every provider: choices, not configuration.
FIXED = {
    "OIDC_RP_SCOPES": "openid email",
    "OIDC_RP_SIGN_ALGO": "RS256",  # what Entra ID and Google sign ID tokens with
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_CREATE_USER": False,  # schools provision their staff
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_TIMEOUT": 10,
    "OIDC_VERIFY_SSL": True,
    # The library reverses this name before Harbour replaces the redirect URI
    # with the provider's own callback (views.py, backend.py).
    "OIDC_AUTHENTICATION_CALLBACK_URL": "login",
    "LOGIN_REDIRECT_URL_FAILURE": "login",
}


def setting_for(provider: Provider, endpoints: Endpoints | None, attr: str, *default):
    own = {"OIDC_RP_CLIENT_ID": provider.client_id, "OIDC_RP_CLIENT_SECRET": provider.client_secret}
    if endpoints is not None:
        own.update(
            OIDC_OP_AUTHORIZATION_ENDPOINT=endpoints.authorization,
            OIDC_OP_TOKEN_ENDPOINT=endpoints.token,
            OIDC_OP_USER_ENDPOINT=endpoints.userinfo,
            OIDC_OP_JWKS_ENDPOINT=endpoints.jwks,
        )
    if attr in own:
        return own[attr]
    if attr in FIXED:
        return FIXED[attr]
    return import_from_settings(attr, *default)


def callback_url(provider: Provider) -> str:
    """The redirect URI to register with the provider. From HARBOUR_BASE_URL, not the
    request's Host header, so it is always the address the trust registered."""
    return settings.HARBOUR_BASE_URL.rstrip("/") + reverse("oidc-callback", args=[provider.name])
