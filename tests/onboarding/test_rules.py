"""The staff list's rules as plain functions: reading the file and the plan of
what it would change. No database."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.onboarding import plan as planning
from harbour.onboarding import rows
from harbour.onboarding.plan import ADD, KEPT, LEAVER, UNCHANGED, UPDATE, Current, apply_plan, make_plan
from harbour.schools.models import Role

HEADER = "Full name,E-mail,Job title,Line manager's e-mail,Roles\r\n"


def read(text: str) -> rows.StaffList:
    return rows.parse_csv(text.encode())


def plan_for(text: str, current=(), importer_id=None):
    staff_list = read(text)
    assert staff_list.errors == ()
    return make_plan(staff_list.rows, list(current), columns=staff_list.columns, importer_id=importer_id)


def test_headers_are_matched_whatever_their_case_and_spelling():
    staff_list = read(
        "NAME, email address ,POSITION,Manager Email,harbour roles,Payroll number\n"
        "Al Ant,al@s.example,Teacher,,Headteacher\n"
    )
    assert staff_list.errors == ()
    assert staff_list.columns == frozenset(rows.COLUMNS)
    assert staff_list.ignored == ("Payroll number",)
    (row,) = staff_list.rows
    assert (row.line, row.name, row.email, row.job_title) == (2, "Al Ant", "al@s.example", "Teacher")
    assert row.roles == {Role.EMPLOYEE, Role.HEADTEACHER}


def test_roles_by_label_or_code_separated_by_semicolons():
    (row,) = read(HEADER + 'Al Ant,al@s.example,,,"line manager; Workplace-Champion;front_office;"\n').rows
    assert row.roles == {Role.EMPLOYEE, Role.LINE_MANAGER, Role.WORKPLACE_CHAMPION, Role.FRONT_OFFICE}


def test_each_bad_row_is_reported_with_its_line_and_reason():
    text = (
        HEADER
        + "Al Ant,al@s.example,Teacher,,\n"  # 2: fine
        + ",bo@s.example,,,\n"  # 3: no name
        + "Cy Cat,not-an-address,,,\n"  # 4: bad e-mail
        + "\n"  # 5: blank, skipped
        + "Di Dog,AL@s.example,,,\n"  # 6: the same address as line 2
        + "Ed Eel,ed@s.example,,,Wizard\n"  # 7: unknown role
        + "Fi Fox,fi@s.example,,,Administrator\n"  # 8: not by import
        + '"Gus\nGoat",gus@s.example,,,trust lead\n'  # 9-10: a quoted newline; starts on 9
        + "Hal Hen,hal@s.example,,,,extra\n"  # 11: more cells than the header
    )
    staff_list = read(text)
    found = [(e.line, e.column) for e in staff_list.errors]
    assert found == [
        (3, "name"),
        (4, "email"),
        (6, "email"),
        (7, "roles"),
        (8, "roles"),
        (9, "roles"),
        (11, ""),
    ]
    assert "line 2" in staff_list.errors[2].message
    assert "Administrator can't be given by import" in staff_list.errors[4].message
    assert [row.line for row in staff_list.rows] == [2]


def test_the_file_as_a_whole():
    assert "not UTF-8" in rows.parse_csv("Name,Email\nJosé,j@s.example\n".encode("latin-1")).errors[0].message
    assert "empty" in rows.parse_csv(b"").errors[0].message
    assert "no Email column" in read("Name,Phone\nAl,123\n").errors[0].message
    assert (
        "Two columns are Email" in read("Name,Email,E-mail\nAl,a@s.example,a@s.example\n").errors[0].message
    )
    assert "not a CSV file" in rows.parse_csv(b"PK\x03\x04\x14\x00\x06\x00").errors[0].message
    assert "no staff" in read("Name,Email\n").errors[0].message
    too_many = "Name,Email\n" + "".join(f"P{i},p{i}@s.example\n" for i in range(rows.MAX_ROWS + 1))
    assert f"more than {rows.MAX_ROWS:,} staff" in read(too_many).errors[0].message
    assert "larger than" in rows.parse_csv(b"a" * (rows.MAX_BYTES + 1)).errors[0].message
    assert read(f"\ufeff{HEADER}Al Ant,al@s.example,,,\n").errors == ()  # Excel's byte order mark


def test_the_template_reads_back_without_problems():
    staff_list = rows.parse_csv(rows.template_csv().encode())
    assert staff_list.errors == () and len(staff_list.rows) == 2
    assert make_plan(staff_list.rows, [], columns=staff_list.columns).errors == ()


def test_a_new_file_adds_everyone_with_their_line_managers():
    plan = plan_for(
        HEADER + "Al Ant,al@s.example,Head,,Headteacher\nBo Bee,bo@s.example,Teacher,AL@s.example,\n"
    )
    assert [e.action for e in plan.entries] == [ADD, ADD]
    assert plan.entries[1].manager == "al@s.example"
    after = apply_plan([], plan)
    assert after[1].line_manager_id == after[0].id


def test_matched_by_email_whatever_its_case_changes_what_differs_and_marks_leavers():
    current = [
        Current(id=1, full_name="Al Ant", email="Al@S.example", job_title="Teacher"),
        Current(
            id=2,
            full_name="Bo Bee",
            email="bo@s.example",
            roles=frozenset({Role.EMPLOYEE, Role.LINE_MANAGER}),
        ),
        Current(id=3, full_name="Cy Cat", email="cy@s.example"),
        Current(
            id=4,
            full_name="Di Dog",
            email="di@s.example",
            roles=frozenset({Role.EMPLOYEE, Role.ADMINISTRATOR}),
        ),
        Current(id=5, full_name="Ed Eel", email="ed@s.example", is_active=False),
        Current(id=6, full_name="Fi Fox", email="fi@s.example", is_active=False),
    ]
    plan = plan_for(
        HEADER
        + "Al Ant,Al@S.example,Teacher,,\n"
        + "Bo Bee,bo@s.example,Deputy,di@s.example,Line manager\n"
        + "Fi Fox,fi@s.example,,,\n",
        current,
    )
    by_id = {e.staff_id: e for e in plan.entries}
    assert by_id[1].action == UNCHANGED
    assert by_id[2].action == UPDATE and by_id[2].changed == ("job_title", "line_manager")
    assert by_id[3].action == LEAVER  # active and not in the file
    assert by_id[4].action == KEPT  # an administrator is never a leaver by import
    assert 5 not in by_id  # already left
    assert by_id[6].action == UPDATE and by_id[6].changed == ("returns",)
    assert plan.counts == {ADD: 0, UPDATE: 2, UNCHANGED: 1, LEAVER: 1, KEPT: 1}
    after = {s.id: s for s in apply_plan(current, plan)}
    assert not after[3].is_active and after[6].is_active and after[2].line_manager_id == 4


def test_the_importer_is_kept_and_roles_the_import_cannot_give_are_kept():
    current = [
        Current(id=1, full_name="Ada Admin", email="ada@s.example"),
        Current(
            id=2,
            full_name="Tess Trust",
            email="tess@s.example",
            roles=frozenset({Role.EMPLOYEE, Role.TRUST_LEAD}),
        ),
    ]
    plan = plan_for(HEADER + "Tess Trust,tess@s.example,,,Headteacher\n", current, importer_id=1)
    by_id = {e.staff_id: e for e in plan.entries}
    assert by_id[1].action == KEPT
    assert by_id[2].roles == {Role.EMPLOYEE, Role.TRUST_LEAD, Role.HEADTEACHER}


def test_a_column_left_out_leaves_that_detail_as_it_is():
    current = [
        Current(
            id=1,
            full_name="Al Ant",
            email="al@s.example",
            job_title="Head",
            line_manager_id=2,
            roles=frozenset({Role.EMPLOYEE, Role.HEADTEACHER}),
        ),
        Current(id=2, full_name="Bo Bee", email="bo@s.example"),
    ]
    plan = plan_for("Name,Email\nAl Ant,al@s.example\nBo Bee,bo@s.example\n", current)
    assert [e.action for e in plan.entries] == [UNCHANGED, UNCHANGED]


def test_line_manager_missing_or_in_a_circle():
    current = [Current(id=9, full_name="Gone Person", email="gone@s.example")]
    staff_list = read(
        HEADER
        + "Al Ant,al@s.example,,bo@s.example,\n"  # 2 ┐ a circle
        + "Bo Bee,bo@s.example,,cy@s.example,\n"  # 3 │
        + "Cy Cat,cy@s.example,,al@s.example,\n"  # 4 ┘
        + "Di Dog,di@s.example,,nobody@s.example,\n"  # 5: not in the file or the school
        + "Ed Eel,ed@s.example,,gone@s.example,\n"  # 6: in the school, but a leaver
        + "Fi Fox,fi@s.example,,fi@s.example,\n"  # 7: their own
    )
    assert [(e.line, e.column) for e in staff_list.errors] == [(7, "line_manager_email")]
    plan = make_plan(
        staff_list.rows, current, columns=staff_list.columns, emails_with_errors=frozenset({"fi@s.example"})
    )
    assert [(e.line, e.column) for e in plan.errors] == [
        (2, "line_manager_email"),
        (3, "line_manager_email"),
        (4, "line_manager_email"),
        (5, "line_manager_email"),
        (6, "line_manager_email"),
    ]
    assert "al@s.example → bo@s.example → cy@s.example → al@s.example" in plan.errors[0].message


def test_two_staff_with_the_same_address_are_reported_not_guessed():
    current = [
        Current(id=1, full_name="A", email="x@s.example"),
        Current(id=2, full_name="B", email="X@s.example"),
    ]
    plan = make_plan(read("Name,Email\nA,x@s.example\n").rows, current, columns=frozenset({"name", "email"}))
    assert [(e.line, e.column) for e in plan.errors] == [(2, "email")]


# --- properties ---------------------------------------------------------------------

NAMES = st.text(alphabet="abcdefghij ÉéøÆ-'", min_size=1, max_size=12).filter(lambda s: s.strip())
ROLE_SETS = st.sets(st.sampled_from(rows.GRANTABLE[1:]), max_size=3)


@st.composite
def staff_files(draw):
    """A valid staff file (managers form a tree: each points at an earlier row) and
    a directory that overlaps it."""
    count = draw(st.integers(1, 12))
    people = []
    for i in range(count):
        manager = draw(st.none() | st.integers(0, i - 1)) if i else None
        people.append(
            {
                "name": " ".join(draw(NAMES).split()),
                "email": f"{draw(st.sampled_from(['p', 'P']))}{i}@school.example",
                "job_title": draw(st.sampled_from(["", "Teacher", "Head of Year"])),
                "manager": manager,
                "roles": draw(ROLE_SETS),
            }
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Email", "Job title", "Line manager email", "Roles"])
    for p in people:
        manager = "" if p["manager"] is None else people[p["manager"]]["email"].lower()
        writer.writerow(
            [p["name"], p["email"], p["job_title"], manager, ";".join(r.label for r in p["roles"])]
        )
    current = []
    for i in draw(st.sets(st.integers(0, 20), max_size=10)):
        current.append(
            Current(
                id=100 + i,
                full_name=draw(NAMES).strip(),
                email=f"p{i}@school.example",
                job_title=draw(st.sampled_from(["", "Teacher"])),
                is_active=draw(st.booleans()),
                roles=frozenset({Role.EMPLOYEE, *draw(st.sets(st.sampled_from(list(Role)), max_size=2))}),
            )
        )
    return out.getvalue(), people, current


@settings(max_examples=150, deadline=None)
@given(staff_files())
def test_applying_a_plan_then_planning_again_changes_nothing(generated):
    text, people, current = generated
    staff_list = read(text)
    assert staff_list.errors == ()
    first = make_plan(staff_list.rows, current, columns=staff_list.columns)
    assert first.errors == ()
    after = apply_plan(current, first)
    again = make_plan(staff_list.rows, after, columns=staff_list.columns)
    assert not again.changes_anything
    assert {e.action for e in again.entries} <= {UNCHANGED, KEPT}
    assert planning.fingerprint(apply_plan(after, again)) == planning.fingerprint(after)
    # Nobody is deleted: everyone there before is there after.
    assert {s.id for s in current} <= {s.id for s in after}
    # Everyone in the file is active afterwards, with the file's details.
    by_email = {s.email.casefold(): s for s in after}
    for p in people:
        assert by_email[p["email"].casefold()].is_active


@settings(max_examples=100, deadline=None)
@given(staff_files(), st.sets(st.integers(0, 11), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_bad_rows_are_reported_on_their_own_lines(generated, spoil, rnd):
    text, people, _ = generated
    lines = text.splitlines()
    spoilt = sorted(i + 2 for i in spoil if i < len(people))  # file line numbers (header is 1)
    for line in spoilt:
        cells = next(csv.reader([lines[line - 1]]))
        cells[1] = rnd.choice(["not-an-address", "", "two@@signs.example"])
        out = io.StringIO()
        csv.writer(out).writerow(cells)
        lines[line - 1] = out.getvalue().rstrip("\r\n")
    staff_list = read("\n".join(lines) + "\n")
    assert sorted({e.line for e in staff_list.errors if e.column == "email"}) == spoilt
    assert {row.line for row in staff_list.rows}.isdisjoint(spoilt)
