"""Evidence files at rest: encrypted with AES-GCM under random names in
EVIDENCE_DIR, which is outside the web root and never served directly.

A stored blob is  b"HBE1" | key id length | key id | 12-byte nonce | ciphertext+tag.
The stored name is the associated data, so a blob moved to another name fails
to decrypt instead of passing as that file. Keys come from HARBOUR_EVIDENCE_KEYS
("id:base64url-key,…"): the first encrypts, every one listed decrypts, which is
what lets `harbour rotate-evidence-key` move files from an old key to a new one.
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


def path_of(name: str) -> Path:
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise Unreadable("not a stored evidence name")
    return Path(settings.EVIDENCE_DIR) / name[:2] / name


def save(data: bytes) -> str:
    """Encrypt and store; returns the new random name."""
    name = secrets.token_hex(20)
    _write(path_of(name), encrypt(data, name=name))
    return name


def read(name: str) -> bytes:
    try:
        blob = path_of(name).read_bytes()
    except FileNotFoundError:
        raise Unreadable("the stored file is missing") from None
    return decrypt(blob, name=name)


def remove(name: str) -> None:
    path_of(name).unlink(missing_ok=True)


def _write(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)  # atomic: a reader sees the old blob or the new, never half


def stored_names() -> list[str]:
    root = Path(settings.EVIDENCE_DIR)
    if not root.exists():
        return []
    return sorted(p.name for p in root.glob("??/*") if p.is_file() and p.suffix != ".tmp")


def rotate() -> dict:
    """Re-encrypt every stored file that is not under the current key. Safe to
    run again after an interruption: each file is replaced atomically."""
    current = current_key_id()
    counts = {"re-encrypted": 0, "already current": 0}
    for name in stored_names():
        path = path_of(name)
        blob = path.read_bytes()
        if key_id_of(blob) == current:
            counts["already current"] += 1
            continue
        _write(path, encrypt(decrypt(blob, name=name), name=name))
        counts["re-encrypted"] += 1
    return counts
