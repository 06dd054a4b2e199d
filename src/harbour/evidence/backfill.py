"""Chaining records saved before their kind was chained (an upgrade), so a
database that verified before still verifies after. Used by the evidence
migration 0004 with historical models, and safe to run again: a record that
already has an entry is left alone. Each case's unchained records are appended
after its last entry, in the order they were written."""

from django.utils import timezone

from harbour.audit.hashing import GENESIS, canonical, plain, sha256

# The time a record was written, for ordering: the first of these it has.
WRITTEN = ("at", "recorded_at", "decided_at", "referred_at", "created_at", "added_at", "shared_at")


def _written(model, record):
    for name in WRITTEN:
        if name in model.chain_fields:
            return getattr(record, name)
    return None


def chain_unchained(apps) -> int:
    from harbour.evidence import chain

    ChainEntry = apps.get_model("evidence", "ChainEntry")
    chained = set(ChainEntry.objects.values_list("case_id", "kind", "object_id"))
    pending: dict[int, list] = {}
    for kind, live in chain.KINDS.items():
        try:
            model = apps.get_model(live._meta.app_label, live.__name__)
        except LookupError:
            # A kind whose model a later migration adds: it has no rows to chain yet
            # (from then on, the services chain each record as they write it).
            continue
        path = chain.case_path(live)
        rows = model.objects.filter(**{f"{path}__isnull": False}).order_by("pk")
        for record, case_id in zip(rows, rows.values_list(path, flat=True), strict=True):
            if (case_id, kind, record.pk) in chained:
                continue
            fields = {name: plain(getattr(record, name)) for name in live.chain_fields}
            pending.setdefault(case_id, []).append((_written(live, record), kind, record.pk, fields))
    added = 0
    for case_id, records in pending.items():
        records.sort(key=lambda item: (item[0] is None, item[0] or timezone.now(), item[1], item[2]))
        last = ChainEntry.objects.filter(case_id=case_id).order_by("-position").first()
        position, previous = (last.position, last.entry_hash) if last else (0, GENESIS)
        for _, kind, object_id, fields in records:
            values = {
                "position": position + 1,
                "kind": kind,
                "object_id": object_id,
                "chained_at": timezone.now(),
                "content_hash": sha256(canonical(fields)),
                "previous_hash": previous,
            }
            entry = ChainEntry.objects.create(
                case_id=case_id, entry_hash=chain.entry_hash(**values), **values
            )
            position, previous = entry.position, entry.entry_hash
            added += 1
    return added
