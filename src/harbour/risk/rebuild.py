"""Rebuild every piece of kept state from the whole record: the normalised names
people are matched by, each case's risk state and the trust's name matches.

The services keep all of it up to date as they write; this is for data that
arrived another way (a restore, a bulk load such as the trust-scale benchmark's,
an upgrade), and it is safe to run at any time: it only rewrites derived rows."""

from django.db import transaction

from harbour.cases.models import Case, PersonOfConcern, name_key
from harbour.risk import patterns, state
from harbour.risk.models import NameMatch
from harbour.schools.models import Trust

BATCH = 500


def rebuild_names() -> int:
    changed = []
    for person in PersonOfConcern.objects.only("pk", "name", "name_key").iterator(chunk_size=2000):
        key = name_key(person.name)
        if person.name_key != key:
            person.name_key = key
            changed.append(person)
    PersonOfConcern.objects.bulk_update(changed, ["name_key"], batch_size=BATCH)
    return len(changed)


def rebuild_cases() -> int:
    count = 0
    ids = list(Case.objects.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            for case in Case.objects.filter(pk__in=ids[start : start + BATCH]).select_related("school"):
                state.refresh(case)
                count += 1
    return count


def rebuild_matches() -> int:
    trusts = list(Trust.objects.values_list("pk", flat=True))
    found = patterns.compute_trust_matches(trusts)
    with transaction.atomic():
        NameMatch.objects.all().delete()
        NameMatch.objects.bulk_create(
            [NameMatch(trust_id=trust_id, name_key=key, **match) for (trust_id, key), match in found.items()],
            batch_size=BATCH,
        )
    return len(found)


def rebuild_all() -> dict:
    return {"names": rebuild_names(), "cases": rebuild_cases(), "matches": rebuild_matches()}
