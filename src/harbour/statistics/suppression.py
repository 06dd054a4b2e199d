"""Small-number suppression for the anonymised statistics. Plain functions: no
database, no Django.

The figures published for one measure (incidents, cases opened, cases closed) of
one trust and one academic year form a *group*: a vector of per-school totals
(the shared margin, with its grand total) and any number of school × category
tables whose rows each add up to that margin (incidents by behaviour group, by
place, by channel, by month). Every page, CSV and API answer — the trust as a
whole, one school picked by the trust lead, the headteacher's own school — reads
its cells from the one protected group, so no two requests can be set against
each other to work a hidden cell out.

The rules:

- **Primary**: every count under 5 (0 to 4, zeros included), cell or total, is
  shown as "fewer than 5" (FEWER_THAN_5). A reader knows such a value is in [0, 4].
- **Secondary**: no total or difference may pin a hidden value. A reader knows a
  "withheld" value (WITHHELD) is 5 or more. Each hidden value gets a
  *certificate*: another table, equal to the true one in every published figure
  and within every published bound, in which that value differs. Certificates are
  rectangles of hidden values moved by +1/-1 round the corners (which keeps every
  row and column total): inside a table (two schools or the totals row, two
  categories), or — for a hidden school total — the school total, another school
  total (or the grand total) and one cell pair in *every* table of the group at
  once, so the tables stay consistent with each other. When a hidden value has no
  certificate, the cheapest rectangle is found and its shown corners withheld.
  Hiding more never breaks a certificate found before, so one pass is enough.
- When no certificate can be made at all, the whole group is NOT_PUBLISHED
  (cells and totals alike): nothing is shown, so nothing can be derived.

Durations are published as a median only over MINIMUM cases or more, and a share
only when both its numerator and the rest are MINIMUM or more.
"""

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

MINIMUM = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"
NOT_PUBLISHED = "not published"
MARKERS = (FEWER_THAN_5, WITHHELD, NOT_PUBLISHED)

Shown = int | str  # a count, or one of MARKERS

# How many neighbouring schools the search for a rectangle to withhold looks at
# before it looks at all of them (a speed bound, not a rule: any rectangle is safe).
NEAR_ROWS = 16
# Up to this many schools the search also tries longer cycles than rectangles, which
# often spares a total (the grand total above all); beyond it, that search would cost
# seconds per request, and rectangles alone are used (as safe, a little more withheld).
LONG_CYCLE_SCHOOLS = 20
# What withholding a value costs, as its size times this: a total tells a reader
# more than a cell, and the grand total most, so cells are withheld first.
TOTAL_WEIGHT = 3
GRAND_WEIGHT = 10


@dataclass(frozen=True)
class Table:
    """One protected school × category table. `row_totals` and `total` are the
    group's shared margin (the same objects in every table of the group)."""

    cells: list[list[Shown]]
    column_totals: list[Shown]
    row_totals: list[Shown]
    total: Shown


@dataclass(frozen=True)
class Group:
    row_totals: list[Shown]
    total: Shown
    tables: list[Table]

    @property
    def published(self) -> bool:
        return self.total != NOT_PUBLISHED


def primary(value: int) -> Shown:
    """A single count on its own: the number, or "fewer than 5"."""
    if value < 0:
        raise ValueError("Counts are never negative.")
    return value if value >= MINIMUM else FEWER_THAN_5


def median_days(values: Sequence[int]) -> int | None:
    """The median of a duration in whole days, or None when there are too few cases
    to show it (fewer than MINIMUM)."""
    if len(values) < MINIMUM:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round((ordered[middle - 1] + ordered[middle]) / 2)


def share(numerator: int, rest: int) -> int | None:
    """numerator / (numerator + rest) as a whole percentage, or None unless both the
    numerator and the rest are MINIMUM or more (else a small group could be read
    off: 100 % of 3, or 1 of 20)."""
    if numerator < MINIMUM or rest < MINIMUM:
        return None
    return round(100 * numerator / (numerator + rest))


