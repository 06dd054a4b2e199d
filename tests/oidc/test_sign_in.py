"""Signing in through a school's provider, the whole authorization-code flow
against the real local provider: the button, the provider's sign-in, the
callback, the code exchange and the checks, ending in Django's own login()."""

import itertools

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from harbour.audit.models import AuditEvent
from harbour.schools.models import Role
from tests import factories
from tests.oidc.local_provider import path_and_query

pytestmark = pytest.mark.django_db

_subjects = itertools.count(1)


def staff(email, *roles, school=None, username=None, **values):
    school = school or factories.make_school()
    member = factories.make_staff(school, *roles, username=username)
    member.email = email
    for name, value in values.items():
        setattr(member, name, value)
    member.save()
    return member


def sign_in(client, provider, claims, *, name="google", start="", deliver=None):
    """Press "Sign in with …", sign in at the provider with these claims, come back.
    `deliver` may change the callback URL on its way back (an attacker's turn)."""
    sub = f"subject-{next(_subjects)}"
    provider.set_user(sub, claims)
    started = client.get(start or f"/sign-in/oidc/{name}/")
    assert started.status_code == 302
    back = path_and_query(provider.authorize(started["Location"], sub))
    return client.get(deliver(back) if deliver else back)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def refusal_shown(client) -> str:
    page = client.get("/sign-in/")
    assert page.status_code == 200
    return page.content.decode()


VERIFIED = {"email_verified": True}


def test_a_staff_member_with_a_verified_email_signs_in(google):
    member = staff("erin.employee@riverside.example")
    client = Client()
    response = sign_in(client, google, {"email": "Erin.Employee@riverside.example", **VERIFIED})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(member.user.pk)
    event = AuditEvent.objects.get(action="sign_in.provider")
    assert event.actor == member.user and event.object_id == str(member.user.pk)
    assert event.detail == {"provider": "google"}


def test_a_sign_in_switched_off_afterwards_ends_the_session(google):
    member = staff("erin.employee@riverside.example")
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert client.get("/diary/").status_code == 200
    member.user.is_active = False
    member.user.save()
    assert client.get("/diary/")["Location"].startswith("/sign-in/")


def test_the_page_asked_for_is_where_the_sign_in_ends(google):
    staff("erin.employee@riverside.example")
    client = Client()
    response = sign_in(
        client,
        google,
        {"email": "erin.employee@riverside.example", **VERIFIED},
        start="/sign-in/oidc/google/?next=/diary/",
    )
    assert response["Location"] == "/diary/"


def test_someone_elses_site_is_not_where_it_ends(google):
    staff("erin.employee@riverside.example")
    client = Client()
    response = sign_in(
        client,
        google,
        {"email": "erin.employee@riverside.example", **VERIFIED},
        start="/sign-in/oidc/google/?next=https://evil.example/",
    )
    assert response["Location"] == "/"


def test_after_the_provider_the_second_factor_is_asked_for_as_after_a_password(google):
    """Harbour's own second factor still stands between a case role and any page:
    the provider's sign-in is a first factor, exactly like the password."""
    manager = staff("morgan.manager@riverside.example", Role.LINE_MANAGER, username="morgan")
    by_provider = Client()
    sign_in(by_provider, google, {"email": "morgan.manager@riverside.example", **VERIFIED})
    by_password = Client()
    by_password.post("/sign-in/", {"username": "morgan", "password": factories.PASSWORD})
    assert signed_in_user_id(by_provider) == signed_in_user_id(by_password) == str(manager.user.pk)

    after_provider, after_password = by_provider.get("/"), by_password.get("/")
    assert after_provider.status_code == after_password.status_code == 302
    assert after_provider["Location"] == after_password["Location"]
    assert after_provider["Location"].startswith("/account/two-factor/set-up/")


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": False},
        {},  # Entra ID never says: absent is not yes
        {"email_verified": "false"},
    ],
    ids=["says-unverified", "says-nothing", "says-false-as-text"],
)
def test_an_email_the_provider_does_not_vouch_for_is_refused(google, claims):
    staff("erin.employee@riverside.example")
    client = Client()
    response = sign_in(client, google, {"email": "erin.employee@riverside.example", **claims})
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert SESSION_KEY not in client.session
    assert "did not confirm that the e-mail address of your account is verified" in refusal_shown(client)
    event = AuditEvent.objects.get(action="sign_in.provider_refused")
    assert event.actor is None and event.detail == {"provider": "google", "reason": "unverified_email"}


