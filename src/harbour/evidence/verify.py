"""Recompute a case's hash chain and its files' hashes, and report every break
with the entry it concerns. Reads only; the `harbour verify` command prints."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from harbour.audit.models import AuditEvent
from harbour.cases.models import Case
from harbour.evidence import chain, storage
from harbour.evidence.models import ChainEntry


@dataclass(frozen=True)
class Break:
    where: str  # "entry 4 (incident 17)", "evidence 3's file", …
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


@dataclass
class CaseReport:
    case_id: int
    entries: int
    files: int
    breaks: list
    erased: bool = False

    @property
    def intact(self) -> bool:
        return not self.breaks


def _erasure_of(case: Case):
    # The retention schedule's tombstone (retention.CaseErasure), when the case was erased.
    try:
        return case.erasure
    except ObjectDoesNotExist:
        return None
    except AttributeError:  # retention not installed
        return None


def verify_case(case: Case, *, check_files: bool = True, heads=None) -> CaseReport:
    """heads: the head log's entries for this case's chain (headlog.read()), if any."""
    breaks: list[Break] = []
    records = chain.records_of(case)
    entries = list(ChainEntry.objects.filter(case=case).order_by("position"))
    erasure = _erasure_of(case)
    erased_up_to = erasure.chain_length if erasure is not None else 0
    by_position = {entry.position: entry for entry in entries}
    previous = chain.GENESIS
    chained = set()
    newest = {}  # (kind, object_id) -> the record's newest entry
    expected_position = 1
    for entry in entries:
        label = chain.KIND_LABELS.get(entry.kind, entry.kind).lower()
        where = f"entry {entry.position} ({label} {entry.object_id})"
        for missing in range(expected_position, entry.position):
            breaks.append(Break(f"entry {missing}", "is missing from the chain"))
        expected_position = entry.position + 1
        if entry.previous_hash != previous:
            breaks.append(Break(where, "does not follow on from the entry before it"))
        if chain.link_hash(entry) != entry.entry_hash:
            breaks.append(Break(where, "its own hash does not match what it records"))
        previous = entry.entry_hash
        key = (entry.kind, entry.object_id)
        if key in newest and not chain.is_versioned(entry.kind):
            breaks.append(Break(where, "the record is chained twice, but it can never change"))
        newest[key] = entry
        chained.add(key)
    for (kind, object_id), entry in newest.items():
        label = chain.KIND_LABELS.get(kind, kind).lower()
        where = f"entry {entry.position} ({label} {object_id})"
        if kind not in chain.KINDS:
            breaks.append(Break(where, "is of a kind Harbour does not chain"))
            continue
        record = records[kind].get(object_id)
        if record is None:
            if entry.position > erased_up_to:
                breaks.append(Break(where, "the record it covers has been deleted"))
        elif chain.content_hash(kind, record) != entry.content_hash:
            breaks.append(Break(where, "the record has been changed since it was saved"))
    for kind, rows in records.items():
        for pk in sorted(rows):
            if (kind, pk) not in chained:
                breaks.append(Break(f"{chain.KIND_LABELS[kind].lower()} {pk}", "is not in the chain"))
    if erasure is not None and erased_up_to:
        kept = by_position.get(erased_up_to)
        if kept is None or kept.entry_hash != erasure.chain_head:
            breaks.append(
                Break(
                    f"entry {erased_up_to}",
                    "the erasure record names it as the chain's head when the case was erased, "
                    "but the chain no longer holds it",
                )
            )
    if erasure is None:
        breaks += _kept_state_breaks(case)
    # Every append was audited with its position and hash: each must still be there.
    anchors = AuditEvent.objects.filter(case=case, action="chain.appended").values_list("detail", flat=True)
    for detail in anchors:
        position, entry_hash = detail.get("position"), detail.get("entry_hash")
        kept = by_position.get(position)
        if kept is None or kept.entry_hash != entry_hash:
            breaks.append(
                Break(f"entry {position}", "the audit trail records it, but the chain no longer holds it")
            )
    # And outside the database, the head log.
    for head in heads or ():
        kept = by_position.get(head.position)
        if kept is None or kept.entry_hash != head.hash:
            breaks.append(
                Break(
                    f"entry {head.position}",
                    f"the head log recorded it at {head.at}, but the chain no longer holds it",
                )
            )
    files = 0
    if check_files:
        for item in records["evidence"].values():
            if not item.has_file:
                continue
            files += 1
            where = f"evidence {item.pk}'s file ({item.original_name})"
            try:
                data = storage.read(item.stored_name)
            except storage.Unreadable as error:
                breaks.append(Break(where, str(error)))
                continue
            if hashlib.sha256(data).hexdigest() != item.sha256:
                breaks.append(
                    Break(where, "its SHA-256 no longer matches the one recorded when it was added")
                )
    return CaseReport(
        case_id=case.pk, entries=len(entries), files=files, breaks=_unique(breaks), erased=erasure is not None
    )


def _kept_state_breaks(case: Case) -> list[Break]:
    """The case row keeps, for queries, what its chained history says now: its
    status, the employee's latest choices and the level last decided. A row
    rewritten behind the app's back disagrees with its history."""
    breaks = []
    where = f"case {case.reference}"
    latest = case.status_changes.order_by("-at", "-id").first()
    if latest is not None and latest.status != case.status:
        breaks.append(
            Break(where, f"its status is {case.status}, but its status history ends with {latest.status}")
        )
    choice = case.confidentiality_choices.order_by("-at", "-id").first()
    if choice is not None:
        for name in ("colleagues_may_know", "champion_sees", "front_desk_instruction"):
            if getattr(choice, name) != getattr(case, name):
                breaks.append(
                    Break(where, f"its {name.replace('_', ' ')} differs from the employee's latest choice")
                )
    decision = case.risk_decisions.order_by("-decided_at", "-id").first()
    if (decision.level if decision else "") != case.risk_level:
        breaks.append(Break(where, "its risk level is not the one last decided"))
    return breaks


