"""Evidence files at rest: encrypted with AES-GCM under random names, kept in
the Django Storage named "evidence" in STORAGES — a folder outside the web root
(EVIDENCE_DIR, backends.py) by default, or an S3-compatible bucket. Neither is
ever served directly, and either only ever holds ciphertext.

A stored blob is  b"HBE1" | key id length | key id | 12-byte nonce | ciphertext+tag.
The stored name is the associated data, so a blob moved to another name fails
to decrypt instead of passing as that file. Keys come from HARBOUR_EVIDENCE_KEYS
("id:base64url-key,…"): the first encrypts, every one listed decrypts, which is
what lets `harbour rotate-evidence-key` move files from an old key to a new one.
Every read, write, removal and listing of blobs goes through this module.
"""

import base64
import binascii
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

MAGIC = b"HBE1"
NONCE_BYTES = 12


class Unreadable(Exception):
    """A stored file that is missing, was altered, or whose key is not configured."""


def keyring() -> list[tuple[str, bytes]]:
    keys = []
    for part in settings.EVIDENCE_KEYS.split(","):
        key_id, _, encoded = part.strip().partition(":")
        try:
            key = base64.urlsafe_b64decode(encoded.strip() + "=" * (-len(encoded.strip()) % 4))
        except (binascii.Error, ValueError):
            key = b""
        if not key_id or len(key_id) > 32 or len(key) != 32:
            raise ImproperlyConfigured(
                "HARBOUR_EVIDENCE_KEYS must be 'id:key' pairs, each key 32 random bytes in base64url."
            )
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured("HARBOUR_EVIDENCE_KEYS is empty.")
    return keys


def current_key_id() -> str:
    return keyring()[0][0]


def encrypt(data: bytes, *, name: str) -> bytes:
    key_id, key = keyring()[0]
    nonce = os.urandom(NONCE_BYTES)
    tag = key_id.encode()
    sealed = AESGCM(key).encrypt(nonce, data, name.encode() + b"|" + tag)
    return MAGIC + bytes([len(tag)]) + tag + nonce + sealed


def key_id_of(blob: bytes) -> str:
    if not blob.startswith(MAGIC) or len(blob) < 5:
        raise Unreadable("not a Harbour evidence file")
    return blob[5 : 5 + blob[4]].decode(errors="replace")


def decrypt(blob: bytes, *, name: str) -> bytes:
    key_id = key_id_of(blob)
    keys = dict(keyring())
    if key_id not in keys:
        raise Unreadable(f"encrypted with key '{key_id}', which is not configured")
    start = 5 + blob[4]
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(keys[key_id]).decrypt(nonce, sealed, name.encode() + b"|" + key_id.encode())
    except InvalidTag:
        raise Unreadable("the stored file has been altered or damaged") from None


def blobs() -> Storage:
    return storages["evidence"]


def _is_name(name: str) -> bool:
    return len(name) == 40 and all(c in "0123456789abcdef" for c in name)


def location_of(name: str) -> str:
    """Where a blob lives inside the store: its name under a folder (or key
    prefix) of its first two characters, so no folder grows too large."""
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise Unreadable("not a stored evidence name")
    return f"{name[:2]}/{name}"


def path_of(name: str) -> Path:
    """The file on disk, for the folder store only (tests and the operator's checks)."""
    return Path(blobs().path(location_of(name)))


def save(data: bytes) -> str:
    """Encrypt and store; returns the new random name."""
    name = secrets.token_hex(20)
    _write(name, encrypt(data, name=name))
    return name


def _read_blob(name: str) -> bytes:
    try:
        with blobs().open(location_of(name), "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise Unreadable("the stored file is missing") from None


def read(name: str) -> bytes:
    return decrypt(_read_blob(name), name=name)


def read_stored(name: str) -> bytes:
    """The blob exactly as stored, still encrypted (what a backup copies)."""
    return _read_blob(name)


def write_stored(name: str, blob: bytes) -> None:
    """Put back a blob exactly as it was stored (a restore). Only a Harbour blob
    under a Harbour name goes in; whether it can be read is verify's question."""
    if not _is_name(name):
        raise Unreadable("not a stored evidence name")
    key_id_of(blob)
    _write(name, blob)


def remove(name: str) -> None:
    blobs().delete(location_of(name))


def _write(name: str, blob: bytes) -> None:
    # The store writes whole objects: the folder store by an atomic replace
    # (backends.py), S3 by a single PUT, so a reader never sees half a blob.
    location = location_of(name)
    saved = blobs().save(location, ContentFile(blob))
    if saved != location:  # a store that renamed the blob would lose it
        raise ImproperlyConfigured(f"The evidence store saved {location} as {saved}; it must overwrite.")


def stored_names() -> list[str]:
    store = blobs()
    try:
        folders, _ = store.listdir("")
    except FileNotFoundError:  # nothing stored yet
        return []
    names = []
    for folder in folders:
        _, files = store.listdir(folder)
        names.extend(f for f in files if _is_name(f) and f[:2] == folder)
    return sorted(names)


def rotate() -> dict:
    """Re-encrypt every stored file that is not under the current key. Safe to
    run again after an interruption: each file is replaced whole."""
    current = current_key_id()
    counts = {"re-encrypted": 0, "already current": 0}
    for name in stored_names():
        blob = _read_blob(name)
        if key_id_of(blob) == current:
            counts["already current"] += 1
            continue
        _write(name, encrypt(decrypt(blob, name=name), name=name))
        counts["re-encrypted"] += 1
    return counts