def test_an_email_no_staff_record_has_is_refused_and_no_account_is_made(google):
    from django.contrib.auth import get_user_model

    staff("erin.employee@riverside.example")
    users = get_user_model().objects.count()
    client = Client()
    sign_in(client, google, {"email": "stranger@riverside.example", **VERIFIED})
    assert SESSION_KEY not in client.session
    assert get_user_model().objects.count() == users
    assert "There is no Harbour account with the e-mail address" in refusal_shown(client)
    assert AuditEvent.objects.get(action="sign_in.provider_refused").detail["reason"] == "unknown_email"


def test_a_directory_entry_without_a_sign_in_is_not_given_one(google):
    school = factories.make_school()
    entry = factories.make_staff(school, with_user=False)
    entry.email = "new.starter@riverside.example"
    entry.save()
    client = Client()
    sign_in(client, google, {"email": "new.starter@riverside.example", **VERIFIED})
    assert SESSION_KEY not in client.session
    entry.refresh_from_db()
    assert entry.user is None


@pytest.mark.parametrize("switched_off", ["staff_record", "sign_in"])
def test_an_inactive_account_is_refused(google, switched_off):
    member = staff("erin.employee@riverside.example")
    if switched_off == "staff_record":
        member.is_active = False
        member.save()
    else:
        member.user.is_active = False
        member.user.save()
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert SESSION_KEY not in client.session
    assert "This account is not active." in refusal_shown(client)
    event = AuditEvent.objects.get(action="sign_in.provider_refused")
    assert event.object_id == str(member.user.pk) and event.detail["reason"] == "inactive"


def test_one_person_at_two_schools_with_one_address_signs_in(google):
    member = staff("erin.employee@riverside.example")
    second = factories.make_school()
    factories.make_staff(second, with_user=False)
    again = second.staff.get()
    again.user, again.email = member.user, "ERIN.EMPLOYEE@riverside.example"
    again.save()
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert signed_in_user_id(client) == str(member.user.pk)


def test_an_address_two_accounts_share_is_refused_rather_than_guessed(google):
    staff("shared.office@riverside.example")
    staff("shared.office@riverside.example")
    client = Client()
    sign_in(client, google, {"email": "shared.office@riverside.example", **VERIFIED})
    assert SESSION_KEY not in client.session
    assert "More than one Harbour account has the e-mail address" in refusal_shown(client)


def test_a_tampered_state_is_refused(google):
    staff("erin.employee@riverside.example")
    client = Client()
    response = sign_in(
        client,
        google,
        {"email": "erin.employee@riverside.example", **VERIFIED},
        deliver=lambda back: back.replace("state=", "state=x"),
    )
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert SESSION_KEY not in client.session
    assert "could not check that this sign-in with Google was the one started in this browser" in (
        refusal_shown(client)
    )
    assert AuditEvent.objects.get(action="sign_in.provider_refused").detail["reason"] == "state"


def test_an_answer_delivered_to_another_browser_is_refused(google):
    """Login CSRF: an attacker's own code and state, planted in a victim's browser."""
    staff("attacker@riverside.example")
    attacker, victim = Client(), Client()
    google.set_user("attacker", {"email": "attacker@riverside.example", **VERIFIED})
    started = attacker.get("/sign-in/oidc/google/")
    back = path_and_query(google.authorize(started["Location"], "attacker"))
    victim.get("/sign-in/")
    response = victim.get(back)
    assert response["Location"] == "/sign-in/" and SESSION_KEY not in victim.session
    # Logged, not audited: a request nobody's browser started cannot fill the audit trail.
    assert not AuditEvent.objects.filter(action="sign_in.provider_refused").exists()


def test_an_answer_used_twice_signs_in_once(google):
    staff("erin.employee@riverside.example")
    client = Client()
    used = []
    sign_in(
        client,
        google,
        {"email": "erin.employee@riverside.example", **VERIFIED},
        deliver=lambda back: used.append(back) or back,
    )
    assert SESSION_KEY in client.session
    client.post("/sign-out/")
    again = client.get(used[0])
    assert again["Location"] == "/sign-in/" and SESSION_KEY not in client.session


