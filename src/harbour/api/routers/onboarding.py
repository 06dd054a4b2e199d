"""Onboarding over the API: a school's staff list imported by an integration (the
same rules, preview and errors as the import page), and a school added to a trust."""

import hashlib
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import model_validator

from harbour import access
from harbour.api.routers.common import origin
from harbour.api.types import Flag, Id, Input, answers, one_of, text
from harbour.onboarding import rows as staff_rows
from harbour.onboarding import services
from harbour.onboarding.forms import NewSchoolForm
from harbour.onboarding.plan import Plan
from harbour.schools.models import Role, School, Trust

router = Router(tags=["onboarding"])

# A file of MAX_ROWS lines of a few hundred characters each.
MAX_CSV_CHARS = staff_rows.MAX_BYTES


class StaffRowIn(Input):
    """One member of staff. A detail left out of every row is left as it is for
    staff already in the directory; one given on some rows must be on all."""

    name: text(staff_rows.NAME_MAX)
    email: text(staff_rows.EMAIL_MAX)
    job_title: text(staff_rows.JOB_TITLE_MAX) | None = None
    line_manager_email: text(staff_rows.EMAIL_MAX) | None = None
    roles: Annotated[list[one_of(Role)], Field(max_length=len(Role))] | None = None


class StaffImportIn(Input):
    dry_run: Flag = Field(True, description="true: only say what would change. false: apply it.")
    csv: text(MAX_CSV_CHARS, min_length=1) | None = Field(
        None, description="The staff list as CSV text, the same columns as the import page's file."
    )
    rows: Annotated[list[StaffRowIn], Field(min_length=1, max_length=staff_rows.MAX_ROWS)] | None = None
    staff_version: text(64) = Field(
        "",
        description="The staff_version a dry run answered: the import is refused (409) if the "
        "directory has changed since.",
    )

    @model_validator(mode="after")
    def _one_list(self):
        if (self.csv is None) == (self.rows is None):
            raise ValueError("Send the list as either csv or rows, not both.")
        return self


class RowErrorOut(Schema):
    line: int = Field(
        description="The CSV line (1 is the header), or the row's place in rows counting from 2; "
        "0 for the list as a whole."
    )
    column: str
    message: str


class EntryOut(Schema):
    action: one_of(("add", "update", "unchanged", "leaver", "kept"))
    line: int
    staff_id: int | None
    name: str
    email: str
    job_title: str
    line_manager_email: str
    roles: list[str]
    changed: list[str]


class StaffImportOut(Schema):
    """The preview (or what was applied). A 400 for a body that is not JSON at all
    carries only `detail`; the rest then take their empty values."""

    detail: str
    applied: bool = False
    staff_version: str = ""
    counts: dict[str, int] = {}
    entries: list[EntryOut] = []
    row_errors: list[RowErrorOut] = []


class SchoolIn(Input):
    trust_id: Id
    name: text(School._meta.get_field("name").max_length, min_length=1)
    unacceptable_actions_policy_url: text(200) = ""
    cctv_policy_url: text(200) = ""
    conduct_gap_days: Annotated[int, Field(ge=1, le=3650)] = 90
    escalation_window_days: Annotated[int, Field(ge=7, le=365)] = 28


class SchoolOut(Schema):
    id: int
    trust_id: int
    name: str
    unacceptable_actions_policy_url: str
    cctv_policy_url: str
    conduct_gap_days: int
    escalation_window_days: int


