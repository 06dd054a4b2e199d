"""Providers are configured per trust from the environment; a half-configured one
stops the start with a message naming the variable, rather than a sign-in button
that fails in front of staff."""

import os
import subprocess
import sys

import pytest

from harbour.env import ConfigurationError
from harbour.oidc.providers import providers_from_env


@pytest.fixture
def env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("HARBOUR_OIDC_"):
            monkeypatch.delenv(name)
    return monkeypatch.setenv


def test_none_unless_set(env):
    assert providers_from_env() == {}


def test_entra_and_google_from_their_variables(env):
    env("HARBOUR_OIDC_PROVIDERS", "entra,google")
    env("HARBOUR_OIDC_ENTRA_CLIENT_ID", "entra-app")
    env("HARBOUR_OIDC_ENTRA_CLIENT_SECRET", "entra-secret")
    env("HARBOUR_OIDC_ENTRA_TENANT_ID", "5F1C2B3A-0000-4000-8000-00000000AB12")
    env("HARBOUR_OIDC_GOOGLE_CLIENT_ID", "google-app")
    env("HARBOUR_OIDC_GOOGLE_CLIENT_SECRET", "google-secret")
    env("HARBOUR_OIDC_GOOGLE_DOMAINS", "Riverside.example, hillside.example")
    providers = providers_from_env()
    assert list(providers) == ["entra", "google"]
    entra, google = providers["entra"], providers["google"]
    tenant = "5f1c2b3a-0000-4000-8000-00000000ab12"
    assert (entra.label, entra.client_id, entra.tenant_id) == ("Microsoft", "entra-app", tenant)
    assert entra.issuer == f"https://login.microsoftonline.com/{tenant}/v2.0"
    assert entra.discovery_url == f"{entra.issuer}/.well-known/openid-configuration"
    assert (google.label, google.issuer) == ("Google", "https://accounts.google.com")
    assert google.domains == ("riverside.example", "hillside.example")
    assert google.accepted_issuers == {"https://accounts.google.com", "accounts.google.com"}


def test_another_provider_needs_its_issuer_and_its_name_on_the_button(env):
    env("HARBOUR_OIDC_PROVIDERS", "trustidp")
    env("HARBOUR_OIDC_TRUSTIDP_CLIENT_ID", "harbour")
    env("HARBOUR_OIDC_TRUSTIDP_CLIENT_SECRET", "s")
    with pytest.raises(ConfigurationError, match="HARBOUR_OIDC_TRUSTIDP_ISSUER is not set"):
        providers_from_env()
    env("HARBOUR_OIDC_TRUSTIDP_ISSUER", "https://id.trust.example/realms/staff/")
    with pytest.raises(ConfigurationError, match="HARBOUR_OIDC_TRUSTIDP_LABEL is not set"):
        providers_from_env()
    env("HARBOUR_OIDC_TRUSTIDP_LABEL", "the trust's account")
    provider = providers_from_env()["trustidp"]
    assert provider.issuer == "https://id.trust.example/realms/staff"
    assert provider.label == "the trust's account"


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"HARBOUR_OIDC_PROVIDERS": "Entra!"}, "is not a provider name"),
        ({"HARBOUR_OIDC_PROVIDERS": "google"}, "HARBOUR_OIDC_GOOGLE_CLIENT_ID is not set"),
        (
            {"HARBOUR_OIDC_PROVIDERS": "entra", "HARBOUR_OIDC_ENTRA_CLIENT_ID": "a"},
            "HARBOUR_OIDC_ENTRA_TENANT_ID is not set",
        ),
        (
            {
                "HARBOUR_OIDC_PROVIDERS": "entra",
                "HARBOUR_OIDC_ENTRA_TENANT_ID": "common",
                "HARBOUR_OIDC_ENTRA_CLIENT_ID": "a",
                "HARBOUR_OIDC_ENTRA_CLIENT_SECRET": "b",
            },
            r"the trust's own Directory \(tenant\) ID",
        ),
        (
            {
                "HARBOUR_OIDC_PROVIDERS": "entra",
                "HARBOUR_OIDC_ENTRA_TENANT_ID": "trust.onmicrosoft.com",
                "HARBOUR_OIDC_ENTRA_CLIENT_ID": "a",
                "HARBOUR_OIDC_ENTRA_CLIENT_SECRET": "b",
            },
            "a GUID",
        ),
        (
            {
                "HARBOUR_OIDC_PROVIDERS": "google",
                "HARBOUR_OIDC_GOOGLE_ISSUER": "http://accounts.example",
                "HARBOUR_OIDC_GOOGLE_CLIENT_ID": "a",
                "HARBOUR_OIDC_GOOGLE_CLIENT_SECRET": "b",
            },
            "must be an https:// address",
        ),
    ],
)
def test_a_half_configured_provider_is_refused_by_name(env, variables, message):
    for name, value in variables.items():
        env(name, value)
    with pytest.raises(ConfigurationError, match=message):
        providers_from_env()


def test_the_start_stops_on_a_half_configured_provider():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")}
    clean.update(
        HARBOUR_DEBUG="true",
        HARBOUR_OIDC_PROVIDERS="google",
        HARBOUR_OIDC_GOOGLE_CLIENT_ID="harbour",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='harbour.settings'; django.setup()",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "HARBOUR_OIDC_GOOGLE_CLIENT_SECRET is not set" in result.stderr