def test_an_answer_for_another_provider_is_refused(local_oidc, settings):
    """The OAuth mix-up attack: a sign-in started with one provider is answered at another's callback."""
    settings.HARBOUR_BASE_URL = "http://testserver"
    settings.HARBOUR_OIDC_PROVIDERS = {
        "google": local_oidc.provider("google"),
        "staffidp": local_oidc.provider("staffidp"),
    }
    staff("erin.employee@riverside.example")
    client = Client()
    sign_in(
        client,
        local_oidc,
        {"email": "erin.employee@riverside.example", **VERIFIED},
        deliver=lambda back: back.replace("/oidc/google/", "/oidc/staffidp/"),
    )
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.get(action="sign_in.provider_refused").detail == {
        "provider": "staffidp",
        "reason": "state",
    }


def test_a_planted_callback_link_does_not_sign_a_signed_in_person_out(google):
    member = staff("erin.employee@riverside.example")
    client = Client()
    client.force_login(member.user)
    assert client.get("/sign-in/oidc/google/")["Location"] == "/"
    response = client.get("/sign-in/oidc/google/callback/?error=access_denied&state=x")
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(member.user.pk)


def test_cancelling_at_the_provider_comes_back_to_the_sign_in_page(google):
    client = Client()
    started = client.get("/sign-in/oidc/google/")
    back = client.get(path_and_query(google.deny(started["Location"])))
    assert back["Location"] == "/sign-in/"
    assert "Signing in with Google was cancelled" in refusal_shown(client)
    # Shown once: the next visit is a plain sign-in page.
    assert "was cancelled" not in refusal_shown(client)


def test_a_provider_that_cannot_be_reached_is_a_message_not_an_error(local_oidc, settings):
    settings.HARBOUR_OIDC_PROVIDERS = {"google": local_oidc.provider("google", issuer="http://127.0.0.1:9")}
    client = Client()
    response = client.get("/sign-in/oidc/google/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert "Harbour could not finish signing you in with Google" in refusal_shown(client)


def test_the_logs_and_the_audit_carry_ids_not_email_addresses(google, caplog):
    staff("erin.employee@riverside.example")
    client = Client()
    with caplog.at_level("DEBUG"):
        sign_in(client, google, {"email": "stranger@riverside.example", **VERIFIED})
        sign_in(client, google, {"email": "erin.employee@riverside.example", "email_verified": False})
        sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert "oidc sign-in refused provider=google reason=unknown_email" in caplog.text
    for address in ("stranger", "erin.employee"):
        assert address not in caplog.text
        assert not [e for e in AuditEvent.objects.all() if address in str(e.detail)]


def test_entra_id_signs_in_its_own_tenant_with_a_verified_domain(local_oidc, settings):
    from tests.oidc.local_provider import TENANT_ID

    settings.HARBOUR_BASE_URL = "http://testserver"
    settings.HARBOUR_OIDC_PROVIDERS = {"entra": local_oidc.provider("entra")}
    member = staff("erin.employee@riverside.example")
    client = Client()
    sign_in(
        client,
        local_oidc,
        {"email": "erin.employee@riverside.example", "tid": "another-tenant", "xms_edov": True},
        name="entra",
    )
    assert SESSION_KEY not in client.session
    sign_in(client, local_oidc, {"email": "erin.employee@riverside.example", "tid": TENANT_ID}, name="entra")
    assert SESSION_KEY not in client.session  # no xms_edov: the address is whatever an administrator typed
    sign_in(
        client,
        local_oidc,
        {"email": "erin.employee@riverside.example", "tid": TENANT_ID, "xms_edov": True},
        name="entra",
    )
    assert signed_in_user_id(client) == str(member.user.pk)
    reasons = [e.detail["reason"] for e in AuditEvent.objects.filter(action="sign_in.provider_refused")]
    assert sorted(reasons) == ["other_tenant", "unverified_email"]


def test_google_workspace_domains_keep_out_personal_accounts(local_oidc, settings):
    settings.HARBOUR_BASE_URL = "http://testserver"
    settings.HARBOUR_OIDC_PROVIDERS = {
        "google": local_oidc.provider("google", domains=("riverside.example",))
    }
    member = staff("erin.employee@riverside.example")
    client = Client()
    started = client.get("/sign-in/oidc/google/")
    assert "hd=riverside.example" in started["Location"]
    sign_in(client, local_oidc, {"email": "erin.employee@riverside.example", **VERIFIED})  # no hd: personal
    assert SESSION_KEY not in client.session
    assert "not a personal one or another organisation" in refusal_shown(client)
    sign_in(
        client,
        local_oidc,
        {"email": "erin.employee@riverside.example", "hd": "riverside.example", **VERIFIED},
    )
    assert signed_in_user_id(client) == str(member.user.pk)
