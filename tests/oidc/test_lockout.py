"""Failed sign-ins through a provider count towards the lock-out (django-axes) per
person and address, like failed passwords, without pausing anybody else."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from harbour.audit.models import AuditEvent
from tests import factories
from tests.oidc.test_sign_in import VERIFIED, sign_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_a_person_locked_out_by_wrong_passwords_is_not_let_in_by_the_provider(google, limit):
    member = staff("erin.employee@riverside.example", username="erin")
    for _ in range(limit):
        Client().post("/sign-in/", {"username": "erin", "password": "wrong"})
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert SESSION_KEY not in client.session
    assert "paused for 15 minutes" in client.get("/sign-in/").content.decode()
    assert AccessAttempt.objects.get(username="erin").failures_since_start == limit  # not counted again
    assert member.user.pk  # the account itself is untouched


def test_refusals_of_a_known_account_count_with_its_passwords(google, limit):
    member = staff("erin.employee@riverside.example", username="erin", is_active=False)
    for _ in range(limit):
        sign_in(Client(), google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert AccessAttempt.objects.get(username="erin").failures_since_start == limit
    # Now locked whichever way they try from this address.
    member.is_active = True
    member.save()
    client = Client()
    locked = client.post("/sign-in/", {"username": "erin", "password": factories.PASSWORD})
    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    assert SESSION_KEY not in client.session


def test_an_unknown_address_is_paused_alone_and_never_kept(google, limit):
    staff("erin.employee@riverside.example")
    for _ in range(limit - 1):
        sign_in(Client(), google, {"email": "stranger@riverside.example", **VERIFIED})
    last = sign_in(Client(), google, {"email": "stranger@riverside.example", **VERIFIED})
    assert last.status_code == 429 and "Too many attempts" in last.content.decode()
    (attempt,) = AccessAttempt.objects.all()
    assert attempt.username.startswith("oidc:") and "stranger" not in attempt.username
    assert "code=" not in attempt.get_data.replace("code=********************", "")
    # A colleague behind the same school address still signs in.
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("tampered", ["code", "state"])
def test_failures_that_name_nobody_pause_nobody(google, limit, tampered):
    """A code the provider will not exchange, or an answer that belongs to no
    sign-in, names no one: counting it under "no username" would pause the whole
    address — a school."""
    staff("erin.employee@riverside.example")
    for _ in range(limit + 1):
        sign_in(
            Client(),
            google,
            {"email": "erin.employee@riverside.example", **VERIFIED},
            deliver=lambda back: back.replace(f"{tampered}=", f"{tampered}=x"),
        )
    reason = {"code": "provider", "state": "state"}[tampered]
    assert (
        AuditEvent.objects.filter(action="sign_in.provider_refused", detail__reason=reason).count()
        == limit + 1
    )
    assert AccessAttempt.objects.count() == 0
    client = Client()
    sign_in(client, google, {"email": "erin.employee@riverside.example", **VERIFIED})
    assert SESSION_KEY in client.session
