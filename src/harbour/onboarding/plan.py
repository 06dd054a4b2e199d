"""What importing a staff list would change: the rows read from the file against
the school's staff as they are now, both given as data. Plain functions: the
service reads the staff, asks here, and writes exactly what the plan says.

The rules:
- a row is matched to a member of staff by e-mail address, whatever its case;
  a row matching nobody adds someone, a row matching someone updates whatever
  differs (and brings back a leaver), and a row that matches exactly changes nothing;
- a column the file does not have leaves that detail as it is;
- roles are set to the file's, except Administrator and Trust lead, which an
  import neither gives nor takes away;
- anyone active who is not in the file is marked as a leaver (never deleted),
  except the administrator importing and anyone holding Administrator or Trust
  lead: the import does not change who runs the school's accounts or sees the
  trust's figures;
- a line manager must be in the file, or one of the school's staff who stay;
  line managers may not go round in a circle.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, replace

from harbour.onboarding.rows import JOB_TITLE, LINE_MANAGER, NOT_BY_IMPORT, ROLES, Row, RowError
from harbour.schools.models import Role

ADD, UPDATE, UNCHANGED, LEAVER, KEPT = "add", "update", "unchanged", "leaver", "kept"
ACTIONS = (ADD, UPDATE, UNCHANGED, LEAVER, KEPT)


@dataclass(frozen=True)
class Current:
    """A member of the school's staff as the directory holds them."""

    id: int
    full_name: str
    email: str
    job_title: str = ""
    is_active: bool = True
    line_manager_id: int | None = None
    roles: frozenset = frozenset({Role.EMPLOYEE})


@dataclass(frozen=True)
class Entry:
    """One line of the preview: what happens to one person.

    `manager` names the line manager afterwards: a file row's e-mail (casefolded)
    or "#<id>" for a member of staff the file does not list; "" for none."""

    action: str
    name: str
    email: str
    line: int = 0  # 0: not in the file (leavers and those kept)
    staff_id: int | None = None
    job_title: str = ""
    manager: str = ""
    manager_email: str = ""  # as shown
    roles: frozenset = frozenset()
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]
    errors: tuple[RowError, ...]

    def count(self, action: str) -> int:
        return sum(1 for entry in self.entries if entry.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}

    @property
    def changes_anything(self) -> bool:
        return any(entry.action in (ADD, UPDATE, LEAVER) for entry in self.entries)


