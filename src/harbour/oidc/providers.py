"""The identity providers a trust signs in with, read from the environment.

HARBOUR_OIDC_PROVIDERS=entra,google turns them on, each configured by its own
HARBOUR_OIDC_<NAME>_* variables (README: "Signing in with Microsoft or Google").
Unset, the sign-in page offers passwords only and the provider URLs are 404.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

from harbour.env import ConfigurationError, env_list, env_str

ENTRA, GOOGLE, OTHER = "entra", "google", "other"
# The button says "Sign in with <label>".
LABELS = {ENTRA: "Microsoft", GOOGLE: "Google"}
GOOGLE_ISSUER = "https://accounts.google.com"
_NAME = re.compile(r"^[a-z][a-z0-9]{0,19}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Provider:
    name: str  # in the URL and the variables' names: /sign-in/oidc/<name>/
    kind: str  # entra, google or another OpenID provider
    label: str
    client_id: str
    client_secret: str
    issuer: str
    # Entra ID: the trust's own tenant; tokens from any other tenant are refused.
    tenant_id: str = ""
    # When set, only e-mail addresses at these domains (and, from Google, accounts
    # of these Workspace domains) are accepted from this provider.
    domains: tuple[str, ...] = ()

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def accepted_issuers(self) -> set[str]:
        # Google signs some ID tokens with its issuer written without the scheme.
        if self.issuer == GOOGLE_ISSUER:
            return {GOOGLE_ISSUER, "accounts.google.com"}
        return {self.issuer}

    @property
    def authorization_params(self) -> dict[str, str]:
        # Shared staffroom computers keep several accounts signed in: let people choose.
        params = {"prompt": "select_account"}
        if self.kind == GOOGLE and len(self.domains) == 1:
            params["hd"] = self.domains[0]  # a hint on Google's page; the claim is checked on return
        return params


def configured() -> dict[str, Provider]:
    return settings.HARBOUR_OIDC_PROVIDERS


def get(name: str) -> Provider:
    """The provider of that name, or 404: an unconfigured provider does not exist."""
    provider = configured().get(name)
    if provider is None:
        raise Http404("No such sign-in provider")
    return provider


def providers_from_env() -> dict[str, Provider]:
    providers = {}
    for name in env_list("HARBOUR_OIDC_PROVIDERS", []):
        if not _NAME.match(name):
            raise ConfigurationError(
                f"HARBOUR_OIDC_PROVIDERS: {name!r} is not a provider name (lower-case letters and digits, "
                "for example entra,google)."
            )
        providers[name] = _provider_from_env(name)
    return providers


def _provider_from_env(name: str) -> Provider:
    prefix = f"HARBOUR_OIDC_{name.upper()}_"

    def required(key: str, why: str = "") -> str:
        value = env_str(prefix + key).strip()
        if not value:
            raise ConfigurationError(f"{prefix}{key} is not set; {name} is in HARBOUR_OIDC_PROVIDERS. {why}")
        return value

    kind = name if name in LABELS else OTHER
    tenant_id = env_str(prefix + "TENANT_ID").strip()
    issuer = env_str(prefix + "ISSUER").strip()
    if kind == ENTRA:
        tenant_id = required("TENANT_ID", "Entra ID signs in the trust's own tenant only (its Directory ID).")
        # The Directory (tenant) ID, a GUID: tokens name their tenant by it (tid),
        # never by a domain name, and "common" or "organizations" would be anyone's.
        if not _GUID.match(tenant_id):
            raise ConfigurationError(
                f"{prefix}TENANT_ID must be the trust's own Directory (tenant) ID, a GUID, not {tenant_id!r}."
            )
        tenant_id = tenant_id.lower()
        issuer = issuer or f"https://login.microsoftonline.com/{tenant_id}/v2.0"
    elif kind == GOOGLE:
        issuer = issuer or GOOGLE_ISSUER
    else:
        issuer = required(
            "ISSUER", "Give the provider's issuer URL (its discovery document is read from it)."
        )
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ConfigurationError(f"{prefix}ISSUER must be an https:// address, not {issuer!r}.")
    return Provider(
        name=name,
        kind=kind,
        label=env_str(prefix + "LABEL").strip()
        or LABELS.get(kind)
        or required("LABEL", "The button's name."),
        client_id=required("CLIENT_ID"),
        client_secret=required("CLIENT_SECRET"),
        issuer=issuer.rstrip("/"),
        tenant_id=tenant_id,
        domains=tuple(domain.lower() for domain in env_list(prefix + "DOMAINS", [])),
    )
