"""The rules an ID token's claims must pass before Harbour believes whose it is
(after the library's signature, expiry and nonce checks)."""

import pytest

from harbour.oidc import claims
from harbour.oidc.providers import Provider

ENTRA = Provider(
    name="entra",
    kind="entra",
    label="Microsoft",
    client_id="harbour-app",
    client_secret="s",
    issuer="https://login.microsoftonline.com/tenant-1/v2.0",
    tenant_id="tenant-1",
)
GOOGLE = Provider(
    name="google",
    kind="google",
    label="Google",
    client_id="harbour-app",
    client_secret="s",
    issuer="https://accounts.google.com",
    domains=("riverside.example",),
)


def entra(**changes):
    base = {
        "iss": ENTRA.issuer,
        "aud": "harbour-app",
        "tid": "tenant-1",
        "email": "erin@riverside.example",
        "xms_edov": True,
    }
    return {**base, **changes}


def google(**changes):
    base = {
        "iss": "accounts.google.com",
        "aud": "harbour-app",
        "email": "erin@riverside.example",
        "email_verified": True,
        "hd": "riverside.example",
    }
    return {**base, **changes}


def test_a_good_token_gives_its_email():
    assert claims.check(ENTRA, entra()) == claims.Verdict(email="erin@riverside.example")
    assert claims.check(GOOGLE, google()) == claims.Verdict(email="erin@riverside.example")


@pytest.mark.parametrize(
    "provider, token, refusal",
    [
        (ENTRA, entra(iss="https://login.microsoftonline.com/tenant-2/v2.0"), claims.WRONG_TOKEN),
        (ENTRA, entra(aud="another-app"), claims.WRONG_TOKEN),
        (ENTRA, entra(aud=["harbour-app", "another-app"]), claims.WRONG_TOKEN),  # no azp naming Harbour
        (ENTRA, entra(tid="tenant-2"), claims.OTHER_TENANT),
        (ENTRA, entra(email=None), claims.NO_EMAIL),
        (ENTRA, entra(email="not-an-address"), claims.NO_EMAIL),
        (ENTRA, entra(xms_edov=False), claims.UNVERIFIED),
        (ENTRA, {k: v for k, v in entra().items() if k != "xms_edov"}, claims.UNVERIFIED),
        (GOOGLE, google(email_verified=False), claims.UNVERIFIED),
        (GOOGLE, google(email_verified="false"), claims.UNVERIFIED),
        (GOOGLE, google(email="erin@gmail.example"), claims.OTHER_TENANT),
        (GOOGLE, {k: v for k, v in google().items() if k != "hd"}, claims.OTHER_TENANT),
        (GOOGLE, google(hd="elsewhere.example"), claims.OTHER_TENANT),
    ],
)
def test_what_is_refused(provider, token, refusal):
    assert claims.check(provider, token) == claims.Verdict(refusal=refusal)


def test_several_audiences_need_harbour_as_the_authorised_party():
    token = entra(aud=["harbour-app", "another-app"], azp="harbour-app")
    assert claims.check(ENTRA, token).email == "erin@riverside.example"
