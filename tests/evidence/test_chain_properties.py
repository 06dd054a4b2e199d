"""Properties of the hash chain, checked on generated chains without a database:
an intact chain always verifies, and any single change to it never does."""

import io
import json
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from harbour.evidence import chain
from harbour.evidence.verify import verify_pack

KINDS = st.sampled_from(["incident", "amendment", "evidence", "cctv"])
RECORD = st.fixed_dictionaries(
    {"kind": KINDS, "object_id": st.integers(1, 10_000), "content": st.text(max_size=40)}
)


def _entries(records) -> list[dict]:
    entries, previous = [], chain.GENESIS
    for position, record in enumerate(records, start=1):
        row = {
            "position": position,
            "kind": record["kind"],
            "object_id": record["object_id"],
            "chained_at": f"2026-11-{1 + position % 28:02d}T10:00:00.000000+00:00",
            "content_hash": chain.sha256(chain.canonical({"text": record["content"]})),
            "previous_hash": previous,
        }
        row["entry_hash"] = chain.entry_hash(**row)
        previous = row["entry_hash"]
        entries.append(row)
    return entries


def _pack(entries, head=None) -> bytes:
    out = io.BytesIO()
    manifest = {
        "files": [],
        "chain": {
            "head": head or (entries[-1]["entry_hash"] if entries else chain.GENESIS),
            "entries": entries,
        },
    }
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


@given(st.lists(RECORD, min_size=1, max_size=12))
def test_an_intact_chain_always_verifies(records):
    assert verify_pack(_pack(_entries(records))) == []


@given(
    st.lists(RECORD, min_size=1, max_size=12),
    st.data(),
    st.sampled_from(["content_hash", "chained_at", "object_id", "kind", "previous_hash"]),
)
def test_changing_any_field_of_any_entry_is_caught(records, data, field):
    entries = _entries(records)
    head = entries[-1]["entry_hash"]
    target = data.draw(st.integers(0, len(entries) - 1))
    original = entries[target][field]
    changed = {
        "content_hash": "f" * 64 if original != "f" * 64 else "e" * 64,
        "chained_at": "2020-01-01T00:00:00.000000+00:00",
        "object_id": original + 1 if isinstance(original, int) else 1,
        "kind": "cctv" if original != "cctv" else "incident",
        "previous_hash": "a" * 64,
    }[field]
    entries[target][field] = changed
    assert verify_pack(_pack(entries, head=head)) != []


@given(st.lists(RECORD, min_size=2, max_size=12), st.data())
def test_removing_or_reordering_entries_is_caught(records, data):
    entries = _entries(records)
    head = entries[-1]["entry_hash"]
    first = data.draw(st.integers(0, len(entries) - 1))
    if data.draw(st.booleans()):
        del entries[first]
    else:
        second = data.draw(st.integers(0, len(entries) - 1).filter(lambda i: i != first))
        entries[first], entries[second] = entries[second], entries[first]
    assert verify_pack(_pack(entries, head=head)) != []