def _json_list(given: list[StaffRowIn]) -> staff_rows.StaffList:
    optional = (staff_rows.JOB_TITLE, staff_rows.LINE_MANAGER, staff_rows.ROLES)
    columns = {staff_rows.NAME, staff_rows.EMAIL} | {
        c for c in optional if any(getattr(r, c) is not None for r in given)
    }
    raw, errors = [], []
    for line, row in enumerate(given, start=2):  # counted as a file's lines, after its header
        cells = {staff_rows.NAME: row.name, staff_rows.EMAIL: row.email}
        for column in optional:
            value = getattr(row, column)
            if column in columns and value is None:
                errors.append(staff_rows.RowError(line, column, f"Give {column} on every row or on none."))
            cells[column] = value if value is not None else ([] if column == staff_rows.ROLES else "")
        raw.append((line, cells))
    checked = staff_rows.check_rows(raw, frozenset(columns))
    return staff_rows.StaffList(
        rows=checked.rows,
        columns=checked.columns,
        errors=tuple(sorted(errors + list(checked.errors), key=lambda e: e.line)),
        emails=checked.emails,
        partial=checked.partial,
    )


def _answer(plan: Plan, *, applied: bool, version: str, errors=()) -> dict:
    problems = sorted([*errors, *plan.errors], key=lambda e: e.line)
    if problems:
        detail = "The list has problems: nothing was saved."
    elif applied:
        detail = "Imported." if plan.changes_anything else "Nothing to change: the directory already matches."
    else:
        detail = "Nothing saved (dry run)." if plan.changes_anything else "Nothing would change."
    return {
        "detail": detail,
        "applied": applied and not problems,
        "staff_version": version,
        "counts": plan.counts,
        "entries": [
            {
                "action": e.action,
                "line": e.line,
                "staff_id": e.staff_id,
                "name": e.name,
                "email": e.email,
                "job_title": e.job_title,
                "line_manager_email": e.manager_email,
                "roles": sorted(e.roles),
                "changed": list(e.changed),
            }
            for e in plan.entries
        ],
        "row_errors": [{"line": p.line, "column": p.column, "message": p.message} for p in problems],
    }


@router.post(
    "/{school_id}/staff-import", response=answers({200: StaffImportOut, 400: StaffImportOut}, 404, 409, 422)
)
def import_staff(request, school_id: Id, payload: StaffImportIn):
    """Preview (dry_run) or apply a school's staff list: 400 with every row's
    problems if it has any, and then nothing is saved."""
    school = access.get_staff_admin_school(request.user, school_id)
    if payload.csv is not None:
        content = payload.csv.encode()
        staff_list = staff_rows.parse_csv(content)
    else:
        content = b""
        staff_list = _json_list(payload.rows)
    plan, version = services.preview(school=school, user=request.user, staff_list=staff_list)
    if staff_list.errors or plan.errors:
        return Status(400, _answer(plan, applied=False, version=version, errors=staff_list.errors))
    if payload.dry_run:
        return _answer(plan, applied=False, version=version)
    try:
        plan = services.import_list(
            origin=origin(request),
            school=school,
            staff_list=staff_list,
            expected=payload.staff_version,
            content_sha256=hashlib.sha256(content).hexdigest() if content else "",
        )
    except services.StaleImport as stale:
        return Status(409, {"detail": str(stale)})
    except services.ImportRefused as refused:
        return Status(400, _answer(refused.plan, applied=False, version=version))
    return _answer(plan, applied=True, version=version)


@router.post("", response=answers({201: SchoolOut}, 400, 404, 422))
def add_school(request, payload: SchoolIn):
    """Add a school to a trust in which you administer a school; you become its
    first administrator. Settings not given take Harbour's defaults."""
    if payload.trust_id not in access.school_adding_trusts(request.user):
        raise Http404("No such trust")
    trusts = Trust.objects.filter(pk=payload.trust_id)
    data = {
        field.name: field.get_default()
        for field in School._meta.get_fields()
        if field.concrete and not field.is_relation and field.name != "id"
    }
    data.update(payload.dict(), trust=payload.trust_id)
    form = NewSchoolForm(data, trusts=trusts)
    if not form.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    school = services.add_school(
        origin=origin(request),
        form=form,
        trust=form.cleaned_data["trust"],
        creator=access.administrator_record_in_trust(request.user, payload.trust_id),
    )
    access.forget(request.user)
    return Status(201, school)
