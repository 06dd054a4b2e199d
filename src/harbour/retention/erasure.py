"""Erasing a case whose retention period has passed: everything recorded in it
goes — incidents, corrections, evidence with its files, packs with theirs, the
plan, meetings, referrals, risk, restrictions, front-desk instructions, status
history, confidentiality choices, the circle, holds that were lifted — and the
people of concern it named who are on no other case. What stays holds no
content: the bare Case row (id, school, owner, dates), its audit trail (ids and
field names only, by design), its hash-chain entries (positions, kinds, ids and
hashes, which the database refuses to delete) and the CaseErasure that
`harbour verify` explains them by (evidence.chain.erase_chained).

The parts are found by walking the models' reverse relations from Case rather
than from a list written here, so a record kind added to a case later goes with
it too instead of blocking the erasure (every relation to Case is PROTECT)."""

import logging

from django.db import models, transaction
from django.utils import timezone

from harbour.audit.append_only import AppendOnlyModel
from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin, record_event
from harbour.cases.models import (
    Case,
    CasePerson,
    CaseStatus,
    ChampionSees,
    ColleaguesMayKnow,
    Incident,
    PersonOfConcern,
)
from harbour.evidence import chain, storage
from harbour.evidence.models import ChainEntry, EvidenceItem, EvidencePack
from harbour.frontdesk.models import ContactAttempt, ContactRestriction
from harbour.orders.models import ProtectiveOrder
from harbour.plans.models import PlanAction, Reminder, ReminderKind
from harbour.retention import rules
from harbour.retention.models import CaseErasure, LegalHold
from harbour.risk import patterns

log = logging.getLogger(__name__)


def _kept(model) -> bool:
    """Append-only tables stay (the audit trail, the chain): they hold no content."""
    return issubclass(model, AppendOnlyModel) or model in {AuditEvent, ChainEntry, CaseErasure}


def _tally(counts: dict, deleted: dict) -> None:
    for label, n in deleted.items():
        if n:
            counts[label] = counts.get(label, 0) + n


def _delete_below(model, queryset, counts: dict) -> None:
    """Delete every row that points at the rows of `queryset`, deepest first."""
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.many_to_many or _kept(child):
            continue
        children = child._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if not children.exists():
            continue
        _delete_below(child, children, counts)
        _tally(counts, children.delete()[1])


def _files_of(case) -> list[str]:
    names = []
    for stored, preview in EvidenceItem.objects.filter(case=case).values_list("stored_name", "preview_name"):
        names += [stored, preview]
    for pdf, zipped in EvidencePack.objects.filter(case=case).values_list("pdf_name", "zip_name"):
        names += [pdf, zipped]
    return [name for name in names if name]


def _people_left_behind(person_ids) -> models.QuerySet:
    """People of concern the case named who are on no other case: they go with it."""
    on = {"person": models.OuterRef("pk")}
    return (
        PersonOfConcern.objects.filter(pk__in=person_ids)
        .exclude(models.Exists(CasePerson.objects.filter(**on)))
        .exclude(models.Exists(Incident.objects.filter(**on)))
        .exclude(models.Exists(ContactRestriction.objects.filter(**on)))
        .exclude(models.Exists(ProtectiveOrder.objects.filter(**on)))
    )


def _remove_files(names: list[str], case_id: int) -> None:
    for name in names:
        try:
            storage.remove(name)
        except Exception:  # noqa: BLE001 - one unreachable blob must not stop the rest
            log.exception("retention: could not remove an evidence file of erased case %s", case_id)


def erase_case(*, origin: Origin, case_id: int, months: int, now=None) -> CaseErasure | None:
    """Erase one closed case if it is still due and not held; None if another
    run has it, it is already gone, held, reopened or not due after all.
    Everything is re-read under the case's row lock, so two runs never erase the
    same case twice and a hold placed a moment ago is obeyed."""
    now = now or timezone.now()
    with transaction.atomic():
        # PostgreSQL: a case another run is erasing is skipped, not waited for.
        # SQLite: IMMEDIATE transactions queue, and the checks below see its work.
        case = Case.objects.select_for_update(skip_locked=True).filter(pk=case_id).first()
        if case is None or case.status != CaseStatus.CLOSED:
            return None
        if CaseErasure.objects.filter(case=case).exists():
            return None
        if LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
            return None
        if not rules.is_due(case.status_changed_at, months, now):
            return None
        files = _files_of(case)
        names = patterns.names_of(case)
        person_ids = list(CasePerson.objects.filter(case=case).values_list("person_id", flat=True))
        attempt_ids = list(
            ContactAttempt.incidents.through.objects.filter(incident__case=case).values_list(
                "contactattempt_id", flat=True
            )
        )
        action_ids = list(PlanAction.objects.filter(case=case).values_list("pk", flat=True))
        # Before the records go, as the chain asks: its length and head now.
        chain_length, chain_head = chain.erase_chained(case)
        counts: dict[str, int] = {}
        _tally(
            counts,
            (
                Reminder.objects.filter(kind=ReminderKind.REVIEW, object_id=case.pk)
                | Reminder.objects.filter(kind=ReminderKind.ACTION, object_id__in=action_ids)
            ).delete()[1],
        )
        _delete_below(Case, Case.objects.filter(pk=case.pk), counts)
        # A contact attempt logged as incidents of this case alone goes with it.
        _tally(counts, ContactAttempt.objects.filter(pk__in=attempt_ids, incidents__isnull=True).delete()[1])
        people = _people_left_behind(person_ids)
        _delete_below(PersonOfConcern, people, counts)
        _tally(counts, people.delete()[1])
        counts["evidence files"] = len(files)
        # The case row stays as the anchor of its audit trail and chain; what it
        # held of the employee's choices goes (their history went with them).
        Case.objects.filter(pk=case.pk).update(
            front_desk_instruction="",
            colleagues_may_know=ColleaguesMayKnow.NOTHING,
            champion_sees=ChampionSees.NOTHING,
            next_review_on=None,
            risk_level="",
        )
        erased = CaseErasure.objects.create(
            case=case,
            erased_at=now,
            closed_at=case.status_changed_at,
            months=months,
            chain_length=chain_length,
            chain_head=chain_head,
            counts=counts,
        )
        record_event(
            origin=origin, action="retention.case_erased", obj=erased, case=case, months=months, counts=counts
        )
        patterns.refresh_names(names)
        transaction.on_commit(lambda: _remove_files(files, case.pk))
    return erased
