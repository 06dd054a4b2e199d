"""Recompute a case's hash chain and its files' hashes, and report every break
with the entry it concerns. Reads only; the `harbour verify` command prints."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from harbour.audit.models import AuditEvent
from harbour.cases.models import Case, Incident, IncidentAmendment
from harbour.evidence import chain, storage
from harbour.evidence.models import CctvPreservationRequest, ChainEntry, EvidenceItem


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

    @property
    def intact(self) -> bool:
        return not self.breaks


def _records_of(case: Case) -> dict[str, dict[int, object]]:
    return {
        "incident": {r.pk: r for r in Incident.objects.filter(case=case)},
        "amendment": {r.pk: r for r in IncidentAmendment.objects.filter(incident__case=case)},
        "evidence": {r.pk: r for r in EvidenceItem.objects.filter(case=case)},
        "cctv": {r.pk: r for r in CctvPreservationRequest.objects.filter(case=case)},
    }


def verify_case(case: Case, *, check_files: bool = True) -> CaseReport:
    breaks: list[Break] = []
    records = _records_of(case)
    entries = list(ChainEntry.objects.filter(case=case).order_by("position"))
    previous = chain.GENESIS
    chained = set()
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
        chained.add((entry.kind, entry.object_id))
        record = records.get(entry.kind, {}).get(entry.object_id)
        if record is None:
            breaks.append(Break(where, "the record it covers has been deleted"))
        elif chain.content_hash(entry.kind, record) != entry.content_hash:
            breaks.append(Break(where, "the record has been changed since it was saved"))
    for kind, rows in records.items():
        for pk in sorted(rows):
            if (kind, pk) not in chained:
                breaks.append(Break(f"{chain.KIND_LABELS[kind].lower()} {pk}", "is not in the chain"))
    anchor = AuditEvent.objects.filter(case=case, action="chain.appended").order_by("-at", "-id").first()
    if anchor is not None:
        last = entries[-1] if entries else None
        if last is None or (anchor.detail.get("position"), anchor.detail.get("entry_hash")) != (
            last.position,
            last.entry_hash,
        ):
            breaks.append(
                Break(
                    f"entry {anchor.detail.get('position')}",
                    "the audit trail records it as the last entry, but the chain no longer ends there",
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
    return CaseReport(case_id=case.pk, entries=len(entries), files=files, breaks=breaks)


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
