"""The chained part of erasing a case: one call, so that the hash chain's own
erasure (which leaves the content-free record `harbour verify` explains the
chain by) is the only thing this app asks of the chain.

Called last, once every record of the case is gone, just before the case row."""

from harbour.evidence.models import ChainEntry


def erase_chained(case) -> tuple[int, str]:
    """Erase the case's chain entries; returns the chain's length and head hash."""
    entries = ChainEntry.objects.filter(case=case)
    last = entries.order_by("-position").first()
    entries.delete()
    return (last.position, last.entry_hash) if last else (0, "")
