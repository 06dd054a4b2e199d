"""A figure of the report as it is shown.

Counts about cases, people or incidents are shown under the anonymised
statistics' own small-number rule, asked of harbour.statistics.suppression and
never re-implemented here. As the statistics do, each count is protected as one
group over every school of the trust (or the one school, outside a trust): the
trust's report shows the group's total, a school's report its own school's row,
and both read the same protected group, so a trust lead cannot set a school's
report against the trust's to work out a hidden figure. Counts that add up to a
whole (staff with and without a check-in) are protected as one table, so no
total or difference gives a hidden one away."""

from dataclasses import dataclass

from harbour.statistics import suppression


@dataclass(frozen=True)
class Figure:
    label: str
    shown: str  # what is printed: a number, "fewer than 5", a link, a list of schools
    value: int | None = None  # the count, only when it may be shown
    kind: str = "text"  # "count", "share" (a percentage), "days" (a median) or "text"
    suppressed: bool = False


def text(label: str, shown: str) -> Figure:
    """Not a count about people: a setting, a link, school names or counts of schools."""
    return Figure(label=label, shown=shown)


def shown(label: str, value) -> Figure:
    """A count the statistics have already protected: a number or one of their markers."""
    return _figure(label, value)


def _figure(label: str, shown) -> Figure:
    if isinstance(shown, int):
        return Figure(label=label, shown=str(shown), value=shown, kind="count")
    return Figure(label=label, shown=str(shown), kind="count", suppressed=True)


@dataclass(frozen=True)
class Cut:
    """Which part of a protected group the report shows: the whole group (a
    trust's report), or one school's row of it (`row`)."""

    school_ids: tuple[int, ...]  # the group's schools, in a fixed order
    row: int | None = None  # the school's index, for a school's report

    def pick(self, row_values: list, total):
        return total if self.row is None else row_values[self.row]


def count(cut: Cut, label: str, by_school: dict[int, int]) -> Figure:
    """One count, given per school of the group."""
    group = suppression.protect([by_school.get(pk, 0) for pk in cut.school_ids])
    return _figure(label, cut.pick(group.row_totals, group.total))


def split(cut: Cut, labels: tuple[str, ...], by_school: dict[int, tuple[int, ...]]) -> tuple[Figure, ...]:
    """Counts that add up to a whole (each school's values, in the order of `labels`),
    protected as one table whose rows add up to each school's whole."""
    width = len(labels)
    if not cut.school_ids:  # a trust with no schools yet: nothing to count
        return tuple(_figure(label, suppression.FEWER_THAN_5) for label in labels)
    rows = [list(by_school.get(pk, (0,) * width)) for pk in cut.school_ids]
    group = suppression.protect([sum(row) for row in rows], [rows])
    (table,) = group.tables
    shown = table.column_totals if cut.row is None else table.cells[cut.row]
    return tuple(_figure(label, value) for label, value in zip(labels, shown, strict=True))
