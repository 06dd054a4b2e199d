"""Rebuild every piece of kept state from the whole record: the normalised names
people are matched by, each case's risk state and the trust's name matches.

The services keep all of it up to date as they write; this is for data that
arrived another way (a restore, a bulk load such as the trust-scale benchmark's,
an upgrade), and it is safe to run at any time: it only rewrites derived rows,
and running it twice leaves the same rows as running it once.

Upgrades: no data migration rebuilds kept state (one that ran today's code would
break as soon as a later migration added a column that code writes). Instead each
CaseRiskState row carries the risk.version.RULES_VERSION that wrote it, and after
every `harbour migrate` that leaves the schema complete, `after_migrate` rebuilds
what is stale: cases whose row is older than the rules, or missing. `harbour
rebuild-state --stale` does the same by hand; without --stale it rebuilds all."""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q

from harbour.cases.models import Case, PersonOfConcern, name_key
from harbour.risk import patterns, state
from harbour.risk.models import NameMatch
from harbour.risk.version import RULES_VERSION
from harbour.schools.models import Trust

logger = logging.getLogger(__name__)

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


def rebuild_cases(ids: list[int] | None = None) -> int:
    """Refresh each case's risk state (every case, or those given), a batch per transaction."""
    count = 0
    if ids is None:
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


def stale_case_ids() -> list[int]:
    """Cases whose kept risk state was written by older rules, or was never written."""
    stale = Q(risk_state__isnull=True) | Q(risk_state__rules_version__lt=RULES_VERSION)
    return list(Case.objects.filter(stale).values_list("pk", flat=True).order_by("pk"))


def rebuild_stale() -> dict:
    """Rebuild what older rules wrote. Nothing stale, nothing done (one query).

    With any case stale the names and the trust's matches are rebuilt as well:
    they come from the same versioned rules, and whatever left a case without its
    state (a restore, a bulk load) may have left them behind too."""
    ids = stale_case_ids()
    if not ids:
        return {"names": 0, "cases": 0, "matches": 0}
    names = rebuild_names()
    cases = rebuild_cases(ids)
    return {"names": names, "cases": cases, "matches": rebuild_matches()}


def after_migrate(sender, *, using=DEFAULT_DB_ALIAS, plan=None, verbosity=1, stdout=None, **kwargs):
    """post_migrate (connected once, by the risk app): rebuild stale kept state with
    today's code, now that today's schema is in place.

    Skipped when the schema is not the code's: a migrate to an earlier target
    (`harbour migrate risk 0005`) leaves columns the code writes missing. Skipped
    for `flush`, which sends no plan and leaves every table empty."""
    from harbour import health

    if plan is None or using != DEFAULT_DB_ALIAS:
        return
    if health.problem(connections[using]) is not None:
        logger.info("kept state: not rebuilt, migrations are not all applied")
        return
    counts = rebuild_stale()
    if counts["cases"]:
        logger.info("kept state rebuilt: %(cases)d cases, %(names)d names, %(matches)d matches", counts)
        if verbosity and stdout is not None:
            stdout.write(
                f"  Kept state rebuilt for rules version {RULES_VERSION}: {counts['cases']} case(s), "
                f"{counts['names']} name(s), {counts['matches']} name match(es)."
            )
