"""The one place an assignment row is made: a one-off assignment or one checkpoint of a
recurring task, journaled as created. Who is told, and how many rows a task gives a unit,
are for assignments.changes.assign_unit and plans.checkpoints."""

from __future__ import annotations

from datetime import date

from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment
from tracker.core.timeutil import local_today
from tracker.extensions import db


def add_assignment(
    actor,
    task,
    unit,
    role: str,
    due: date | None,
    assigned_on: date | None = None,
    reason: str = "",
    period: str | None = None,
) -> Assignment:
    """One row, journaled as created (the caller notifies, audits and commits). It exists from
    `assigned_on` (today when not given) in every figure as of a date."""
    assignment = Assignment(
        task=task,
        unit=unit,
        role=role,
        period=period,
        due_date=due,
        original_due_date=due,
        assigned_on=assigned_on or local_today(),
    )
    db.session.add(assignment)
    journal(
        assignment,
        "created",
        actor,
        new_state="not_started",
        new_progress=0,
        new_due_date=due,
        note=reason,
    )
    return assignment
