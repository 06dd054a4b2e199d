"""Importing a school's staff list and adding a school. Each write is one
transaction with its audit event, which carries ids and counts, never names."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.onboarding import selectors
from harbour.onboarding.models import StaffImport
from harbour.onboarding.plan import ADD, LEAVER, UPDATE, Plan, fingerprint, make_plan
from harbour.onboarding.rows import Row, StaffList
from harbour.schools.models import Role, RoleAssignment, School, StaffMember

# A preview is confirmed the same day or uploaded again.
PREVIEW_HOURS = 24


class StaleImport(Exception):
    """The directory changed since the preview, or the preview is gone or used."""


def preview(*, school: School, user, staff_list: StaffList) -> tuple[Plan, str]:
    """The plan for this list against the school's staff now, and the directory's digest."""
    current = selectors.current_staff(school)
    # With problems in the file, its readable rows are checked too, so that every
    # problem is reported at once; nothing is saved either way.
    checked = staff_list.rows + staff_list.partial
    plan = make_plan(
        checked,
        current,
        columns=staff_list.columns,
        importer_id=selectors.importer_staff_id(user, school),
        emails_with_errors=staff_list.emails - {row.key for row in checked},
    )
    return plan, fingerprint(current)


def _row_json(row: Row) -> dict:
    return {
        "line": row.line,
        "name": row.name,
        "email": row.email,
        "job_title": row.job_title,
        "line_manager_email": row.line_manager_email,
        "roles": sorted(row.roles),
    }


def stored_list(staff_import: StaffImport) -> StaffList:
    rows = tuple(Row(**{**row, "roles": frozenset(row["roles"])}) for row in staff_import.rows)
    return StaffList(
        rows=rows, columns=frozenset(staff_import.columns), emails=frozenset(r.key for r in rows)
    )


@transaction.atomic
def keep_preview(
    *, origin: Origin, school: School, staff_list: StaffList, content: bytes, staff_fingerprint: str
):
    """Keep a previewed list until it is confirmed; earlier previews of the school left unconfirmed go."""
    StaffImport.objects.filter(school=school, applied_at__isnull=True).delete()
    StaffImport.objects.filter(
        uploaded_at__lt=timezone.now() - datetime.timedelta(hours=PREVIEW_HOURS)
    ).filter(applied_at__isnull=True).delete()
    return StaffImport.objects.create(
        school=school,
        uploaded_by=origin.user,
        rows=[_row_json(row) for row in staff_list.rows],
        columns=sorted(staff_list.columns),
        content_sha256=hashlib.sha256(content).hexdigest(),
        staff_fingerprint=staff_fingerprint,
    )


def sweep_previews(*, origin: Origin, now: datetime.datetime | None = None) -> list[int]:
    """Delete previews left unconfirmed for longer than PREVIEW_HOURS (they hold
    the uploaded names and addresses), one transaction and audit event per school;
    run by `harbour apply-retention`. Returns the ids deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=PREVIEW_HOURS)
    old = StaffImport.objects.filter(applied_at__isnull=True, uploaded_at__lt=cutoff)
    by_school: dict[int, list[int]] = {}
    for pk, school_id in old.order_by("pk").values_list("pk", "school_id"):
        by_school.setdefault(school_id, []).append(pk)
    deleted = []
    for school_id, ids in sorted(by_school.items()):
        with transaction.atomic():
            # Only what is still there and still unconfirmed (a confirm may have won the race).
            present = list(
                StaffImport.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids, applied_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if not present:
                continue
            StaffImport.objects.filter(pk__in=present).delete()
            record_event(
                origin=origin,
                action="staff.import_previews_swept",
                school=School.objects.filter(pk=school_id).first(),
                count=len(present),
            )
            deleted += present
    return deleted


def is_current(staff_import: StaffImport) -> bool:
    fresh = staff_import.uploaded_at >= timezone.now() - datetime.timedelta(hours=PREVIEW_HOURS)
    return staff_import.applied_at is None and fresh


@transaction.atomic
def confirm_import(*, origin: Origin, staff_import: StaffImport) -> Plan:
    """Apply a preview exactly as it was shown: refused if it was used or has
    expired, or if the school's staff changed since (then the plan would differ)."""
    School.objects.select_for_update().get(pk=staff_import.school_id)
    staff_import = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
    if not is_current(staff_import):
        raise StaleImport("This preview has been used or has expired: upload the file again.")
    plan = _apply(
        origin=origin,
        school=staff_import.school,
        staff_list=stored_list(staff_import),
        expected=staff_import.staff_fingerprint,
        obj=staff_import,
        content_sha256=staff_import.content_sha256,
    )
    staff_import.applied_at = timezone.now()
    staff_import.rows = []
    staff_import.counts = plan.counts
    staff_import.save(update_fields=["applied_at", "rows", "counts"])
    return plan


@transaction.atomic
def import_list(
    *, origin: Origin, school: School, staff_list: StaffList, expected: str = "", content_sha256: str = ""
) -> Plan:
    """Check and apply a list in one go (the API); `expected`, if given, is the
    directory's digest from the caller's dry run."""
    School.objects.select_for_update().get(pk=school.pk)
    return _apply(
        origin=origin,
        school=school,
        staff_list=staff_list,
        expected=expected,
        obj=school,
        content_sha256=content_sha256,
    )


class ImportRefused(Exception):
    def __init__(self, plan: Plan):
        super().__init__("The list has problems.")
        self.plan = plan


def _apply(*, origin, school, staff_list, expected, obj, content_sha256) -> Plan:
    if staff_list.errors:
        raise ImportRefused(Plan(entries=(), errors=staff_list.errors))
    plan, now = preview(school=school, user=origin.user, staff_list=staff_list)
    if expected and now != expected:
        raise StaleImport("The staff directory has changed since this preview: upload the file again.")
    if plan.errors:
        raise ImportRefused(plan)
    if plan.changes_anything:
        ids = _write(school, plan)
        record_event(
            origin=origin,
            action="staff.imported",
            obj=obj,
            school=school,
            counts=plan.counts,
            added=ids[ADD],
            updated=ids[UPDATE],
            leavers=ids[LEAVER],
            content_sha256=content_sha256,
        )
    return plan


def _write(school: School, plan: Plan) -> dict[str, list[int]]:
    adds = [entry for entry in plan.entries if entry.action == ADD]
    created = StaffMember.objects.bulk_create(
        [StaffMember(school=school, full_name=e.name, email=e.email, job_title=e.job_title) for e in adds]
    )
    id_of = {entry.email.casefold(): staff.pk for entry, staff in zip(adds, created, strict=True)}
    for entry in plan.entries:
        if entry.line and entry.action != ADD:
            id_of[entry.email.casefold()] = entry.staff_id

    def manager_id(key: str) -> int | None:
        if not key:
            return None
        return int(key[1:]) if key.startswith("#") else id_of[key]

    changed = [entry for entry in plan.entries if entry.action in (ADD, UPDATE)]
    staff = {s.pk: s for s in StaffMember.objects.filter(pk__in=[id_of[e.email.casefold()] for e in changed])}
    for entry in changed:
        member = staff[id_of[entry.email.casefold()]]
        member.full_name, member.email, member.job_title = entry.name, entry.email, entry.job_title
        member.is_active = True
        member.line_manager_id = manager_id(entry.manager)
    StaffMember.objects.bulk_update(
        list(staff.values()), ["full_name", "email", "job_title", "is_active", "line_manager"], batch_size=500
    )
    wanted = {id_of[entry.email.casefold()]: entry.roles for entry in changed}
    held: dict[int, set[str]] = {}
    removed = []
    for pk, staff_id, role in RoleAssignment.objects.filter(staff_id__in=wanted).values_list(
        "pk", "staff_id", "role"
    ):
        held.setdefault(staff_id, set()).add(role)
        if role not in wanted[staff_id]:
            removed.append(pk)
    RoleAssignment.objects.filter(pk__in=removed).delete()
    added = [
        RoleAssignment(staff_id=staff_id, role=role)
        for staff_id, roles in wanted.items()
        for role in sorted(roles - held.get(staff_id, set()))
    ]
    RoleAssignment.objects.bulk_create(added, batch_size=500)
    leavers = [entry.staff_id for entry in plan.entries if entry.action == LEAVER]
    StaffMember.objects.filter(pk__in=leavers, school=school).update(is_active=False)
    return {
        ADD: sorted(id_of[e.email.casefold()] for e in adds),
        UPDATE: sorted(e.staff_id for e in plan.entries if e.action == UPDATE),
        LEAVER: sorted(leavers),
    }


@transaction.atomic
def add_school(*, origin: Origin, form, trust, creator: StaffMember) -> School:
    """A new school in the trust, with the settings given; the administrator who
    adds it becomes its first administrator, so they can import its staff."""
    school = form.save(commit=False)
    school.trust = trust
    school.save()
    admin = StaffMember.objects.create(
        school=school,
        user=origin.user,
        full_name=creator.full_name,
        email=creator.email,
        job_title=creator.job_title,
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(staff=admin, role=Role.EMPLOYEE),
            RoleAssignment(staff=admin, role=Role.ADMINISTRATOR),
        ]
    )
    record_event(
        origin=origin,
        action="school.added",
        obj=school,
        school=school,
        trust=trust.pk,
        administrator=admin.pk,
    )
    return school
