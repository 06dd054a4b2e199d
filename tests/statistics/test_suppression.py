"""Suppression as plain functions (issue 12): no shown count under 5, and no hidden
value can be worked out from everything published together.

The auditor is independent of the code under test: for every hidden value it asks
an integer programme (scipy's HiGHS) for the least and the greatest value
consistent with every published figure of the group — the cells shown, every row,
column and grand total, the school totals shared by all tables, "fewer than 5"
meaning 0 to 4 and "withheld" meaning 5 or more — and a hidden value is disclosed
when the two are equal. A naive primary-only suppression is caught by it."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from harbour.statistics import suppression as s
from harbour.statistics.suppression import FEWER_THAN_5, NOT_PUBLISHED, WITHHELD


def _bounds(shown):
    if shown == FEWER_THAN_5:
        return (0, 4)
    if shown == WITHHELD:
        return (s.MINIMUM, None)
    assert shown == NOT_PUBLISHED
    return (0, None)


def disclosed(margin, tables, group) -> list[tuple]:
    """Every hidden value whose least and greatest consistent values are equal, as
    (where, value). `group` is what was published for the true `margin`/`tables`."""
    rows = len(margin)
    entries = {}  # where -> (true value, shown)
    entries[("margin", rows)] = (sum(margin), group.total)
    for r in range(rows):
        entries[("margin", r)] = (margin[r], group.row_totals[r])
    for k, (table, published) in enumerate(zip(tables, group.tables, strict=True)):
        width = len(table[0])
        for r in range(rows):
            for c in range(width):
                entries[(k, r, c)] = (table[r][c], published.cells[r][c])
        for c in range(width):
            entries[(k, rows, c)] = (sum(table[r][c] for r in range(rows)), published.column_totals[c])
            # The published table's shared totals are the group's.
        assert published.row_totals == group.row_totals and published.total == group.total
    hidden = [where for where, (_, shown) in entries.items() if isinstance(shown, str)]
    index = {where: i for i, where in enumerate(hidden)}

    def term(where):
        value, shown = entries[where]
        return (None, value) if not isinstance(shown, str) else (index[where], 0)

    equations = []  # (coefficients {var: coef}, right-hand side)

    def relation(parts, total):
        coefficients, rhs = {}, 0
        for where, sign in [*((p, 1) for p in parts), (total, -1)]:
            var, value = term(where)
            if var is None:
                rhs -= sign * value
            else:
                coefficients[var] = coefficients.get(var, 0) + sign
        equations.append((coefficients, rhs))

    relation([("margin", r) for r in range(rows)], ("margin", rows))
    for k, table in enumerate(tables):
        width = len(table[0])
        for r in range(rows):
            relation([(k, r, c) for c in range(width)], ("margin", r))
        relation([(k, rows, c) for c in range(width)], ("margin", rows))
        for c in range(width):
            relation([(k, r, c) for r in range(rows)], (k, rows, c))
    if not hidden:
        for _, rhs in equations:
            assert rhs == 0  # the published figures add up
        return []
    a_eq = np.zeros((len(equations), len(hidden)))
    b_eq = np.zeros(len(equations))
    for i, (coefficients, rhs) in enumerate(equations):
        for var, coef in coefficients.items():
            a_eq[i, var] = coef
        b_eq[i] = rhs
    bounds = [_bounds(entries[where][1]) for where in hidden]
    found = []
    for i, where in enumerate(hidden):
        objective = np.zeros(len(hidden))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, integrality=1, method="highs")
        assert low.status == 0, (where, low.message)  # the truth is always a solution
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, integrality=1, method="highs")
        if high.status in (3, 4):  # unbounded above (the minimum was feasible): not pinned
            continue
        assert high.status == 0, (where, high.message)
        if round(low.fun) == round(-high.fun):
            found.append((where, round(low.fun)))
    return found


def naive(margin, tables) -> s.Group:
    """Primary suppression only: every count under 5 hidden, nothing else."""
    row_totals = [s.primary(v) for v in margin]
    total = s.primary(sum(margin))
    published = []
    for table in tables:
        width = len(table[0])
        published.append(
            s.Table(
                cells=[[s.primary(v) for v in row] for row in table],
                column_totals=[s.primary(sum(row[c] for row in table)) for c in range(width)],
                row_totals=row_totals,
                total=total,
            )
        )
    return s.Group(row_totals=row_totals, total=total, tables=published)


def shown_values(group) -> list:
    values = [*group.row_totals, group.total]
    for table in group.tables:
        values += [v for row in table.cells for v in row] + list(table.column_totals)
    return values


# --- examples ------------------------------------------------------------------------------


def test_big_counts_are_shown_as_they_are():
    group = s.protect([12, 30], [[[5, 7], [10, 20]]])
    assert group.row_totals == [12, 30] and group.total == 42
    assert group.tables[0].cells == [[5, 7], [10, 20]] and group.tables[0].column_totals == [15, 27]


def test_zero_is_fewer_than_5_too():
    group = s.protect([0, 20, 20], [[[0, 0], [10, 10], [10, 10]]])
    assert group.row_totals[0] == FEWER_THAN_5
    assert all(isinstance(v, str) for v in group.tables[0].cells[0])


def test_the_auditor_catches_a_total_minus_the_shown_cells():
    # Row 1: 7 shown, total 10 shown: the hidden 3 is 10 - 7.
    margin, tables = [20, 10], [[[10, 10], [7, 3]]]
    found = disclosed(margin, tables, naive(margin, tables))
    assert ((0, 1, 1), 3) in found
    assert disclosed(margin, tables, s.protect(margin, tables)) == []


def test_the_auditor_catches_a_line_whose_hidden_cells_are_all_zero():
    # Row 1 adds up to 9 shown in its shown cells alone: both hidden cells are 0,
    # though each is only "fewer than 5" on its own.
    margin, tables = [30, 9], [[[10, 10, 10], [9, 0, 0]]]
    found = disclosed(margin, tables, naive(margin, tables))
    assert ((0, 1, 1), 0) in found and ((0, 1, 2), 0) in found
    assert disclosed(margin, tables, s.protect(margin, tables)) == []


def test_the_auditor_catches_a_difference_across_two_tables_of_one_group():
    # Protecting each table on its own would hide school 1's total in one and not
    # the other; the shared totals are protected once, for every table.
    margin = [3, 20, 20]
    tables = [[[3, 0], [10, 10], [10, 10]], [[1, 2], [15, 5], [5, 15]]]
    assert disclosed(margin, tables, naive(margin, tables))
    group = s.protect(margin, tables)
    assert disclosed(margin, tables, group) == []


def test_one_school_alone_is_protected():
    margin, tables = [4], [[[1, 3]]]
    group = s.protect(margin, tables)
    assert group.total == FEWER_THAN_5
    assert disclosed(margin, tables, group) == []


def test_a_single_count_is_a_number_or_fewer_than_5():
    assert [s.primary(v) for v in (0, 4, 5, 17)] == [FEWER_THAN_5, FEWER_THAN_5, 5, 17]
    with pytest.raises(ValueError):
        s.primary(-1)


def test_tables_must_add_up_to_the_school_totals():
    with pytest.raises(ValueError):
        s.protect([5], [[[1, 3]]])


def test_the_median_needs_five_cases():
    assert s.median_days([3, 1, 2, 10]) is None
    assert s.median_days([3, 1, 2, 10, 7]) == 3
    assert s.median_days([1, 2, 3, 4, 5, 6]) == 4  # 3.5, rounded to even


def test_a_share_needs_five_each_side():
    assert s.share(4, 20) is None
    assert s.share(20, 4) is None
    assert s.share(5, 5) == 50
    assert s.share(15, 5) == 75


def test_no_schools():
    group = s.protect([], [])
    assert group.row_totals == [] and group.total == FEWER_THAN_5


# --- properties over random tables ------------------------------------------------------

small = st.one_of(st.just(0), st.integers(0, 6), st.integers(0, 30))


@st.composite
def groups(draw, max_rows=5, max_tables=2, max_width=4):
    rows = draw(st.integers(1, max_rows))
    count = draw(st.integers(0, max_tables))
    if count == 0:
        margin = draw(st.lists(small, min_size=rows, max_size=rows))
        return margin, []
    first_width = draw(st.integers(1, max_width))
    first = [draw(st.lists(small, min_size=first_width, max_size=first_width)) for _ in range(rows)]
    margin = [sum(row) for row in first]
    tables = [first]
    for _ in range(count - 1):
        width = draw(st.integers(1, max_width))
        table = []
        for total in margin:
            # Split the school's total over this table's categories.
            cuts = sorted(draw(st.lists(st.integers(0, total), min_size=width - 1, max_size=width - 1)))
            edges = [0, *cuts, total]
            table.append([edges[i + 1] - edges[i] for i in range(width)])
        tables.append(table)
    return margin, tables


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_no_count_under_5_is_ever_shown(case):
    margin, tables = case
    for value in shown_values(s.protect(margin, tables)):
        assert isinstance(value, str) or value >= s.MINIMUM


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_no_hidden_value_can_be_worked_out(case):
    margin, tables = case
    group = s.protect(margin, tables)
    assert disclosed(margin, tables, group) == []


@settings(max_examples=100, deadline=None)
@given(groups())
def test_what_is_shown_is_true(case):
    margin, tables = case
    group = s.protect(margin, tables)
    truth = [*margin, sum(margin)]
    for shown, value in zip([*group.row_totals, group.total], truth, strict=True):
        assert shown == value or (shown == FEWER_THAN_5 and value < 5) or (
            shown == WITHHELD and value >= 5
        ) or shown == NOT_PUBLISHED  # fmt: skip


def test_naive_suppression_is_caught_on_random_tables():
    """The auditor can fail: over the same kind of tables, primary-only suppression
    discloses something in many of them."""
    import random

    rng = random.Random(12)
    caught = 0
    for _ in range(60):
        rows, width = rng.randint(2, 4), rng.randint(2, 4)
        table = [[rng.choice([0, 1, 2, 3, 6, 8, 12]) for _ in range(width)] for _ in range(rows)]
        margin = [sum(row) for row in table]
        if disclosed(margin, [table], naive(margin, [table])):
            caught += 1
        assert disclosed(margin, [table], s.protect(margin, [table])) == []
    assert caught >= 10


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(groups(max_rows=40, max_tables=2, max_width=4))
def test_no_hidden_value_can_be_worked_out_beyond_the_nearest_schools(case):
    # More schools than the search looks at first (NEAR_ROWS), so the wider search runs too.
    margin, tables = case
    group = s.protect(margin, tables)
    assert disclosed(margin, tables, group) == []
