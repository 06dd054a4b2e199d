"""Setting up an authenticator and signing in with it, through the pages: the QR
code and key, recovery codes shown once and working once each, wrong codes
throttled and counted by axes, and every step in the audit."""

import re
import time

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.audit.models import AuditEvent
from tests import factories, twofactor


def signed_in_with_password(username) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def code_from_key(secret_text: str, at: float | None = None) -> str:
    """What an authenticator app given the page's key would show (RFC 6238)."""
    import base64

    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def set_up(client) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor/set-up/").content.decode()
    secret = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', page).group(1)
    done = client.post("/account/two-factor/set-up/", {"code": code_from_key(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return secret, codes


def test_a_manager_sets_up_an_authenticator_and_gets_ten_recovery_codes(world):
    client = signed_in_with_password("manager")
    # Any page sends them to set up first.
    first = client.get(f"/cases/{world.case.pk}/")
    assert first["Location"].startswith("/account/two-factor/set-up/")
    page = client.get(first["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert '<img src="data:image/png;base64,' in body and 'alt="QR code' in body
    assert re.search(r'<code id="totp-secret"[^>]*>[A-Z2-7 ]{32,}</code>', body)
    # The same key on every visit until it is confirmed (a scanned QR code keeps working).
    assert (
        client.get(first["Location"])
        .content.decode()
        .count(re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', body).group(1))
    )
    wrong = client.post("/account/two-factor/set-up/", {"code": "000000"})
    assert wrong.status_code == 200
    assert (
        "There is a problem" in wrong.content.decode() and "The code is not right" in wrong.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=world.manager.user, confirmed=True).exists()

    with time_machine.travel(time.time() + 2):  # past the wait a wrong code earns
        secret, codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=world.manager.user, confirmed=True).count() == 1
    event = AuditEvent.objects.get(action="two_factor.set_up")
    assert event.actor == world.manager.user and event.detail == {"recovery_codes": 10}
    assert not any(code in str(e.detail) for e in AuditEvent.objects.all() for code in codes)
    # Verified now: the case opens.
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    # The codes are not shown again anywhere.
    assert not any(code in client.get("/account/two-factor/").content.decode() for code in codes)


def test_signing_in_again_asks_for_the_code_and_a_recovery_code_works_once(world):
    client = signed_in_with_password("manager")
    secret, codes = set_up(client)
    client.post("/sign-out/")

    again = signed_in_with_password("manager")
    asked = again.get(f"/cases/{world.case.pk}/")
    assert asked["Location"] == f"/sign-in/code/?next=%2Fcases%2F{world.case.pk}%2F"
    # The code the app shows now was used a moment ago to set up: TOTP never takes a code twice.
    with time_machine.travel(time.time() + 31, tick=False):
        response = again.post(asked["Location"], {"code": code_from_key(secret)})
        assert response.status_code == 302 and response["Location"] == f"/cases/{world.case.pk}/"
        assert again.get(f"/cases/{world.case.pk}/").status_code == 200
    again.post("/sign-out/")

    for attempt in range(2):
        client = signed_in_with_password("manager")
        response = client.post("/sign-in/code/?next=/", {"code": codes[0].upper()})
        if attempt == 0:
            assert response.status_code == 302, "a recovery code works"
            assert client.get("/").status_code == 200
            event = AuditEvent.objects.get(action="two_factor.recovery_code_used")
            assert event.detail == {"left": 9}
            client.post("/sign-out/")
        else:
            assert response.status_code == 200, "the same recovery code never works twice"
            assert "The code is not right" in response.content.decode()
            assert client.get("/")["Location"].startswith("/sign-in/code/")


def test_new_recovery_codes_replace_the_old(world):
    client = signed_in_with_password("manager")
    _, old = set_up(client)
    page = client.post("/account/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_replaced").count() == 1
    client.post("/sign-out/")
    client = signed_in_with_password("manager")
    assert client.post("/sign-in/code/", {"code": old[0]}).status_code == 200
    with time_machine.travel(time.time() + 2):  # past the wait the wrong code earned
        assert client.post("/sign-in/code/", {"code": new[0]}).status_code == 302


def test_wrong_codes_make_the_user_wait_even_for_the_right_one(world):
    user = world.manager.user
    device = twofactor.authenticator_for(user)
    client = signed_in_with_password("manager")
    now = time.time()
    with time_machine.travel(now, tick=False):
        for _ in range(3):
            assert client.post("/sign-in/code/", {"code": "000000"}).status_code == 200
        # Three failures: the device waits 4 seconds before it will check any code.
        refused = client.post("/sign-in/code/", {"code": twofactor.devices.current_code(device)})
        assert refused.status_code == 200
        assert "Too many wrong codes. Wait" in refused.content.decode()
        assert client.get("/")["Location"].startswith("/sign-in/code/")
    with time_machine.travel(now + 5, tick=False):
        accepted = client.post("/sign-in/code/", {"code": twofactor.devices.current_code(device, at=now + 5)})
        assert accepted.status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.code_refused").count() == 4


def test_axes_locks_out_after_the_limit_of_wrong_codes(world, settings):
    """A wrong code counts like a wrong password: at the limit the half-done
    sign-in ends (its session row is deleted) and the password is refused too."""
    settings.AXES_FAILURE_LIMIT = 3
    twofactor.authenticator_for(world.manager.user)
    client = signed_in_with_password("manager")
    key = client.session.session_key
    for _ in range(2):
        assert client.post("/sign-in/code/", {"code": "000000"}).status_code == 200
    locked = client.post("/sign-in/code/", {"code": "000000"})
    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/")["Location"].startswith("/sign-in/")
    again = Client().post("/sign-in/", {"username": "manager", "password": factories.PASSWORD})
    assert again.status_code == 429


def test_an_optional_user_may_turn_it_on_and_off_but_a_case_role_may_not_turn_it_off(world):
    client = signed_in_with_password("trust_lead")
    assert client.get("/trust/patterns/").status_code == 200  # no second factor needed
    set_up(client)
    assert client.post("/account/two-factor/turn-off/").status_code == 302
    assert not TOTPDevice.objects.filter(user=world.trust_lead.user).exists()
    assert AuditEvent.objects.filter(action="two_factor.turned_off").count() == 1

    manager = signed_in_with_password("manager")
    set_up(manager)
    manager.post("/account/two-factor/turn-off/")
    assert TOTPDevice.objects.filter(user=world.manager.user, confirmed=True).exists()


def test_the_session_key_changes_when_the_second_factor_is_passed(world):
    device = twofactor.authenticator_for(world.manager.user)
    client = signed_in_with_password("manager")
    before = client.session.session_key
    client.post("/sign-in/code/", {"code": twofactor.devices.current_code(device)})
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_an_administrator_removes_a_lost_authenticator_of_their_schools_staff(world):
    device = twofactor.authenticator_for(world.manager.user)
    admin = world.client("admin")
    other_admin = factories.make_staff(world.other_school, "administrator", username="other_admin")
    outsider = Client()
    outsider.force_login(other_admin.user)
    assert outsider.post(f"/staff/member/{world.manager.pk}/two-factor/reset/").status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert admin.post(f"/staff/member/{world.manager.pk}/two-factor/reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=world.manager.user).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor == world.admin.user and event.school == world.school
    # At the next sign-in: set up again.
    client = signed_in_with_password("manager")
    assert client.get("/")["Location"].startswith("/account/two-factor/set-up/")
