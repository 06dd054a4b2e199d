"""Recovery codes are kept only as keyed hashes: the database never holds a code,
a used code cannot be used again, and codes made before (kept in plain text by
django-otp) still work after the migration that hashes them."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from harbour.audit.models import AuditEvent
from harbour.twofactor import devices, recovery, services
from tests import factories
from tests.twofactor import authenticator_for

MIGRATION = importlib.import_module("harbour.twofactor.migrations.0001_hash_recovery_codes")


# The hashing rules, without the database.


def test_a_digest_fits_the_token_column_and_is_not_the_code():
    code = recovery.new_code()
    assert len(code) == recovery.LENGTH == 12 and set(code) <= set(recovery.ALPHABET)
    kept = recovery.digest(7, code)
    assert len(kept) == recovery.DIGEST_LENGTH == 16
    assert code not in kept and code.upper() not in kept


def test_a_digest_depends_on_the_device_and_the_key_not_on_how_the_code_is_typed():
    code = "abcd2345wxyz"
    assert recovery.digest(7, code) == recovery.digest(7, " ABCD-2345 wxyz ")
    assert recovery.digest(7, code) != recovery.digest(8, code)
    assert recovery.digest(7, code, secret="another-key") != recovery.digest(7, code)


def test_matching_finds_the_one_code_and_nothing_else():
    stored = [(1, recovery.digest(5, "aaaabbbbcccc")), (2, recovery.digest(5, "ddddeeeeffff"))]
    assert recovery.matching(stored, 5, "DDDD EEEE FFFF") == 2
    assert recovery.matching(stored, 5, "ddddeeeefffg") is None
    assert recovery.matching(stored, 6, "ddddeeeeffff") is None  # another device's code
    assert recovery.matching(stored, 5, stored[0][1]) is None  # the stored value is not a code


def test_codes_keep_working_when_the_key_moves_to_the_fallbacks(settings):
    settings.SECRET_KEY = "old-secret-key-" * 4
    stored = [(1, recovery.digest(5, "aaaabbbbcccc"))]
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-secret-key-" * 4, ["old-secret-key-" * 4]
    assert recovery.matching(stored, 5, "aaaabbbbcccc") == 1
    settings.SECRET_KEY_FALLBACKS = []
    assert recovery.matching(stored, 5, "aaaabbbbcccc") is None


# Through the services, with the database.


@pytest.fixture
def person(db):
    staff = factories.make_staff(factories.make_school())
    authenticator_for(staff.user)
    return staff


def _everything_kept() -> str:
    """Every token, and every audit event's detail, as text."""
    tokens = list(StaticToken.objects.values_list("token", flat=True))
    details = [json.dumps(detail) for detail in AuditEvent.objects.values_list("detail", flat=True)]
    return "\n".join(tokens + details).lower()


def test_the_database_never_holds_a_code(person):
    codes = services.new_recovery_codes(origin=factories.origin(person))
    assert len(codes) == devices.RECOVERY_CODE_COUNT == len(set(codes))
    kept = _everything_kept()
    assert not [code for code in codes if code in kept]
    device = devices.recovery_device(person.user)
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(
        recovery.digest(device.pk, code) for code in codes
    )
    attempt = services.check_code(origin=factories.origin(person), code=codes[3])
    assert attempt.ok and not [code for code in codes if code in _everything_kept()]


def test_a_used_code_cannot_be_used_again(person):
    codes = services.new_recovery_codes(origin=factories.origin(person))
    assert services.check_code(origin=factories.origin(person), code=codes[0].upper()).ok
    assert devices.recovery_codes_left(person.user) == 9
    device = StaticDevice.objects.get(user=person.user)
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    again = services.check_code(origin=factories.origin(person), code=codes[0])
    assert not again.ok and devices.recovery_codes_left(person.user) == 9
    assert AuditEvent.objects.filter(action="two_factor.code_refused").count() == 1


def test_typing_the_stored_hash_is_refused(person):
    services.new_recovery_codes(origin=factories.origin(person))
    kept = StaticToken.objects.filter(device__user=person.user).values_list("token", flat=True).first()
    assert not services.check_code(origin=factories.origin(person), code=kept).ok
    assert devices.recovery_codes_left(person.user) == 10


def test_a_wrong_code_is_throttled_as_before(person):
    codes = services.new_recovery_codes(origin=factories.origin(person))
    assert not services.check_code(origin=factories.origin(person), code="wrongwrongwr").ok
    right = services.check_code(origin=factories.origin(person), code=codes[1])
    assert not right.ok and right.throttled and right.wait_seconds >= 1  # django-otp's wait


def _plaintext_codes(user) -> tuple[StaticDevice, list[str]]:
    """Codes as django-otp kept them before the migration: in the token column."""
    device = StaticDevice.objects.create(user=user, name=devices.RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(3)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return device, codes


def test_the_migration_hashes_plaintext_codes_and_they_still_work(person):
    device, codes = _plaintext_codes(person.user)
    other = factories.make_staff(factories.make_school())
    services.new_recovery_codes(origin=factories.origin(other))  # already hashed: left alone
    others_before = sorted(StaticToken.objects.exclude(device=device).values_list("token", flat=True))
    MIGRATION.hash_existing(django_apps, None)
    MIGRATION.hash_existing(django_apps, None)  # a second run changes nothing
    assert sorted(StaticToken.objects.exclude(device=device).values_list("token", flat=True)) == others_before
    kept = list(device.token_set.values_list("token", flat=True))
    assert not set(kept) & set(codes) and all(len(token) == 16 for token in kept)
    assert sorted(kept) == sorted(recovery.digest(device.pk, code) for code in codes)
    assert services.check_code(origin=factories.origin(person), code=codes[2].upper()).ok
    assert devices.recovery_codes_left(person.user) == 2


@pytest.mark.django_db(transaction=True)
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_migrating_a_database_with_plaintext_codes():
    """The real migration, run by `migrate` against codes written before it."""
    staff = factories.make_staff(factories.make_school())
    call_command("migrate", "twofactor", "zero", verbosity=0)
    device, codes = _plaintext_codes(staff.user)
    call_command("migrate", "twofactor", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM otp_static_statictoken")
        in_database = {row[0] for row in cursor.fetchall()}
    assert in_database and not in_database & set(codes)
    authenticator_for(staff.user)
    assert services.check_code(origin=factories.origin(staff), code=codes[0]).ok
