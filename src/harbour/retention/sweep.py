"""What the retention schedule makes due, and applying it: `harbour
apply-retention`. Each school's periods decide for its own records. A dry run
lists the same rows (kind, id, school, the date counted from, the period) and
writes nothing.

Safe to run twice at once: a case is erased in its own transaction under its
row lock, re-checked there (see erasure.py), and every other kind is deleted by
id with a count of what this run actually deleted, so a second run finds
nothing left to do rather than doing it again."""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from harbour.api.models import ApiToken
from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, CaseStatus
from harbour.diary.models import DiaryEntry
from harbour.frontdesk.models import ContactAttempt
from harbour.onboarding import services as onboarding
from harbour.prevention.models import CheckIn, OnlineSafetyCheck
from harbour.retention import erasure, rules, schedule
from harbour.retention.models import DEFAULT_MONTHS, CaseErasure, LegalHold, RecordKind
from harbour.schools.models import School, StaffMember

SYSTEM = Origin(user=None, via="cli")
PREVIEWS = "staff_import_preview"


@dataclass(frozen=True)
class Due:
    kind: str
    id: int
    school_id: int
    counted_from: str  # ISO date or time the period runs from
    months: int
    held: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def due(now: datetime.datetime | None = None) -> list[Due]:
    """Everything the schedule erases at `now`, held cases included (marked held).
    Each query asks for rows older than the shortest period of any school (an
    index range); the rule then decides each row by its own school's period."""
    now = now or timezone.now()
    periods = schedule.periods_by_school(list(School.objects.values_list("pk", flat=True)))
    shortest = {kind: min([p[kind] for p in periods.values()] or [1]) for kind in RecordKind.values}

    def older(kind):
        return rules.cutoff(shortest[kind], now)

    def rows(kind, queryset, start_field, school_field) -> list[Due]:
        found = []
        for pk, start, school_id in queryset.values_list("pk", start_field, school_field):
            months = periods[school_id][kind]
            if rules.is_due(start, months, now):
                found.append(Due(kind, pk, school_id, start.isoformat(), months))
        return found

    found: list[Due] = []
    cases = Case.objects.filter(
        status=CaseStatus.CLOSED, status_changed_at__lte=older(RecordKind.CLOSED_CASE)
    )
    cases = cases.exclude(pk__in=CaseErasure.objects.values("case_id"))
    held = set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_id", flat=True))
    for row in rows(RecordKind.CLOSED_CASE, cases, "status_changed_at", "school_id"):
        found.append(Due(**{**row.as_dict(), "held": row.id in held}))
    diary = DiaryEntry.objects.filter(
        shared_at__isnull=True, incident__isnull=True, recorded_at__lte=older(RecordKind.PRIVATE_DIARY)
    )
    found += rows(RecordKind.PRIVATE_DIARY, diary, "recorded_at", "author__school_id")
    check_ins = CheckIn.objects.filter(held_on__lte=older(RecordKind.CHECK_IN).date())
    found += rows(RecordKind.CHECK_IN, check_ins, "held_on", "school_id")
    # The newest checklist of each employee is what they stand by today: only one a newer replaced goes.
    newest = OnlineSafetyCheck.objects.values("employee").annotate(last=Max("pk")).values("last")
    checks = OnlineSafetyCheck.objects.filter(
        completed_on__lte=older(RecordKind.ONLINE_CHECK).date()
    ).exclude(pk__in=newest)
    found += rows(RecordKind.ONLINE_CHECK, checks, "completed_on", "employee__school_id")
    attempts = ContactAttempt.objects.filter(
        incidents__isnull=True, at__lte=older(RecordKind.CONTACT_ATTEMPT)
    ).distinct()
    found += rows(RecordKind.CONTACT_ATTEMPT, attempts, "at", "person__school_id")
    found += _tokens(periods, now)
    return found


def _tokens(periods, now) -> list[Due]:
    """A token belongs to a person, not a school: it is kept for the longest
    period of any school they work at (the default if none)."""
    tokens = list(
        ApiToken.objects.filter(revoked_at__isnull=False).values_list("pk", "user_id", "revoked_at")
    )
    schools = defaultdict(set)
    for user_id, school_id in StaffMember.objects.filter(user_id__in={t[1] for t in tokens}).values_list(
        "user_id", "school_id"
    ):
        schools[user_id].add(school_id)
    found = []
    default = DEFAULT_MONTHS[RecordKind.API_TOKEN]
    for pk, user_id, revoked_at in tokens:
        months = max((periods[s][RecordKind.API_TOKEN] for s in schools[user_id]), default=default)
        if rules.is_due(revoked_at, months, now):
            school_id = min(schools[user_id], default=0)
            found.append(Due(RecordKind.API_TOKEN, pk, school_id, revoked_at.isoformat(), months))
    return found


MODELS = {
    RecordKind.PRIVATE_DIARY: DiaryEntry,
    RecordKind.CHECK_IN: CheckIn,
    RecordKind.ONLINE_CHECK: OnlineSafetyCheck,
    RecordKind.CONTACT_ATTEMPT: ContactAttempt,
    RecordKind.API_TOKEN: ApiToken,
}


@dataclass
class Outcome:
    erased: dict  # kind -> ids this run erased
    held: list  # case ids kept by a legal hold
    skipped: list  # case ids another run had, or no longer due

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.erased.values())


def apply(now: datetime.datetime | None = None) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome(erased=defaultdict(list), held=[], skipped=[])
    rows = due(now)
    for row in rows:
        if row.kind != RecordKind.CLOSED_CASE:
            continue
        if row.held:
            outcome.held.append(row.id)
            continue
        done = erasure.erase_case(origin=SYSTEM, case_id=row.id, months=row.months, now=now)
        (outcome.erased[row.kind] if done else outcome.skipped).append(row.id)
    by_kind_and_school = defaultdict(list)
    for row in rows:
        if row.kind != RecordKind.CLOSED_CASE:
            by_kind_and_school[(row.kind, row.school_id)].append(row.id)
    for (kind, school_id), ids in sorted(by_kind_and_school.items()):
        with transaction.atomic():
            model = MODELS[kind]
            # Only what is still there is deleted and counted: a run that lost the
            # race deletes none of these, and says so.
            present = list(
                model.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            if not present:
                continue
            if kind == RecordKind.CONTACT_ATTEMPT:
                # Logged as an incident since the list was read: it is on a case now.
                present = list(
                    ContactAttempt.objects.filter(pk__in=present, incidents__isnull=True).values_list(
                        "pk", flat=True
                    )
                )
            model.objects.filter(pk__in=present).delete()
            outcome.erased[kind].extend(present)
            record_event(
                origin=SYSTEM,
                action="retention.erased",
                school=School.objects.filter(pk=school_id).first(),
                kind=kind,
                count=len(present),
            )
    # Staff-list previews never confirmed: not records, so not on the schedule, but
    # they hold the uploaded names and addresses and go after a day.
    previews = onboarding.sweep_previews(origin=SYSTEM, now=now)
    if previews:
        outcome.erased[PREVIEWS] = previews
    return outcome
