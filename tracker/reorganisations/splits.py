"""A split's own checks (chia tách): one old unit, at least two successors (new codes or units
that exist), and a successor chosen for each open assignment of the old unit; an assignment
already moved there by this split (the table applied before) is still a valid choice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.assignments.models import FINAL_STATES, Assignment, AssignmentTransfer
from tracker.assignments.transfers import open_assignments_of
from tracker.core.text import fold
from tracker.extensions import db
from tracker.reorganisations import problems
from tracker.reorganisations.plan import Operation
from tracker.reorganisations.table import ASSIGNMENT, NEW, OLD, Row
from tracker.reorganisations.units import (
    NewUnit,
    Unit,
    Units,
    label_of,
    linked,
    receiving_problem,
)


class SplitChecks:
    """Mixed into checks.Checker, whose problem(), _olds(), _new_unit() and _closing() it uses."""

    def _split(self, operation: Operation) -> None:
        first = operation.rows[0]
        if len(first.old) != 1:
            self.problem(problems.one_old_required(), first, OLD)
            return
        olds = self._olds(operation, rows=[first])
        if not olds:
            return
        old = olds[0]
        successors: list[Unit | NewUnit] = []
        for row in operation.rows:
            if not row.new:
                self.problem(problems.split_row_without_successor(), row, NEW)
                continue
            successor = self._split_successor(operation, row, old)
            if successor is not None and successor not in successors:
                successors.append(successor)
        if len(successors) < 2:
            if all(row.new for row in operation.rows):
                self.problem(problems.split_without_successors(), first, NEW)
            return
        operation.olds, operation.successors = [old], successors
        self._choices(operation, old, successors)
        self._closing(operation, successors)

    def _split_successor(self, operation: Operation, row: Row, old) -> Unit | NewUnit | None:
        unit, problem = self.units.existing(row.new, operation.day)
        if problem is not None:
            self.problem(problem, row, NEW)
            return None
        if unit is None:
            return self._new_unit(operation, row.new, [old])
        if problem := receiving_problem(unit, operation.day):
            self.problem(problem, row, NEW)
            return None
        renamed = row.new_name and fold(row.new_name) != fold(unit.name)
        if renamed and not (isinstance(old, Unit) and linked(old, unit, operation.day)):
            self.problem(problems.code_taken(unit.code, label_of(unit)), row, NEW)
            return None
        return unit

    def _choices(self, operation: Operation, old, successors: list) -> None:
        rows_of: dict[int, Row] = {}
        for row in operation.rows:
            if row.assignment is None or not row.new:
                continue
            target = next(
                (s for s in successors if _names(row.new, s, self.units, operation.day)), None
            )
            if target is None:
                continue
            if row.assignment in rows_of and operation.choices[row.assignment] is not target:
                self.problem(
                    problems.chosen_twice(row.assignment, rows_of[row.assignment].row),
                    row,
                    ASSIGNMENT,
                )
                continue
            if not self._choosable(row.assignment, old, target, operation.day):
                self.problem(
                    problems.not_open_assignment(row.assignment, label_of(old)), row, ASSIGNMENT
                )
                continue
            rows_of[row.assignment] = row
            operation.choices[row.assignment] = target
        if not isinstance(old, Unit):
            return
        for assignment in open_assignments_of(old.id):
            if assignment.id not in operation.choices:
                task = assignment.task
                self.problem(
                    problems.unchosen(assignment.id, label_of(old), task.number, task.title),
                    operation.rows[0],
                    ASSIGNMENT,
                )

    @staticmethod
    def _choosable(number: int, old, target, day: date) -> bool:
        """An open assignment of the unit split, or one this split moved there already."""
        if not isinstance(old, Unit):
            return False
        assignment = db.session.get(Assignment, number)
        if assignment is None:
            return False
        if assignment.unit_id == old.id and assignment.state not in FINAL_STATES:
            return True
        if not isinstance(target, Unit):
            return False
        return (
            db.session.scalar(
                select(AssignmentTransfer.id).where(
                    AssignmentTransfer.assignment_id == number,
                    AssignmentTransfer.from_unit_id == old.id,
                    AssignmentTransfer.to_unit_id == target.id,
                    AssignmentTransfer.effective_date == day,
                )
            )
            is not None
        )


def _names(text: str, unit, units: Units, day: date) -> bool:
    if isinstance(unit, NewUnit):
        return units.new(text) is unit
    return units.existing(text, day)[0] is unit
