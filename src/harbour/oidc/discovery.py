"""A provider's endpoints and keys' address, from its published discovery document.

Read when first needed and kept for an hour in the shared cache, so a provider
that moves an endpoint is followed without a restart, and a start never waits on
the network.
"""

from dataclasses import asdict, dataclass

import requests
from django.core.cache import cache

from harbour.oidc.providers import Provider

TIMEOUT = 10  # seconds
KEPT_FOR = 60 * 60


class DiscoveryError(Exception):
    pass


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str
    userinfo: str = ""


def endpoints(provider: Provider) -> Endpoints:
    key = f"oidc-discovery:{provider.discovery_url}"
    kept = cache.get(key)
    if kept:
        return Endpoints(**kept)
    found = _fetch(provider)
    cache.set(key, asdict(found), KEPT_FOR)
    return found


def _fetch(provider: Provider) -> Endpoints:
    try:
        response = requests.get(provider.discovery_url, timeout=TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(
            f"{provider.name}: discovery document unavailable ({type(error).__name__})"
        ) from None
    if not isinstance(document, dict):
        raise DiscoveryError(f"{provider.name}: discovery document is not an object")
    # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was read from.
    if document.get("issuer", "").rstrip("/") != provider.issuer:
        raise DiscoveryError(f"{provider.name}: discovery document names another issuer")
    try:
        return Endpoints(
            authorization=_https(document["authorization_endpoint"]),
            token=_https(document["token_endpoint"]),
            jwks=_https(document["jwks_uri"]),
            userinfo=_https(document.get("userinfo_endpoint") or ""),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DiscoveryError(f"{provider.name}: discovery document incomplete ({error})") from None


def _https(url: str) -> str:
    if url and not isinstance(url, str):
        raise TypeError("endpoint is not a string")
    if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError("endpoint is not https")
    return url
