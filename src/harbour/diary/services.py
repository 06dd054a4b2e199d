"""The employee's private diary: writing an entry, and sharing entries with
their manager, which turns each into an incident on a case with the time it
was first written."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour import notify
from harbour.audit.services import Origin, record_event
from harbour.cases import services as case_services
from harbour.cases import taxonomy
from harbour.cases.models import Case, CaseStatus, Channel, CircleRole, Location
from harbour.diary.models import DiaryEntry
from harbour.evidence import chain
from harbour.schools.models import Role, StaffMember

ACCOUNT_LIMIT = 10000


@transaction.atomic
def write_entry(*, origin: Origin, author: StaffMember, values: dict) -> DiaryEntry:
    errors = {}
    occurred_on = values.get("occurred_on")
    if not occurred_on:
        errors["occurred_on"] = "Enter the date it happened."
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date must be today or in the past."
    elif occurred_on.year < 1990:
        errors["occurred_on"] = "Enter a date after 1990."
    if values.get("location") not in Location.values:
        errors["location"] = "Choose where it happened."
    if (values.get("channel") or "") not in ("", *Channel.values):
        errors["channel"] = "Choose how it happened from the list."
    behaviours = sorted(set(values.get("behaviours") or []))
    if not behaviours:
        errors["behaviours"] = "Tick at least one thing that happened."
    elif any(code not in taxonomy.BY_CODE for code in behaviours):
        errors["behaviours"] = "Choose from the list."
    account = (values.get("account") or "").strip()
    if not account:
        errors["account"] = "Write what happened, in your own words."
    elif len(account) > ACCOUNT_LIMIT:
        errors["account"] = f"Keep this to {ACCOUNT_LIMIT} characters or fewer."
    if errors:
        raise ValidationError(errors)
    entry = DiaryEntry.objects.create(
        author=author,
        occurred_on=occurred_on,
        occurred_time=values.get("occurred_time"),
        location=values["location"],
        channel=values.get("channel") or "",
        behaviours=behaviours,
        account=account,
        who=(values.get("who") or "").strip(),
        recorded_at=timezone.now(),
    )
    # The audit names the author only: a private diary is nobody else's business.
    record_event(origin=origin, action="diary.written", obj=entry, school=author.school)
    return entry


def share_targets(author: StaffMember) -> list[Case]:
    """The author's cases that can take shared entries."""
    return list(
        Case.objects.filter(
            members__staff=author, members__role=CircleRole.EMPLOYEE, school_id=author.school_id
        )
        .exclude(status=CaseStatus.CLOSED)
        .select_related("owner")
        .order_by("-opened_at")
    )


def managers_for(author: StaffMember) -> list[StaffMember]:
    """Who a first share can go to: the school's line managers and headteachers."""
    return list(
        StaffMember.objects.filter(
            school_id=author.school_id,
            is_active=True,
            user__isnull=False,
            roles__role__in=[Role.LINE_MANAGER, Role.HEADTEACHER],
        )
        .exclude(pk=author.pk)
        .distinct()
        .order_by("full_name")
    )


def _incident_values(entry: DiaryEntry) -> dict:
    return {
        "employee": entry.author_id,
        "person": None,
        "occurred_on": entry.occurred_on.isoformat(),
        "occurred_time": entry.occurred_time.isoformat(timespec="minutes") if entry.occurred_time else None,
        "location": entry.location,
        "channel": entry.channel or Channel.OTHER,
        "behaviours": entry.behaviours,
        "account": entry.account,
        "person_description": entry.who,
    }


@transaction.atomic
def share_entries(
    *,
    origin: Origin,
    author: StaffMember,
    entries: list[DiaryEntry],
    case: Case | None = None,
    manager: StaffMember | None = None,
) -> Case:
    """Share the chosen entries: onto one of the author's cases, or, when they have
    none, onto a new case owned by the manager they choose."""
    if not entries:
        raise ValidationError({"entries": "Choose at least one entry to share."})
    entries = list(
        DiaryEntry.objects.select_for_update().filter(pk__in=[e.pk for e in entries], author=author)
    )
    if any(entry.shared_at for entry in entries):
        raise ValidationError({"entries": "Some of those entries have already been shared."})
    if case is not None:
        if case.pk not in {c.pk for c in share_targets(author)}:
            raise ValidationError({"case": "Choose one of your open cases."})
    else:
        if manager is None or manager.pk not in {m.pk for m in managers_for(author)}:
            raise ValidationError({"manager": "Choose the manager to share with."})
        case = case_services.open_case(origin=origin, school=author.school, owner=manager, employees=[author])
    now = timezone.now()
    for entry in sorted(entries, key=lambda e: (e.occurred_on, e.recorded_at)):
        incident = case_services.record_shared_entry(
            origin=origin,
            case=case,
            values=_incident_values(entry),
            written_at=entry.recorded_at,
            shared_at=now,
        )
        entry.shared_at = now
        entry.incident = incident
        entry.save(update_fields=["shared_at", "incident"])
        # Once shared, the entry is part of the case's story as first written.
        chain.append(origin=origin, case=case, kind="diary_entry", record=entry)
    record_event(
        origin=origin, action="diary.shared", obj=case, case=case, entry_ids=sorted(e.pk for e in entries)
    )
    notify.notify_after_commit(
        staff=case.owner,
        subject="Harbour: diary entries shared with you",
        sentence="An employee has shared entries from their diary with you.",
        path=notify.case_path(case.pk),
    )
    return case
