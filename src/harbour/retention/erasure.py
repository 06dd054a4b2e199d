"""Erasing a case whose retention period has passed: everything recorded in it
goes — incidents, corrections, evidence with its files, packs with theirs, the
plan, meetings, referrals, risk, restrictions, front-desk instructions, status
history, confidentiality choices, the circle, holds that were lifted — and the
people of concern it named who are on no other case. What stays holds no
content: the audit trail (ids and field names only, by design), the hash
chain's erasure record (chained.py) and this app's ErasedCase.

The parts are found by walking the models' reverse relations from Case rather
than from a list written here, so a record kind added to a case later goes with
it too instead of blocking the erasure (every relation to Case is PROTECT)."""

import logging

from django.db import models, transaction
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CasePerson, CaseStatus, Incident, PersonOfConcern
from harbour.evidence import storage
from harbour.evidence.models import ChainEntry, EvidenceItem, EvidencePack
from harbour.frontdesk.models import ContactAttempt, ContactRestriction
from harbour.plans.models import PlanAction, Reminder, ReminderKind
from harbour.retention import chained, rules
from harbour.retention.models import ErasedCase, LegalHold
from harbour.risk import patterns

log = logging.getLogger(__name__)


def _kept(model) -> bool:
    """Append-only tables stay: the audit trail, and the chain, whose own
    erasure (chained.py) decides what of it goes."""
    return model in {AuditEvent, ChainEntry} or hasattr(model._default_manager.none(), "_erase")


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
    )


def _remove_files(names: list[str], case_id: int) -> None:
    for name in names:
        try:
            storage.remove(name)
        except Exception:  # noqa: BLE001 - one unreachable blob must not stop the rest
            log.exception("retention: could not remove an evidence file of erased case %s", case_id)


def _delete_case_row(case) -> None:
    """The bare case row goes last. Until the audit trail stops holding cases by
    a protecting foreign key (the audit chain's change), it has to stay: then it
    is an empty closed case, its ErasedCase saying why."""
    try:
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).delete()
    except models.ProtectedError:
        Case.objects.filter(pk=case.pk).update(front_desk_instruction="", next_review_on=None, risk_level="")


def erase_case(*, origin: Origin, case_id: int, months: int, now=None) -> ErasedCase | None:
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
        if ErasedCase.objects.filter(case_id=case.pk).exists():
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
        chain_length, _ = chained.erase_chained(case)
        counts["chain entries"] = chain_length
        counts["evidence files"] = len(files)
        erased = ErasedCase.objects.create(
            case_id=case.pk,
            school_id=case.school_id,
            closed_at=case.status_changed_at,
            erased_at=now,
            months=months,
            counts=counts,
        )
        record_event(
            origin=origin,
            action="retention.case_erased",
            obj=erased,
            school=case.school,
            case_id=case.pk,
            months=months,
            counts=counts,
        )
        _delete_case_row(case)
        patterns.refresh_names(names)
        transaction.on_commit(lambda: _remove_files(files, case.pk))
    return erased