def make_plan(
    rows: tuple[Row, ...] | list[Row],
    current: list[Current],
    *,
    columns: frozenset,
    importer_id: int | None = None,
    emails_with_errors: frozenset = frozenset(),
) -> Plan:
    """`emails_with_errors`: addresses on rows already refused, so those people are
    neither leavers nor reported again as missing line managers."""
    errors: list[RowError] = []
    staff_by_id = {staff.id: staff for staff in current}
    by_email: dict[str, list[Current]] = defaultdict(list)
    for staff in current:
        if staff.email.strip():
            by_email[staff.email.strip().casefold()].append(staff)

    matched: dict[str, Current] = {}
    for row in rows:
        found = by_email.get(row.key, [])
        if len(found) > 1:
            errors.append(
                RowError(
                    row.line,
                    "email",
                    f"{len(found)} of the school's staff have the e-mail {row.email}: "
                    "change all but one in the staff directory first.",
                )
            )
        elif found:
            matched[row.key] = found[0]
    key_of_id = {staff.id: key for key, staff in matched.items()}
    in_file = {row.key for row in rows} | set(emails_with_errors)

    kept, leavers = [], []
    for staff in current:
        if staff.id in key_of_id or staff.email.strip().casefold() in in_file or not staff.is_active:
            continue
        if staff.id == importer_id or staff.roles & NOT_BY_IMPORT:
            kept.append(staff)
        else:
            leavers.append(staff)
    kept_by_email = {staff.email.strip().casefold(): staff for staff in kept if staff.email.strip()}

    def key_of(staff_id: int | None) -> str:
        if staff_id is None:
            return ""
        return key_of_id.get(staff_id, f"#{staff_id}")

    # The e-mail as the file first writes it, by key: one pass, not one per entry.
    email_of: dict[str, str] = {}
    for row in rows:
        email_of.setdefault(row.key, row.email)

    def shown(key: str) -> str:
        if key.startswith("#"):
            staff = staff_by_id.get(int(key[1:]))
            return staff.email if staff else ""
        return email_of.get(key, key)

    row_keys = {row.key for row in rows}
    managers: dict[str, str] = {}
    for row in rows:
        existing = matched.get(row.key)
        if LINE_MANAGER not in columns:
            managers[row.key] = key_of(existing.line_manager_id) if existing else ""
            continue
        wanted = row.line_manager_email.casefold()
        if not wanted:
            managers[row.key] = ""
        elif wanted in row_keys:
            managers[row.key] = wanted
        elif wanted in emails_with_errors:
            managers[row.key] = ""  # that row's own problem is reported on its line
        elif wanted in kept_by_email:
            managers[row.key] = f"#{kept_by_email[wanted].id}"
        else:
            errors.append(
                RowError(
                    row.line,
                    LINE_MANAGER,
                    f"The line manager {row.line_manager_email} is not in the "
                    "file, nor one of the school's staff who stay after the import.",
                )
            )
            managers[row.key] = ""
    # The managers of those kept stay as they are; a circle may pass through them.
    graph = dict(managers)
    for staff in kept:
        graph[f"#{staff.id}"] = key_of(staff.line_manager_id)
    line_of = {row.key: row.line for row in rows}
    for circle in _circles(graph):
        names = " → ".join(shown(key) for key in [*circle, circle[0]])
        for key in circle:
            if key in line_of:
                errors.append(
                    RowError(line_of[key], LINE_MANAGER, f"Line managers go round in a circle: {names}.")
                )

    entries = []
    for row in rows:
        existing = matched.get(row.key)
        manager = managers[row.key]
        if existing is None:
            roles = row.roles if ROLES in columns else frozenset({Role.EMPLOYEE})
            entries.append(
                Entry(
                    action=ADD,
                    line=row.line,
                    name=row.name,
                    email=row.email,
                    job_title=row.job_title if JOB_TITLE in columns else "",
                    manager=manager,
                    manager_email=shown(manager) if manager else "",
                    roles=roles,
                )
            )
            continue
        job_title = row.job_title if JOB_TITLE in columns else existing.job_title
        roles = (row.roles | (existing.roles & NOT_BY_IMPORT)) if ROLES in columns else existing.roles
        changed = tuple(
            name
            for name, differs in (
                ("name", row.name != existing.full_name),
                ("email", row.email != existing.email),
                ("job_title", job_title != existing.job_title),
                ("line_manager", manager != key_of(existing.line_manager_id)),
                ("roles", roles != existing.roles),
                ("returns", not existing.is_active),
            )
            if differs
        )
        entries.append(
            Entry(
                action=UPDATE if changed else UNCHANGED,
                line=row.line,
                staff_id=existing.id,
                name=row.name,
                email=row.email,
                job_title=job_title,
                manager=manager,
                manager_email=shown(manager) if manager else "",
                roles=roles,
                changed=changed,
            )
        )
    for action, people in ((LEAVER, leavers), (KEPT, kept)):
        for staff in people:
            manager = key_of(staff.line_manager_id)
            entries.append(
                Entry(
                    action=action,
                    staff_id=staff.id,
                    name=staff.full_name,
                    email=staff.email,
                    job_title=staff.job_title,
                    manager=manager,
                    manager_email=shown(manager) if manager else "",
                    roles=staff.roles,
                )
            )
    return Plan(entries=tuple(entries), errors=tuple(sorted(errors, key=lambda e: e.line)))


def _circles(graph: dict[str, str]) -> list[list[str]]:
    """Each circle of "reports to" in the graph once, in the order it is walked."""
    done: set[str] = set()
    circles = []
    for start in graph:
        path: list[str] = []
        where: dict[str, int] = {}
        node = start
        while node and node in graph and node not in done and node not in where:
            where[node] = len(path)
            path.append(node)
            node = graph[node]
        if node in where:
            circles.append(path[where[node] :])
        done.update(path)
    return circles


def apply_plan(current: list[Current], plan: Plan) -> list[Current]:
    """The staff as they are after the plan, without a database: what the service
    writes, for the rules' own tests. New people get the next free ids."""
    if plan.errors:
        raise ValueError("A plan with errors is never applied.")
    by_id = {staff.id: staff for staff in current}
    next_id = max(by_id, default=0) + 1
    id_of_key: dict[str, int] = {}
    for entry in plan.entries:
        if entry.action == ADD:
            id_of_key[entry.email.casefold()] = next_id
            by_id[next_id] = Current(id=next_id, full_name=entry.name, email=entry.email)
            next_id += 1
        elif entry.line:
            id_of_key[entry.email.casefold()] = entry.staff_id

    def manager_id(key: str) -> int | None:
        if not key:
            return None
        return int(key[1:]) if key.startswith("#") else id_of_key[key]

    for entry in plan.entries:
        if entry.action in (ADD, UPDATE):
            staff_id = id_of_key[entry.email.casefold()]
            by_id[staff_id] = replace(
                by_id[staff_id],
                full_name=entry.name,
                email=entry.email,
                job_title=entry.job_title,
                is_active=True,
                line_manager_id=manager_id(entry.manager),
                roles=entry.roles,
            )
        elif entry.action == LEAVER:
            by_id[entry.staff_id] = replace(by_id[entry.staff_id], is_active=False)
    return [by_id[staff_id] for staff_id in sorted(by_id)]


def fingerprint(current: list[Current]) -> str:
    """A digest of the staff as they are: a preview is confirmed only while the
    directory still gives the same one."""
    facts = sorted(
        [s.id, s.full_name, s.email, s.job_title, s.is_active, s.line_manager_id, sorted(s.roles)]
        for s in current
    )
    return hashlib.sha256(json.dumps(facts, separators=(",", ":")).encode()).hexdigest()
