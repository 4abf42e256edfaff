"""Each change of the table checked against the province as it is: the units its cells name,
whether each can play its part on the day (a split's own checks: splits.py). Problems go to
the result with their row and column; nothing is written here."""

from __future__ import annotations

from datetime import date

from tracker.core.text import fold
from tracker.reorganisations import problems
from tracker.reorganisations.plan import Operation
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.splits import SplitChecks
from tracker.reorganisations.table import ASSIGNMENT, KIND, NEW, NEW_NAME, OLD, Row
from tracker.reorganisations.units import (
    NewUnit,
    Unit,
    Units,
    closing_problem,
    label_of,
    linked,
    receiving_problem,
)
from tracker.units.fields import code_problem
from tracker.units.lifecycle import day_before


class Checker(SplitChecks):
    def __init__(self, units: Units, result: ReorganisationResult) -> None:
        self.units = units
        self.result = result

    def problem(self, problem, row: Row | int, column: str | None) -> None:
        self.result.problem(problem, row if isinstance(row, int) else row.row, column)

    # --- units the table creates, known before any change is checked -------------------------

    def register(self, operation: Operation) -> None:
        """The new units of a founding, a merger into a new code, a split into new codes: a
        later row may name them (a unit joining a unit founded the same day)."""
        if operation.form in ("establish", "merge"):
            texts = [operation.rows[0].new]
        elif operation.form == "split":
            texts = [row.new for row in operation.rows]
        else:
            return
        for text in dict.fromkeys(t for t in texts if t):
            unit, problem = self.units.existing(text, operation.day)
            if unit is not None or problem is not None or self.units.new(text) in operation.creates:
                continue
            rows = [row for row in operation.rows if row.new == text]
            name = next((row.new_name for row in rows if row.new_name), "")
            kind = next((row.kind for row in rows if row.kind), None) or (None, None)
            created = NewUnit(text, name, kind[0], kind[1], operation.day, rows[0].row)
            other = self.units.register(created)
            if other is not None:
                self.problem(problems.created_twice(text, other.row), rows[0], NEW)
                continue
            operation.creates.append(created)

    # --- each form ---------------------------------------------------------------------------

    def check(self, operation: Operation) -> None:
        for row in operation.rows:
            if row.assignment is not None and operation.form != "split":
                self.problem(problems.assignment_outside_split(), row, ASSIGNMENT)
        getattr(self, f"_{operation.form}")(operation)

    def _merge(self, operation: Operation) -> None:
        olds = self._olds(operation)
        first = operation.rows[0]
        if not first.new:
            self.problem(problems.successor_required(), first, NEW)
            return
        target, problem = self.units.existing(first.new, operation.day)
        if problem is not None:
            self.problem(problem, first, NEW)
            return
        if target is None:
            target = self._new_unit(operation, first.new, olds)
            if target is None:
                return
        elif target not in olds and not any(
            isinstance(old, Unit) and linked(old, target, operation.day) for old in olds
        ):
            self.problem(problems.code_taken(target.code, label_of(target)), first, NEW)
            return
        elif problem := receiving_problem(target, operation.day):
            self.problem(problem, first, NEW)
            return
        else:
            self._continuing(operation, target)
        operation.target = target
        operation.partial = len(olds) == 1 and target not in olds
        operation.olds = [old for old in olds if old is not target]
        self._closing(operation, [target])

    def _absorb(self, operation: Operation) -> None:
        olds = self._olds(operation)
        first = operation.rows[0]
        if not first.new:
            self.problem(problems.target_required(), first, NEW)
            return
        target = self._receiver(first, operation.day)
        if target is None:
            return
        if target in olds:
            self.problem(problems.joins_itself(label_of(target)), first, NEW)
            return
        if isinstance(target, Unit):
            self._continuing(operation, target)
        operation.target = target
        operation.olds = olds
        self._closing(operation, [target])

    def _rename(self, operation: Operation) -> None:
        row = operation.rows[0]
        if len(row.old) != 1:
            self.problem(problems.one_old_required(), row, OLD)
            return
        unit, problem = self.units.resolve(row.old[0], operation.day)
        if unit is None or problem is not None:
            self.problem(problem, row, OLD)
            return
        if problem := receiving_problem(unit, operation.day):
            self.problem(problem, row, OLD)
            return
        if row.new and self.units.existing(row.new, operation.day)[0] is not unit:
            self.problem(problems.rename_keeps_code(), row, NEW)
        if not row.new_name:
            self.problem(problems.new_name_required(), row, NEW_NAME)
        operation.target = unit
        self._continuing(operation, unit)

    def _dissolve(self, operation: Operation) -> None:
        olds = self._olds(operation)
        row = operation.rows[0]
        successor = None
        if row.new:
            successor = self._receiver(row, operation.day)
            if successor is None:
                return
            if successor in olds:
                self.problem(problems.joins_itself(label_of(successor)), row, NEW)
                return
        operation.target = successor
        operation.olds = olds
        self._closing(operation, [successor] if successor is not None else [])

    def _establish(self, operation: Operation) -> None:
        row = operation.rows[0]
        if row.old:
            self.problem(problems.founded_without_olds(), row, OLD)
        if not row.new:
            self.problem(problems.code_required(), row, NEW)
            return
        unit, problem = self.units.existing(row.new, operation.day)
        if problem is not None:
            self.problem(problem, row, NEW)
        elif unit is not None:
            same = (
                unit.valid_from == operation.day
                and fold(unit.name) == fold(row.new_name or unit.name)
                and (row.kind is None or row.kind[0] == unit.kind)
            )
            if not same:
                self.problem(problems.code_taken(unit.code, label_of(unit)), row, NEW)
        else:
            self._new_unit(operation, row.new, [])

    # --- pieces ------------------------------------------------------------------------------

    def _olds(self, operation: Operation, rows: list[Row] | None = None) -> list:
        found: list[Unit | NewUnit] = []
        for row in rows or operation.rows:
            if not row.old:
                self.problem(problems.olds_required(), row, OLD)
            for text in row.old:
                unit, problem = self.units.resolve(text, day_before(operation.day))
                if problem is not None:
                    self.problem(problem, row, OLD)
                elif unit not in found:
                    found.append(unit)
        return found

    def _receiver(self, row: Row, day: date) -> Unit | NewUnit | None:
        unit, problem = self.units.resolve(row.new, day)
        problem = problem or receiving_problem(unit, day)
        if problem is not None:
            self.problem(problem, row, NEW)
            return None
        return unit

    def _closing(self, operation: Operation, successors: list) -> None:
        for old in operation.olds:
            if problem := closing_problem(old, operation.day, successors):
                self.problem(problem, operation.rows[0], OLD)

    def _continuing(self, operation: Operation, unit: Unit) -> None:
        """A unit that goes on (renamed, or a commune of another division type): the rows'
        name and kind."""
        names = [(row, row.new_name) for row in operation.rows if row.new_name]
        for row, name in names[1:]:
            if name != names[0][1]:
                self.problem(problems.two_names(names[0][0].row, names[0][1]), row, NEW_NAME)
        operation.rename_to = names[0][1] if names else ""
        for row in operation.rows:
            if row.kind is None:
                continue
            kind, division_type = row.kind
            if kind != unit.kind:
                self.problem(problems.kind_kept(label_of(unit)), row, KIND)
            elif division_type and division_type != unit.division_type:
                operation.division_type = division_type

    def _new_unit(self, operation: Operation, text: str, olds: list) -> NewUnit | None:
        created = self.units.new(text)
        row = next(row for row in operation.rows if row.new == text)
        if created is None or created not in operation.creates:
            return None  # created by another row: said so when registered
        if problem := code_problem(text):
            self.problem(problems.not_a_new_code(text, problem), row, NEW)
            return None
        if not created.name:
            self.problem(problems.new_name_required(), row, NEW_NAME)
        for other in operation.rows:
            if other.new == text and other.new_name and other.new_name != created.name:
                self.problem(problems.two_names(row.row, created.name), other, NEW_NAME)
        if created.kind is None:
            kinds = {(old.kind, old.division_type) for old in olds}
            if len(kinds) == 1:
                created.kind, created.division_type = kinds.pop()
            else:
                self.problem(problems.kind_required(), row, KIND)
        return created