# --- the extended array ----------------------------------------------------------------
# Each table k is held as an (R+1) × (C_k+1) array: rows 0..R-1 are schools, row R
# the column totals; columns 0..C_k-1 categories, column C_k the school totals (the
# shared margin). The relations are "cells of a row minus its total = 0" and the
# same for columns, so an entry's sign is -1 in the totals row or column.


class _Problem:
    def __init__(self, margin: Sequence[int], tables: Sequence[Sequence[Sequence[int]]]):
        self.rows = len(margin)
        self.margin = [*margin, sum(margin)]  # index R is the grand total
        self.tables = []
        for table in tables:
            if len(table) != self.rows:
                raise ValueError("Every table has one row per school.")
            width = len(table[0]) if table else 0
            extended = []
            for row, total in zip(table, margin, strict=True):
                if len(row) != width or sum(row) != total:
                    raise ValueError("A table's rows must add up to the school totals.")
                extended.append(list(row))
            extended.append([sum(table[r][c] for r in range(self.rows)) for c in range(width)])
            self.tables.append(extended)
        for value in self.margin:
            if value < 0:
                raise ValueError("Counts are never negative.")
        for extended in self.tables:
            if any(value < 0 for line in extended for value in line):
                raise ValueError("Counts are never negative.")
        self.hidden_margin = [value < MINIMUM for value in self.margin]
        self.hidden = [[[value < MINIMUM for value in line] for line in t] for t in self.tables]
        self.certified_margin = [False] * (self.rows + 1)
        self.certified = [[[False] * len(line) for line in t] for t in self.tables]
        # Per table and row, bit masks of the columns whose value is hidden and can
        # move up ({1: mask}) or down ({-1: mask}): what the free searches read.
        self.movable = [
            [{step: self._mask(t[r], hidden[r], step) for step in (1, -1)} for r in range(self.rows + 1)]
            for t, hidden in zip(self.tables, self.hidden, strict=True)
        ]
        # The same, by column: per table and step, for each column a bit mask of the
        # rows (the totals row is bit R) where that column's value is hidden and can
        # move that way, so a free rectangle is found with a few big-integer
        # operations instead of a walk over every school.
        self.movable_rows = []
        for table_movable, t in zip(self.movable, self.tables, strict=True):
            by_step = {}
            for step in (1, -1):
                columns = [0] * len(t[0])
                for r, row in enumerate(table_movable):
                    mask = row[step]
                    while mask:
                        low = mask & -mask
                        columns[low.bit_length() - 1] |= 1 << r
                        mask ^= low
                by_step[step] = columns
            self.movable_rows.append(by_step)

    def _mask(self, values, hidden, step: int) -> int:
        mask = 0
        for c, (value, is_hidden) in enumerate(zip(values, hidden, strict=True)):
            if is_hidden and self._can_move(value, step):
                mask |= 1 << c
        return mask

    def _hide(self, k: int, r: int, c: int) -> None:
        self.hidden[k][r][c] = True
        self.certified[k][r][c] = True
        for step in (1, -1):
            if self._can_move(self.tables[k][r][c], step):
                self.movable[k][r][step] |= 1 << c
                self.movable_rows[k][step][c] |= 1 << r

    def _margin_free(self, r: int, step: int) -> bool:
        return self.hidden_margin[r] and self._can_move(self.margin[r], step)

    # A value's room to move, once hidden: "fewer than 5" is within [0, 4], withheld
    # is 5 or more.
    @staticmethod
    def _can_move(value: int, step: int) -> bool:
        if value < MINIMUM:
            return 0 <= value + step <= MINIMUM - 1
        return value + step >= MINIMUM

    def _sign(self, r: int) -> int:
        return -1 if r == self.rows else 1

    # --- inside one table: rows r, r2 (schools or the totals row), categories c, c2
    def _interior_cost(self, k: int, r: int, c: int, r2: int, c2: int, step: int) -> int | None:
        t, hidden = self.tables[k], self.hidden[k]
        flip = -1 if (r == self.rows) == (r2 == self.rows) else 1
        cost = 0
        for row, col, move in ((r, c, step), (r, c2, -step), (r2, c, flip * step), (r2, c2, -flip * step)):
            value = t[row][col]
            # _can_move, inline: this is the inner loop.
            if value < MINIMUM:
                if not 0 <= value + move < MINIMUM:
                    return None
            elif value + move < MINIMUM:
                return None
            if not hidden[row][col]:
                cost += value * (TOTAL_WEIGHT if row == self.rows else 1)
        return cost

    def _hide_interior(self, k: int, r: int, c: int, r2: int, c2: int) -> None:
        for row, col in ((r, c), (r, c2), (r2, c), (r2, c2)):
            self._hide(k, row, col)

    def _others(self, r: int):
        """The rows to pair with row r, neighbours first: with many small counts a
        free certificate is found in a few steps. A generator: most searches stop
        early."""
        for offset in range(1, self.rows + 1):
            yield (r + offset) % (self.rows + 1)

    def _margin_order(self, r: int):
        """The grand total first (it pairs with any school's total moving the same
        way), then the neighbouring schools."""
        if r != self.rows:
            yield self.rows
        for r2 in self._others(r):
            if r2 != self.rows:
                yield r2

    def _free_interior(self, k: int, r: int, c: int) -> bool:
        """A rectangle of values hidden already, so it costs nothing. The partner row
        is the first in _others' order (the rows after r, the totals row, then the
        rows before r) whose column c can move the opposite way and which shares a
        movable partner column with row r."""
        movable, by_column, bit = self.movable[k], self.movable_rows[k], 1 << c
        schools = (1 << self.rows) - 1
        for step in (1, -1):
            if not movable[r][step] & bit:
                continue
            partners = movable[r][-step] & ~bit
            if not partners:
                continue
            found = None
            # School rows: flip = -sign(r).
            flip = -self._sign(r)
            rows = by_column[flip * step][c] & schools & ~(1 << r)
            if rows:
                with_partner = 0
                mask = partners
                while mask:
                    low = mask & -mask
                    with_partner |= by_column[-flip * step][low.bit_length() - 1]
                    mask ^= low
                rows &= with_partner
            after = rows >> (r + 1)
            if after:
                found = r + 1 + (after & -after).bit_length() - 1
            elif r != self.rows and movable[self.rows][step] & bit and movable[self.rows][-step] & partners:
                # The totals row (sign -1, so flip = 1 against a school row).
                found = self.rows
            elif rows:
                found = (rows & -rows).bit_length() - 1
            if found is not None:
                flip = -self._sign(r) * self._sign(found)
                both = movable[found][-flip * step] & partners
                self._hide_interior(k, r, c, found, (both & -both).bit_length() - 1)
                return True
        return False

    def _costly_interior(self, k: int, r: int, c: int) -> bool:
        """The rectangle that withholds the least: among the nearest rows (and the
        totals row) first, so a trust of 500 schools is not searched for every cell;
        among all rows only when none of those will do."""
        near = list(itertools.islice(self._margin_order(r), NEAR_ROWS))
        return self._cheapest_rectangle(k, r, c, near) or self._cheapest_rectangle(k, r, c, self._others(r))

    def _cheapest_rectangle(self, k: int, r: int, c: int, candidates: list[int]) -> bool:
        width = len(self.tables[k][0])
        best = None
        for step in (1, -1):
            if not self._can_move(self.tables[k][r][c], step):
                continue
            for r2 in candidates:
                for c2 in range(width):
                    if c2 == c:
                        continue
                    cost = self._interior_cost(k, r, c, r2, c2, step)
                    if cost is not None and (best is None or cost < best[0]):
                        best = (cost, r2, c2)
        if best is None:
            return False
        self._hide_interior(k, r, c, best[1], best[2])
        return True

    # --- across the group: school totals r, r2 (r2 may be the grand total) with one
    # cell pair in every table
    def _margin_plan(self, r: int, r2: int, step: int, forced: dict[int, int]):
        flip = -self._sign(r) * self._sign(r2)
        moves = ((r, step), (r2, flip * step))
        cost = 0
        for row, move in moves:
            if not self._can_move(self.margin[row], move):
                return None
            if not self.hidden_margin[row]:
                cost += self.margin[row] * (GRAND_WEIGHT if row == self.rows else TOTAL_WEIGHT)
        columns = []
        for k, t in enumerate(self.tables):
            best = None
            for c in [forced[k]] if k in forced else range(len(t[0])):
                pair_cost = 0
                for row, move in moves:
                    if not self._can_move(t[row][c], move):
                        break
                    if not self.hidden[k][row][c]:
                        pair_cost += t[row][c] * (TOTAL_WEIGHT if row == self.rows else 1)
                else:
                    if best is None or pair_cost < best[0]:
                        best = (pair_cost, c)
                        if pair_cost == 0:
                            break
            if best is None:
                return None
            cost += best[0]
            columns.append(best[1])
        return cost, columns

    def _certify_margin(self, r: int, forced: dict[int, int] | None = None) -> bool:
        """The cheapest certificate through school total r (or the grand total);
        `forced` fixes the column used in some tables, to certify a cell no
        rectangle can. Among the nearest schools first, then all."""
        near = list(itertools.islice(self._margin_order(r), NEAR_ROWS))
        return self._cheapest_margin(r, forced or {}, near) or self._cheapest_margin(
            r, forced or {}, self._margin_order(r)
        )

    def _cheapest_margin(self, r: int, forced: dict[int, int], candidates) -> bool:
        best = None
        for r2 in candidates:
            for step in (1, -1):
                if not self._can_move(self.margin[r], step):
                    continue
                plan = self._margin_plan(r, r2, step, forced)
                if plan is None:
                    continue
                if best is None or plan[0] < best[0]:
                    best = (plan[0], r2, plan[1])
                if best[0] == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None:
            return False
        _, r2, columns = best
        for row in (r, r2):
            self.hidden_margin[row] = True
            self.certified_margin[row] = True
            # The pair's moves keep each table's row and column totals as published.
            for k, c in enumerate(columns):
                self._hide(k, row, c)
        return True

    def _free_margin(self, r: int, forced: dict[int, int]) -> bool:
        """A certificate through school total r that hides nothing more."""
        for step in (1, -1):
            if not self._margin_free(r, step):
                continue
            for r2 in self._margin_order(r):
                move = -self._sign(r) * self._sign(r2) * step
                if not self._margin_free(r2, move):
                    continue
                columns = []
                for k, movable in enumerate(self.movable):
                    both = movable[r][step] & movable[r2][move]
                    if k in forced:
                        both &= 1 << forced[k]
                    if not both:
                        break
                    columns.append((both & -both).bit_length() - 1)
                else:
                    for row in (r, r2):
                        self.certified_margin[row] = True
                        for k, c in enumerate(columns):
                            self._hide(k, row, c)
                    return True
        return False

    # --- longer cycles -------------------------------------------------------------------
    # In y = s(row)·t(col)·x every row and column of a table adds up to 0, so a change
    # that keeps every published total is a circulation in the bipartite graph of rows
    # and columns: +1 on an entry is an arc row → column, -1 an arc column → row. A
    # rectangle is the shortest such cycle; these searches find longer ones (and paths
    # between two school totals) by Dijkstra over the entries, the cost of an arc being
    # what withholding its value costs (0 when hidden already). The school-totals
    # column is never entered, so a cycle inside a table leaves the shared totals alone.

    def _arc_cost(self, k: int, i: int, j: int, dy: int, free: bool) -> int | None:
        value = self.tables[k][i][j]
        if not self._can_move(value, self._sign(i) * dy):
            return None
        if self.hidden[k][i][j]:
            return 0
        if free:
            return None
        return value * (TOTAL_WEIGHT if i == self.rows else 1)

    def _path(self, k, source, target, *, free: bool, skip_entry=None, skip_node=None):
        """The cheapest path of arcs from node `source` to node `target` in table k
        (nodes are ("r", row) and ("c", column)), as (cost, [(row, column, dy)])."""
        width = len(self.tables[k][0])
        best = {source: 0}
        back = {}
        heap = [(0, 0, source)]
        tie = itertools.count(1)
        while heap:
            cost, _, node = heapq.heappop(heap)
            if node == target:
                arcs = []
                while node != source:
                    node, arc = back[node]
                    arcs.append(arc)
                return cost, arcs[::-1]
            if cost > best.get(node, cost):
                continue
            kind, n = node
            if kind == "r":
                steps = ((n, j, 1, ("c", j)) for j in range(width))
            else:
                steps = ((i, n, -1, ("r", i)) for i in range(self.rows + 1))
            for i, j, dy, after in steps:
                if (i, j) == skip_entry or after == skip_node:
                    continue
                arc = self._arc_cost(k, i, j, dy, free)
                if arc is None:
                    continue
                total = cost + arc
                if total < best.get(after, total + 1):
                    best[after] = total
                    back[after] = (node, (i, j, dy))
                    heapq.heappush(heap, (total, next(tie), after))
        return None

    def _hide_arcs(self, k: int, arcs) -> None:
        for i, j, _ in arcs:
            self._hide(k, i, j)

    def _cycle(self, k: int, r: int, c: int, free: bool):
        """The cheapest cycle inside table k through entry (r, c), as (cost, arcs)."""
        best = None
        for dy in (1, -1):
            if self._arc_cost(k, r, c, dy, free=True) is None:
                continue
            if dy == 1:
                found = self._path(k, ("c", c), ("r", r), free=free, skip_entry=(r, c))
            else:
                found = self._path(k, ("r", r), ("c", c), free=free, skip_entry=(r, c))
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], [*found[1], (r, c, dy)])
        return best

    def _margin_cycles(self, r: int, target: tuple[int, int] | None, free: bool):
        """The cheapest change through school total r (or the grand total) and another,
        with a path between their rows in every table — through `target` (table,
        column) in row r when given — as (cost, r2, [arcs per table])."""
        best = None
        candidates = list(itertools.islice(self._margin_order(r), NEAR_ROWS))
        for r2 in candidates:
            for o in (1, -1):
                moves = ((r, self._sign(r) * o), (r2, -self._sign(r2) * o))
                cost = 0
                for row, move in moves:
                    if not self._can_move(self.margin[row], move):
                        cost = None
                        break
                    if not self.hidden_margin[row]:
                        if free:
                            cost = None
                            break
                        cost += self.margin[row] * (GRAND_WEIGHT if row == self.rows else TOTAL_WEIGHT)
                if cost is None or (best is not None and cost >= best[0]):
                    continue
                per_table = []
                for k in range(len(self.tables)):
                    if target is not None and target[0] == k:
                        c = target[1]
                        dy = o  # o = 1: leave row r by (r, c); o = -1: come back to it by (r, c)
                        if self._arc_cost(k, r, c, dy, free=True) is None:
                            found = None
                        elif o == 1:
                            found = self._path(
                                k, ("c", c), ("r", r2), free=free, skip_entry=(r, c), skip_node=("r", r)
                            )
                        else:
                            found = self._path(
                                k, ("r", r2), ("c", c), free=free, skip_entry=(r, c), skip_node=("r", r)
                            )
                        if found is not None:
                            found = (found[0], [*found[1], (r, c, dy)])
                    elif o == 1:
                        found = self._path(k, ("r", r), ("r", r2), free=free)
                    else:
                        found = self._path(k, ("r", r2), ("r", r), free=free)
                    if found is None:
                        break
                    cost += found[0]
                    per_table.append(found[1])
                else:
                    if best is None or cost < best[0]:
                        best = (cost, r2, per_table)
        return best

    def _apply_margin(self, r: int, found) -> None:
        _, r2, per_table = found
        for row in (r, r2):
            self.hidden_margin[row] = True
            self.certified_margin[row] = True
        for k, arcs in enumerate(per_table):
            self._hide_arcs(k, arcs)

    def _general_cell(self, k: int, r: int, c: int) -> bool:
        """A cycle through (r, c), free if there is one, else the cheapest of a cycle
        inside the table and a change through row r's total."""
        found = self._cycle(k, r, c, free=True)
        if found is not None:
            self._hide_arcs(k, found[1])
            return True
        margin = self._margin_cycles(r, (k, c), free=True)
        if margin is not None:
            self._apply_margin(r, margin)
            return True
        inside = self._cycle(k, r, c, free=False)
        margin = self._margin_cycles(r, (k, c), free=False)
        if inside is None and margin is None:
            return False
        if margin is None or (inside is not None and inside[0] <= margin[0]):
            self._hide_arcs(k, inside[1])
        else:
            self._apply_margin(r, margin)
        return True

    def _general_margin(self, r: int) -> bool:
        found = self._margin_cycles(r, None, free=True) or self._margin_cycles(r, None, free=False)
        if found is None:
            return False
        self._apply_margin(r, found)
        return True

    def _certify_cell(self, k: int, r: int, c: int) -> bool:
        # Free certificates first; only then withhold more, inside the table before
        # across the group (which would withhold a school's total).
        return (
            self._free_interior(k, r, c)
            or self._free_margin(r, {k: c})
            or (self.rows <= LONG_CYCLE_SCHOOLS and self._general_cell(k, r, c))
            or self._costly_interior(k, r, c)
            or self._certify_margin(r, {k: c})
        )

    def solve(self) -> bool:
        for r in range(self.rows + 1):
            uncertified = self.hidden_margin[r] and not self.certified_margin[r]
            if uncertified and not (
                self._free_margin(r, {})
                or (self.rows <= LONG_CYCLE_SCHOOLS and self._general_margin(r))
                or self._certify_margin(r)
            ):
                return False
        for k, t in enumerate(self.tables):
            for r in range(self.rows + 1):
                for c in range(len(t[0])):
                    uncertified = self.hidden[k][r][c] and not self.certified[k][r][c]
                    if uncertified and not self._certify_cell(k, r, c):
                        return False
        return True


