"""The chain heads, anchored outside the database.

Someone who can write to the database can delete a case's newest records
together with their chain entries and audit events, and every chain left still
links up. The head log is how that is noticed: an append-only file in
HARBOUR_CHAIN_HEAD_LOG (a directory, ideally on other storage or shipped off the
server) with one JSON line per chain append, and per periodic anchor of every
chain (`harbour send-chain-heads`):

    {"chain": "case-12" | "school-3" | "harbour", "position": 41,
     "hash": "<entry hash>", "at": "<UTC time>", "mac": "<HMAC-SHA256>"}

signed with HARBOUR_CHAIN_HEAD_KEY, so a line cannot be forged or edited without
the key. `harbour verify` checks that every chain still holds each logged entry.
Lines carry ids and hashes, never case content. Written only after the
transaction commits, so a rolled-back write never leaves a line behind."""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

FILE_NAME = "chain-heads.jsonl"


@dataclass(frozen=True)
class Head:
    chain: str
    position: int
    hash: str
    at: str
    erased: bool = False


def configured() -> bool:
    return bool(settings.CHAIN_HEAD_LOG)


def path() -> Path:
    return Path(settings.CHAIN_HEAD_LOG) / FILE_NAME


def _mac(fields: dict) -> str:
    message = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(settings.CHAIN_HEAD_KEY.encode(), message, hashlib.sha256).hexdigest()


def signed_line(chain: str, position: int, entry_hash: str, *, erased: bool = False, at=None) -> str:
    fields = {
        "chain": chain,
        "position": position,
        "hash": entry_hash,
        "at": (at or timezone.now()).isoformat(timespec="seconds"),
    }
    if erased:
        fields["erased"] = True
    return json.dumps({**fields, "mac": _mac(fields)}, sort_keys=True) + "\n"


def write(lines: list[str]) -> None:
    if not configured() or not lines:
        return
    path().parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND and one write: lines from several workers never interleave.
    fd = os.open(path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, "".join(lines).encode())
    finally:
        os.close(fd)


def append_after_commit(chain: str, position: int, entry_hash: str, *, erased: bool = False) -> None:
    if configured():
        line = signed_line(chain, position, entry_hash, erased=erased)
        transaction.on_commit(lambda: write([line]))


def read() -> tuple[dict[str, list[Head]], list[str]]:
    """The heads logged for each chain, in the order written, and any line that is
    not a genuine, unaltered line of this log."""
    heads: dict[str, list[Head]] = {}
    problems: list[str] = []
    if not configured() or not path().exists():
        return heads, problems
    with path().open(encoding="utf-8") as log:
        for number, text in enumerate(log, start=1):
            try:
                fields = json.loads(text)
                mac = fields.pop("mac")
                head = Head(**fields)
            except (ValueError, KeyError, TypeError):
                problems.append(f"head log line {number}: not a head log line")
                continue
            if not hmac.compare_digest(mac, _mac(fields)):
                problems.append(
                    f"head log line {number}: its signature does not match (altered, or not Harbour's)"
                )
                continue
            heads.setdefault(head.chain, []).append(head)
    return heads, problems
