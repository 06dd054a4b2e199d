"""A real OpenID provider on 127.0.0.1 for the sign-in tests: oidc-provider-mock
(authlib's authorization server behind Flask), started on a free port in a
thread. It issues real codes and RS256-signed ID tokens with whatever claims a
test gives a user, and publishes its discovery document and keys, so Harbour's
whole flow runs against it: discovery, the redirect, the code exchange, the
signature, nonce and state checks."""

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import oidc_provider_mock
import requests
import werkzeug.serving
from oidc_provider_mock import _app

from harbour.oidc.providers import ENTRA, GOOGLE, LABELS, Provider

CLIENT_ID = "harbour-tests"
CLIENT_SECRET = "local-provider-secret"
TENANT_ID = "7d0c6f2e-1b2a-4c3d-8e4f-5a6b7c8d9e0f"


@dataclass
class LocalProvider:
    issuer: str

    def provider(self, name: str = GOOGLE, **values) -> Provider:
        """Harbour's configuration of this provider, as HARBOUR_OIDC_<NAME>_* would give it."""
        kind = name if name in LABELS else "other"
        defaults = {
            "name": name,
            "kind": kind,
            "label": LABELS.get(kind, name.title()),
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "issuer": self.issuer,
            "tenant_id": TENANT_ID if kind == ENTRA else "",
        }
        return Provider(**{**defaults, **values})

    def set_user(self, sub: str, claims: dict) -> None:
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """Sign in at the provider as `sub` (its authorization form); returns where it
        sends the browser back to: Harbour's callback with a code and the state."""
        assert authorization_url.startswith(self.issuer + "/oauth2/authorize?"), authorization_url
        response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def deny(self, authorization_url: str) -> str:
        response = requests.post(
            authorization_url, data={"action": "deny"}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _name_the_signing_key():
    """Entra ID and Google name the key each ID token is signed with (its header's
    kid), and Harbour picks that key from their published set; the mock leaves it
    out, so its tokens are made to name it the same way."""
    original = _app.OpenIDCode.get_jwt_config
    if getattr(original, "names_key", False):
        return

    def get_jwt_config(self, grant, client=None):
        config = original(self, grant, client)
        return {**config, "kid": config["key"]["kid"]}

    get_jwt_config.names_key = True
    _app.OpenIDCode.get_jwt_config = get_jwt_config


def start(*, require_nonce: bool = True):
    """Start the provider; returns (LocalProvider, stop)."""
    _name_the_signing_key()
    app = oidc_provider_mock.app(require_nonce=require_nonce)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join(5)
        server.server_close()

    return LocalProvider(issuer=f"http://127.0.0.1:{server.server_port}"), stop