def _shown(value: int, hidden: bool) -> Shown:
    if not hidden:
        return value
    return FEWER_THAN_5 if value < MINIMUM else WITHHELD


def protect(margin: Sequence[int], tables: Sequence[Sequence[Sequence[int]]] = ()) -> Group:
    """Protect one group: `margin` is each school's total, `tables` school ×
    category counts whose rows add up to it. Returns what may be published."""
    if not margin:
        # No schools: nothing to count, and "fewer than 5" is true of every total.
        return Group(
            row_totals=[],
            total=FEWER_THAN_5,
            tables=[Table(cells=[], column_totals=[], row_totals=[], total=FEWER_THAN_5) for _ in tables],
        )
    problem = _Problem(margin, tables)
    if not problem.solve():
        return _not_published(problem)
    rows = problem.rows
    row_totals = [_shown(problem.margin[r], problem.hidden_margin[r]) for r in range(rows)]
    total = _shown(problem.margin[rows], problem.hidden_margin[rows])
    protected = []
    for k, t in enumerate(problem.tables):
        hidden = problem.hidden[k]
        cells = [[_shown(t[r][c], hidden[r][c]) for c in range(len(t[r]))] for r in range(rows)]
        column_totals = [_shown(t[rows][c], hidden[rows][c]) for c in range(len(t[rows]))]
        protected.append(Table(cells=cells, column_totals=column_totals, row_totals=row_totals, total=total))
    return Group(row_totals=row_totals, total=total, tables=protected)


def _not_published(problem: _Problem) -> Group:
    rows = problem.rows
    row_totals = [NOT_PUBLISHED] * rows
    tables = [
        Table(
            cells=[[NOT_PUBLISHED] * len(t[0]) for _ in range(rows)],
            column_totals=[NOT_PUBLISHED] * len(t[0]),
            row_totals=row_totals,
            total=NOT_PUBLISHED,
        )
        for t in problem.tables
    ]
    return Group(row_totals=row_totals, total=NOT_PUBLISHED, tables=tables)
