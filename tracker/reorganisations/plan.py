"""The table's rows as operations: which rows make one change, grouped by reorganisation (each
distinct Ngày hiệu lực and Văn bản), in date order; and the conflicts between changes (a unit
closed twice, or used after it closes). Each change's own checks are in checks.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.core.text import name_key
from tracker.imports.owners import owner_key
from tracker.reorganisations import problems
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.table import NEW, NEW_NAME, OLD, Row, Table
from tracker.reorganisations.units import NewUnit, Unit, identity, label_of


@dataclass
class Operation:
    form: str  # merge, absorb, rename, dissolve, establish, split
    day: date
    decision: str
    rows: list[Row] = field(default_factory=list)
    olds: list[Unit | NewUnit] = field(default_factory=list)  # the units that close
    # The unit that continues, receives the work or is renamed (a split's: successors).
    target: Unit | NewUnit | None = None
    successors: list[Unit | NewUnit] = field(default_factory=list)
    choices: dict[int, Unit | NewUnit] = field(default_factory=dict)  # assignment → successor
    creates: list[NewUnit] = field(default_factory=list)
    rename_to: str = ""  # the target's new name
    division_type: str | None = None  # the target's new division type (a commune's)
    partial: bool = False  # the table names one predecessor of a new unit

    @property
    def row(self) -> int:
        return self.rows[0].row

    def receivers(self) -> list[Unit | NewUnit]:
        found = [self.target] if self.target is not None else []
        return found + self.successors


@dataclass
class Reorganisation:
    day: date
    decision: str
    operations: list[Operation] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for op in self.operations for row in op.rows]


def group_rows(table: Table) -> list[Operation]:
    """Rows that make one change together: a merger's or absorption's rows with one new unit,
    a split's rows with one old unit; every other row is a change of its own."""
    operations: dict[tuple, Operation] = {}
    for row in table.rows:
        if row.problems or row.day is None or row.form is None:
            continue
        key: tuple = (row.day, name_key(row.decision), row.form)
        if row.form in ("merge", "absorb") and row.new:
            key += (owner_key(row.new),)
        elif row.form == "split" and row.old:
            key += (owner_key(";".join(row.old)),)
        else:
            key += ("row", row.row)
        operation = operations.setdefault(key, Operation(row.form, row.day, row.decision))
        operation.rows.append(row)
    return list(operations.values())


def in_reorganisations(operations: list[Operation]) -> list[Reorganisation]:
    """One reorganisation per distinct (day, decision), in date order, then file order."""
    found: dict[tuple, Reorganisation] = {}
    for operation in sorted(operations, key=lambda op: (op.day, op.row)):
        key = (operation.day, name_key(operation.decision))
        found.setdefault(key, Reorganisation(operation.day, operation.decision))
        found[key].operations.append(operation)
    return list(found.values())


def check_conflicts(operations: list[Operation], result: ReorganisationResult) -> None:
    """A unit closes once; once closed it receives no work and takes no new name; a unit is
    created once and renamed once a day."""
    closing: dict[tuple, tuple[Operation, Row]] = {}
    for operation in sorted(operations, key=lambda op: (op.day, op.row)):
        for old in operation.olds:
            key = identity(old)
            if key in closing:
                other = closing[key][1].row
                result.problem(problems.closed_twice(label_of(old), other), operation.row, OLD)
            else:
                closing[key] = (operation, operation.rows[0])
    renamed: dict[tuple, tuple[date, str, int]] = {}
    for operation in operations:
        for unit in operation.receivers():
            if (found := closing.get(identity(unit))) and found[0].day <= operation.day:
                result.problem(
                    problems.used_after_closing(label_of(unit), found[0].day, found[1].row),
                    operation.row,
                    NEW if operation.form != "rename" else OLD,
                )
        if operation.rename_to and operation.target is not None:
            key = identity(operation.target)
            seen = renamed.setdefault(key, (operation.day, operation.rename_to, operation.row))
            if seen[0] == operation.day and seen[1] != operation.rename_to:
                result.problem(
                    problems.renamed_twice(label_of(operation.target), seen[2]),
                    operation.row,
                    NEW_NAME,
                )
