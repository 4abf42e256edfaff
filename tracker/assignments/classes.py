"""Deadline classes of many assignments at once, as of a day, and the assignment as it was."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from flask import current_app

from tracker.assignments.deadlines import deadline_class
from tracker.assignments.history import period_as_of, periods_of
from tracker.assignments.models import PERIOD_COLUMNS, Assignment, AssignmentPeriod


class AsOf:
    """An assignment seen as of a day: state, progress, due date in force, completion,
    cancellation, evidence and the unit that held it (a reorganisation moves open work) are
    the period's; everything else (task, role, version, the original due date) is the row's."""

    __slots__ = ("assignment", "held")

    def __init__(self, assignment: Assignment, held: AssignmentPeriod) -> None:
        self.assignment = assignment
        # The history row in force on the day ("held" so as not to hide Assignment.period,
        # a checkpoint's period).
        self.held = held

    def __getattr__(self, name: str):
        if name in PERIOD_COLUMNS or name in ("unit", "unit_id"):
            return getattr(self.held, name)
        return getattr(self.assignment, name)

    @property
    def is_extended(self) -> bool:
        return self.held.due_date != self.assignment.original_due_date


def class_of(period: AssignmentPeriod, as_of: date) -> str:
    return deadline_class(
        due=period.due_date,
        completed_on=period.completed_on,
        cancelled_on=period.cancelled_on,
        as_of=as_of,
        due_soon_days=current_app.config["DUE_SOON_DAYS"],
    )


def as_of_day(assignments: Sequence[Assignment], as_of: date) -> dict[int, tuple[AsOf, str]]:
    """id → (the assignment as of the day, its deadline class) for those that existed then."""
    periods = periods_of(a.id for a in assignments)
    seen = {}
    for assignment in assignments:
        period = period_as_of(periods[assignment.id], as_of)
        if period is not None:
            seen[assignment.id] = (AsOf(assignment, period), class_of(period, as_of))
    return seen


def classify(assignments: Sequence[Assignment], as_of: date) -> dict[int, str]:
    """The deadline class of each assignment that existed on the day (one query)."""
    return {i: klass for i, (_seen, klass) in as_of_day(assignments, as_of).items()}


def count_classes(classes: dict[int, str]) -> Counter:
    return Counter(classes.values())
