"""The current head of every chain — each case's and each audit chain's — as
signed head-log lines (headlog.py): what `harbour export-chain-heads` prints and
`harbour send-chain-heads` anchors in the head log and e-mails. Ids, positions
and hashes only, never case content."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.evidence import headlog
from harbour.evidence.models import ChainEntry


def current() -> list[tuple[str, int, str]]:
    """(chain, position, entry hash) of every chain's newest link."""
    newest_entry = (
        ChainEntry.objects.filter(case=OuterRef("case")).order_by("-position").values("position")[:1]
    )
    heads = [
        (f"case-{case_id}", position, entry_hash)
        for case_id, position, entry_hash in ChainEntry.objects.filter(
            position=Subquery(newest_entry)
        ).values_list("case_id", "position", "entry_hash")
    ]
    newest_event = (
        AuditEvent.objects.filter(chain=OuterRef("chain")).order_by("-position").values("position")[:1]
    )
    heads += AuditEvent.objects.filter(position=Subquery(newest_event)).values_list(
        "chain", "position", "entry_hash"
    )
    return sorted(heads)


def signed_lines(at=None) -> list[str]:
    at = at or timezone.now()
    return [
        headlog.signed_line(chain, position, entry_hash, at=at) for chain, position, entry_hash in current()
    ]


def send(lines: list[str]) -> int:
    """E-mail the heads to HARBOUR_CHAIN_HEADS_EMAIL_TO; returns how many messages went."""
    if not settings.CHAIN_HEADS_EMAIL_TO:
        return 0
    day = timezone.localdate()
    body = (
        "The heads of Harbour's hash chains at the time of this message: one signed JSON line per "
        "chain (a case's record, or the audit trail of a school or of one person's actions "
        "outside any school), with its position and hash. Keep this "
        "message: `harbour verify` run against a copy of these lines shows whether anything "
        "recorded before now has since been removed or rewritten.\n\n" + "".join(lines)
    )
    message = EmailMessage(
        subject=f"Harbour chain heads {day:%Y-%m-%d}",
        body=body,
        to=settings.CHAIN_HEADS_EMAIL_TO,
    )
    message.attach(f"harbour-chain-heads-{day:%Y%m%d}.jsonl", "".join(lines), "application/jsonl")
    return message.send()
