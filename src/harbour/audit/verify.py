"""Recompute the audit trail's hash chains (audit/chain.py) and report every
break with the event it concerns. Reads only; `harbour verify` prints."""

from dataclasses import dataclass

from harbour.audit import chain
from harbour.audit.models import AuditEvent


@dataclass
class ChainReport:
    chain: str
    events: int
    breaks: list[str]

    @property
    def intact(self) -> bool:
        return not self.breaks


def chains() -> list[str]:
    return sorted(set(AuditEvent.objects.values_list("chain", flat=True).distinct()))


def verify_chain(name: str, *, heads=()) -> ChainReport:
    """heads: the head log's entries for this chain (headlog.read()), if any."""
    breaks: list[str] = []
    previous = chain.GENESIS
    expected = 1
    wanted = {head.position for head in heads}
    hashes: dict[int, str] = {}  # only the positions the head log names
    count = 0
    events = AuditEvent.objects.filter(chain=name).order_by("position", "id")
    for event in events.iterator(chunk_size=2000):
        count += 1
        where = f"audit event {event.pk} ({event.action})"
        if event.position is None:
            breaks.append(f"{where}: is not in the audit chain")
            continue
        for missing in range(expected, event.position):
            breaks.append(f"position {missing}: an audit event is missing")
        expected = event.position + 1
        if event.previous_hash != previous:
            breaks.append(
                f"{where} at position {event.position}: does not follow on from the event before it"
            )
        if chain.hash_of(event) != event.entry_hash:
            breaks.append(f"{where} at position {event.position}: has been changed since it was written")
        previous = event.entry_hash
        if event.position in wanted:
            hashes[event.position] = event.entry_hash
    for head in heads:
        if hashes.get(head.position) != head.hash:
            breaks.append(
                f"position {head.position}: the head log recorded it at {head.at}, "
                "but the audit chain no longer holds it"
            )
    return ChainReport(chain=name, events=count, breaks=list(dict.fromkeys(breaks)))


def verify_all(heads_by_chain: dict) -> list[ChainReport]:
    names = set(chains()) | {name for name in heads_by_chain if not name.startswith("case-")}
    return [verify_chain(name, heads=heads_by_chain.get(name, ())) for name in sorted(names)]
