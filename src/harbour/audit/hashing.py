"""Canonical JSON and SHA-256: how every chained record, chain entry and audit
event is turned into a hash. Pure functions, shared by the case chains
(evidence/chain.py), the audit chains (audit/chain.py) and their migrations."""

import datetime
import hashlib
import json

GENESIS = "0" * 64


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def canonical(values: dict) -> bytes:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
