"""Reading a school's staff list: a CSV file as an MIS exports it, or the same rows
typed over the API, into rows Harbour can compare with its directory. Plain
functions: nothing here touches the database.

The columns, matched by their header whatever its case, spacing or punctuation:

    name                  "Name", "Full name", "Staff name"            required
    email                 "Email", "E-mail", "Email address", "Work e-mail"   required
    job_title             "Job title", "Title", "Position", "Post"
    line_manager_email    "Line manager's e-mail", "Line manager email", "Manager email"
    roles                 "Roles", "Harbour roles"

Other columns are ignored (an MIS export has many). A column left out of the file
leaves that detail of existing staff as it is. `roles` is a list separated by ";"
of Harbour's role names or codes ("Line manager; Headteacher", "line_manager");
everyone is an employee whatever the cell says. Administrator and Trust lead are
refused: they open a school's accounts or a trust's figures, so they are given one
person at a time on the staff member's page, never by a file.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from harbour.schools.models import Role

# A big school has a few hundred staff; a trust's largest a few thousand lines at most.
MAX_ROWS = 2000
MAX_BYTES = 1024 * 1024
NAME_MAX = 200
JOB_TITLE_MAX = 200
EMAIL_MAX = 254

NAME, EMAIL, JOB_TITLE, LINE_MANAGER, ROLES = "name", "email", "job_title", "line_manager_email", "roles"
COLUMNS = (NAME, EMAIL, JOB_TITLE, LINE_MANAGER, ROLES)
REQUIRED = (NAME, EMAIL)
COLUMN_LABELS = {
    NAME: "Name",
    EMAIL: "Email",
    JOB_TITLE: "Job title",
    LINE_MANAGER: "Line manager email",
    ROLES: "Roles",
}


def _key(text: str) -> str:
    """A header or role name reduced to its letters: "E-mail " and "email" are one."""
    return re.sub(r"[^a-z]", "", text.casefold())


HEADERS = {
    _key(header): column
    for column, headers in {
        NAME: ("name", "full name", "staff name", "fullname"),
        EMAIL: ("email", "e-mail", "email address", "e-mail address", "work email", "work e-mail"),
        JOB_TITLE: ("job title", "title", "position", "post", "job"),
        LINE_MANAGER: (
            "line manager email",
            "line manager's email",
            "line manager's e-mail",
            "line manager e-mail",
            "manager email",
            "manager's e-mail",
            "line manager email address",
        ),
        ROLES: ("roles", "role", "harbour roles", "harbour role"),
    }.items()
    for header in headers
}

# Roles a file may give, by code and by label; and those it may not.
GRANTABLE = (Role.EMPLOYEE, Role.LINE_MANAGER, Role.HEADTEACHER, Role.WORKPLACE_CHAMPION, Role.FRONT_OFFICE)
NOT_BY_IMPORT = frozenset({Role.ADMINISTRATOR, Role.TRUST_LEAD})
ROLE_NAMES = {_key(name): role for role in Role for name in (role.value, role.label)}
ROLE_NAMES[_key("head teacher")] = Role.HEADTEACHER
ROLE_NAMES[_key("champion")] = Role.WORKPLACE_CHAMPION
ROLE_NAMES[_key("reception")] = Role.FRONT_OFFICE
GRANTABLE_TEXT = ", ".join(role.label for role in GRANTABLE[:-1]) + f" or {GRANTABLE[-1].label}"


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of the file (line 0: the file as a whole)."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    email: str
    job_title: str = ""
    line_manager_email: str = ""
    roles: frozenset = frozenset({Role.EMPLOYEE})

    @property
    def key(self) -> str:
        return self.email.casefold()


@dataclass(frozen=True)
class StaffList:
    """The rows read, the columns the file had, and every problem found."""

    rows: tuple[Row, ...] = ()
    columns: frozenset = frozenset()
    ignored: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()
    # Every well-formed address in the file, its rows with problems included, so a
    # line manager on a bad row is not reported a second time as missing.
    emails: frozenset = frozenset()
    # Rows with a problem but a usable address, with what was readable: the plan
    # checks them too (their line manager), so every problem is found in one go.
    partial: tuple[Row, ...] = ()


def file_error(message: str) -> StaffList:
    return StaffList(errors=(RowError(0, "", message),))


def parse_csv(data: bytes) -> StaffList:
    if len(data) > MAX_BYTES:
        return file_error(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files."
        )
    if not data.strip():
        return file_error("The file is empty.")
    if b"\x00" in data:
        # A spreadsheet (.xlsx is a zip) or another binary file, not text.
        return file_error("The file is not a CSV file. Save it from your spreadsheet as CSV UTF-8.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return file_error(
            "The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'."
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                return file_error(f"The file has more than {MAX_ROWS:,} staff: split it into smaller files.")
    except csv.Error:
        return file_error(
            f"Line {start} is not CSV Harbour can read (a quote left open?). Save the file from your "
            "spreadsheet as CSV."
        )
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        return file_error("The file is empty.")
    (_, header), body = records[0], records[1:]
    columns: dict[str, int] = {}
    ignored = []
    errors: list[RowError] = []
    for index, title in enumerate(header):
        column = HEADERS.get(_key(title))
        if column is None:
            if title.strip():
                ignored.append(title.strip()[:100])
        elif column in columns:
            errors.append(RowError(1, column, f"Two columns are {COLUMN_LABELS[column]}: keep one."))
        else:
            columns[column] = index
    missing = [COLUMN_LABELS[c] for c in REQUIRED if c not in columns]
    if missing:
        errors.append(
            RowError(
                1,
                "",
                f"The file has no {' or '.join(missing)} column. The first line must name "
                "the columns, for example: Name, Email, Job title, Line manager email, Roles.",
            )
        )
    if errors:
        return StaffList(columns=frozenset(columns), ignored=tuple(ignored), errors=tuple(errors))
    if not body:
        return file_error("The file has a header line but no staff.")
    raw = []
    for line, cells in body:
        if len(cells) > len(header):
            errors.append(
                RowError(
                    line,
                    "",
                    f"This line has {len(cells)} cells but the header has {len(header)}: "
                    "is there a comma inside a name that needs quotes?",
                )
            )
            continue
        raw.append((line, {column: cells[i] if i < len(cells) else "" for column, i in columns.items()}))
    checked = check_rows(raw, frozenset(columns))
    return StaffList(
        rows=checked.rows,
        columns=checked.columns,
        ignored=tuple(ignored),
        errors=tuple(sorted(errors + list(checked.errors), key=lambda e: e.line)),
        emails=checked.emails,
        partial=checked.partial,
    )


def split_roles(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def check_rows(raw: list[tuple[int, dict]], columns: frozenset) -> StaffList:
    """Rows of {column: text} (from a file, or typed over the API with `roles`
    already a list), each with its line number, checked one by one and for
    e-mail addresses used twice."""
    rows, partial, errors = [], [], []
    first_line_of: dict[str, int] = {}
    for line, cells in raw:
        problems = []
        name = " ".join(str(cells.get(NAME, "")).split())
        email = str(cells.get(EMAIL, "")).strip()
        job_title = " ".join(str(cells.get(JOB_TITLE, "")).split())
        manager = str(cells.get(LINE_MANAGER, "")).strip()
        if not name:
            problems.append(RowError(line, NAME, "The name is missing."))
        elif len(name) > NAME_MAX:
            problems.append(RowError(line, NAME, f"The name is longer than {NAME_MAX} characters."))
        if not email:
            problems.append(RowError(line, EMAIL, "The e-mail address is missing."))
        elif not _is_email(email):
            problems.append(RowError(line, EMAIL, f"'{email[:100]}' is not an e-mail address."))
        elif email.casefold() in first_line_of:
            problems.append(
                RowError(line, EMAIL, f"{email} is already on line {first_line_of[email.casefold()]}.")
            )
        if len(job_title) > JOB_TITLE_MAX:
            problems.append(
                RowError(line, JOB_TITLE, f"The job title is longer than {JOB_TITLE_MAX} characters.")
            )
        if manager and not _is_email(manager):
            problems.append(RowError(line, LINE_MANAGER, f"'{manager[:100]}' is not an e-mail address."))
        elif manager and manager.casefold() == email.casefold():
            problems.append(RowError(line, LINE_MANAGER, "A person can't be their own line manager."))
        cell = cells.get(ROLES, "")
        names = cell if isinstance(cell, list) else split_roles(str(cell))
        roles = {Role.EMPLOYEE}
        for role_name in names:
            role = ROLE_NAMES.get(_key(role_name))
            if role is None:
                problems.append(
                    RowError(line, ROLES, f"'{role_name[:50]}' is not a Harbour role: use {GRANTABLE_TEXT}.")
                )
            elif role in NOT_BY_IMPORT:
                problems.append(
                    RowError(
                        line,
                        ROLES,
                        f"{role.label} can't be given by import: give it on the staff member's own page.",
                    )
                )
            else:
                roles.add(role)
        usable = bool(email) and _is_email(email) and email.casefold() not in first_line_of
        if usable:
            first_line_of[email.casefold()] = line
        readable = Row(
            line=line,
            name=name,
            email=email,
            job_title=job_title[:JOB_TITLE_MAX],
            line_manager_email=manager if _is_email(manager) else "",
            roles=frozenset(roles),
        )
        if problems:
            errors.extend(problems)
            if usable:
                partial.append(readable)
            continue
        rows.append(readable)
    return StaffList(
        rows=tuple(rows),
        columns=columns,
        errors=tuple(errors),
        emails=frozenset(first_line_of),
        partial=tuple(partial),
    )


def _is_email(value: str) -> bool:
    if len(value) > EMAIL_MAX:
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def template_csv() -> str:
    """A file to start from: the columns, and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([COLUMN_LABELS[c] for c in COLUMNS])
    writer.writerow(["Alex Example", "alex.example@school.example", "Headteacher", "", "Headteacher"])
    writer.writerow(
        ["Sam Sample", "sam.sample@school.example", "Class teacher", "alex.example@school.example", ""]
    )
    return out.getvalue()