def _unique(breaks: list) -> list:
    return list(dict.fromkeys(breaks))


def verify_pack(data: bytes) -> list[str]:
    """Check an evidence pack ZIP against its own manifest: every file's hash,
    and the chain of entry hashes up to the head it names."""
    problems = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ["this is not a Harbour evidence pack: it has no readable manifest.json"]
    names = set(archive.namelist()) - {"manifest.json"}
    listed = {entry["path"]: entry for entry in manifest.get("files", [])}
    for path, entry in sorted(listed.items()):
        if path not in names:
            problems.append(f"{path}: listed in the manifest but missing from the pack")
            continue
        if hashlib.sha256(archive.read(path)).hexdigest() != entry.get("sha256"):
            problems.append(f"{path}: its SHA-256 does not match the manifest")
    for path in sorted(names - set(listed)):
        problems.append(f"{path}: in the pack but not in the manifest")
    previous = chain.GENESIS
    entries = manifest.get("chain", {}).get("entries", [])
    for expected_position, row in enumerate(entries, start=1):
        try:
            entry = _ManifestEntry(**{k: row[k] for k in _ManifestEntry.__annotations__})
        except (KeyError, TypeError):
            problems.append(f"chain entry {expected_position}: incomplete in the manifest")
            continue
        if entry.position != expected_position or entry.previous_hash != previous:
            problems.append(f"chain entry {entry.position}: does not follow on from the entry before it")
        if chain.link_hash(entry) != entry.entry_hash:
            problems.append(f"chain entry {entry.position}: its hash does not match what it records")
        previous = entry.entry_hash
    if previous != manifest.get("chain", {}).get("head", chain.GENESIS):
        problems.append("chain: the last entry is not the head the manifest names")
    for attachment in manifest.get("attachments", []):
        path = attachment.get("path")
        if path in listed and listed[path].get("sha256") != attachment.get("sha256"):
            problems.append(f"{path}: differs from the SHA-256 recorded when it was added to Harbour")
    return problems


@dataclass
class _ManifestEntry:
    position: int
    kind: str
    object_id: int
    chained_at: str
    content_hash: str
    previous_hash: str
    entry_hash: str
