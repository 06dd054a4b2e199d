"""Encryption at rest and key rotation."""

import base64
import hashlib
import os

import pytest
from django.core.management import call_command

from harbour.evidence import storage
from tests.evidence import samples


def _key(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def test_files_on_disk_are_not_the_original(settings):
    original = samples.jpeg_with_location()
    name = storage.save(original)
    on_disk = storage.path_of(name).read_bytes()
    assert original not in on_disk
    assert b"PhoneMaker" not in on_disk and b"JFIF" not in on_disk[:64]
    assert storage.path_of(name).stat().st_mode & 0o077 == 0  # readable by the service only
    assert storage.path_of(name).parent.stat().st_mode & 0o077 == 0  # and so is its folder
    assert storage.path_of(name).parent.parent == settings.EVIDENCE_DIR  # the folder store (backends.py)
    assert storage.read(name) == original


def test_names_are_random_and_outside_the_web_root(settings):
    first, second = storage.save(b"same"), storage.save(b"same")
    assert first != second and len(first) == 40
    assert str(settings.EVIDENCE_DIR) in str(storage.path_of(first))
    assert str(settings.STATIC_ROOT) not in str(storage.path_of(first))


def test_a_changed_byte_on_disk_is_caught(settings):
    name = storage.save(b"the original")
    path = storage.path_of(name)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(storage.Unreadable, match="altered"):
        storage.read(name)


def test_a_blob_moved_to_another_name_does_not_decrypt(settings):
    first, second = storage.save(b"one file"), storage.save(b"another")
    storage.path_of(second).write_bytes(storage.path_of(first).read_bytes())
    with pytest.raises(storage.Unreadable):
        storage.read(second)


def test_rotation_re_encrypts_everything_and_keeps_it_readable(settings):
    settings.EVIDENCE_KEYS = _key("old")
    files = {storage.save(data): data for data in (samples.png(), samples.pdf(), samples.EML)}
    before = {name: hashlib.sha256(storage.path_of(name).read_bytes()).hexdigest() for name in files}
    settings.EVIDENCE_KEYS = f"{_key('new')},{settings.EVIDENCE_KEYS}"
    call_command("rotate_evidence_key")
    for name in files:
        assert storage.key_id_of(storage.path_of(name).read_bytes()) == "new"
        assert hashlib.sha256(storage.path_of(name).read_bytes()).hexdigest() != before[name]
    # Each file was replaced whole, still private, with no temporary copy left beside it.
    assert sorted(p.name for p in settings.EVIDENCE_DIR.rglob("*") if p.is_file()) == sorted(files)
    assert all(storage.path_of(name).stat().st_mode & 0o077 == 0 for name in files)
    # Once rotated, the old key can go: every file still opens with the new key alone.
    settings.EVIDENCE_KEYS = settings.EVIDENCE_KEYS.split(",")[0]
    assert {name: storage.read(name) for name in files} == files


def test_rotation_is_safe_to_run_twice(settings):
    settings.EVIDENCE_KEYS = _key("a")
    storage.save(b"x")
    settings.EVIDENCE_KEYS = f"{_key('b')},{settings.EVIDENCE_KEYS}"
    assert storage.rotate() == {"re-encrypted": 1, "already current": 0}
    assert storage.rotate() == {"re-encrypted": 0, "already current": 1}


def test_a_file_under_a_key_that_is_gone_says_so(settings):
    settings.EVIDENCE_KEYS = _key("gone")
    name = storage.save(b"x")
    settings.EVIDENCE_KEYS = _key("other")
    with pytest.raises(storage.Unreadable, match="'gone', which is not configured"):
        storage.read(name)


@pytest.mark.parametrize(
    "bad", ["nokey", "k1:short", ":" + base64.urlsafe_b64encode(os.urandom(32)).decode()]
)
def test_badly_written_keys_stop_with_a_clear_message(settings, bad):
    from django.core.exceptions import ImproperlyConfigured

    settings.EVIDENCE_KEYS = bad
    with pytest.raises(ImproperlyConfigured, match="HARBOUR_EVIDENCE_KEYS"):
        storage.save(b"x")
