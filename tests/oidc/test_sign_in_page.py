"""The sign-in page offers the trust's providers beside the password, and a
provider that is not configured does not exist."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_without_providers_the_page_offers_passwords_only_and_their_urls_are_not_found(settings):
    settings.HARBOUR_OIDC_PROVIDERS = {}
    client = Client()
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with Microsoft" not in page and "Sign in with Google" not in page
    assert "/sign-in/oidc/" not in page
    assert 'name="password"' in page
    assert client.get("/sign-in/oidc/google/").status_code == 404
    assert client.get("/sign-in/oidc/google/callback/?code=a&state=b").status_code == 404


def test_with_providers_each_has_its_button_beside_the_password(local_oidc, settings):
    settings.HARBOUR_OIDC_PROVIDERS = {
        "entra": local_oidc.provider("entra"),
        "google": local_oidc.provider("google"),
    }
    client = Client()
    page = client.get("/sign-in/?next=/diary/").content.decode()
    assert 'href="/sign-in/oidc/entra/?next=/diary/"' in page and "Sign in with Microsoft" in page
    assert 'href="/sign-in/oidc/google/?next=/diary/"' in page and "Sign in with Google" in page
    assert 'name="password"' in page
    # Only the configured ones exist.
    assert client.get("/sign-in/oidc/keycloak/").status_code == 404


def test_the_button_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(local_oidc, settings):
    settings.HARBOUR_BASE_URL = "https://harbour.trust.example"
    settings.HARBOUR_OIDC_PROVIDERS = {"entra": local_oidc.provider("entra")}
    response = Client().get("/sign-in/oidc/entra/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(local_oidc.issuer + "/oauth2/authorize?")
    for part in (
        "state=",
        "nonce=",
        "code_challenge=",
        "code_challenge_method=S256",
        "client_id=harbour-tests",
    ):
        assert part in location
    assert (
        "redirect_uri=https%3A%2F%2Fharbour.trust.example%2Fsign-in%2Foidc%2Fentra%2Fcallback%2F" in location
    )
