"""Open work passing to a closed unit's successor: the one way an assignment changes unit.

On the effective day each open assignment (not started, in progress, paused) of the closed
unit moves, keeping its history, due date and evidence; the journal tells it ("transferred",
with the decision), an AssignmentTransfer row keeps from whom to whom and when, and the periods
before that day keep the old unit, so that the figures of a past day are those of the units
then. Done, awaiting-confirmation and cancelled assignments stay with the unit that did them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from tracker.assignments.history import move_periods
from tracker.assignments.journal import journal
from tracker.assignments.models import (
    OPEN_STATES,
    Assignment,
    AssignmentPeriod,
    AssignmentTransfer,
)
from tracker.extensions import db
from tracker.units.models import Reorganisation, Unit


def open_assignments_of(unit_id: int) -> list[Assignment]:
    """The unit's assignments still owed (not started, in progress, paused), by id. One
    reported done and awaiting the office's confirmation counts as done (DOMAIN.md): the unit
    that did it keeps it."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.unit_id == unit_id, Assignment.state.in_(OPEN_STATES))
            .order_by(Assignment.id)
        )
    )


def transfer_assignment(
    assignment: Assignment,
    successor: Unit,
    on: date,
    decision: str,
    actor=None,
    reorganisation: Reorganisation | None = None,
) -> AssignmentTransfer | None:
    """Move one open assignment to `successor` from `on`; None when it is there already, was
    moved on that day before (a second run of the same reorganisation), or the successor has
    that task already (a task given to a whole group; for a recurring task, that task's
    checkpoint of the same period): then it stays open with the closed unit, for the office
    to settle."""
    if assignment.unit_id == successor.id:
        return None
    same_period = (
        Assignment.period.is_(None)
        if assignment.period is None
        else Assignment.period == assignment.period
    )
    if db.session.scalar(
        select(Assignment.id).where(
            Assignment.task_id == assignment.task_id,
            Assignment.unit_id == successor.id,
            same_period,
        )
    ):
        return None
    if db.session.scalar(
        select(AssignmentTransfer.id).where(
            AssignmentTransfer.assignment_id == assignment.id,
            AssignmentTransfer.effective_date == on,
        )
    ):
        return None
    transfer = AssignmentTransfer(
        assignment=assignment,
        from_unit_id=assignment.unit_id,
        to_unit=successor,
        effective_date=on,
        decision=decision,
        reorganisation=reorganisation,
    )
    db.session.add(transfer)
    assignment.unit = successor
    journal(assignment, "transferred", actor, note=decision)
    db.session.flush()
    move_periods(db.session.connection(), assignment.id, on, successor.id)
    for period in db.session.scalars(
        select(AssignmentPeriod).where(AssignmentPeriod.assignment_id == assignment.id)
    ):
        db.session.expire(period)
    return transfer


def transfer_open_work(
    unit: Unit,
    successor: Unit,
    on: date,
    decision: str,
    actor=None,
    reorganisation: Reorganisation | None = None,
    only: Iterable[int] | None = None,
) -> list[AssignmentTransfer]:
    """Move the unit's open assignments (those of `only`, when given: a split chooses a
    successor per assignment) to `successor` from `on`."""
    chosen = None if only is None else set(only)
    moved = []
    for assignment in open_assignments_of(unit.id):
        if chosen is not None and assignment.id not in chosen:
            continue
        transfer = transfer_assignment(assignment, successor, on, decision, actor, reorganisation)
        if transfer is not None:
            moved.append(transfer)
    return moved


def reapply_transfers(connection, assignment_ids: Iterable[int] | None = None) -> None:
    """After the periods were made again from the journal (with the row's unit, today's),
    give the days before each transfer back to the unit that held them."""
    table = AssignmentTransfer.__table__
    query = select(
        table.c.assignment_id, table.c.from_unit_id, table.c.to_unit_id, table.c.effective_date
    ).order_by(table.c.assignment_id, table.c.effective_date)
    if assignment_ids is not None:
        query = query.where(table.c.assignment_id.in_(list(assignment_ids)))
    periods = AssignmentPeriod.__table__
    first_seen: set[int] = set()
    for assignment_id, from_unit_id, to_unit_id, day in connection.execute(query).all():
        if assignment_id not in first_seen:
            first_seen.add(assignment_id)
            connection.execute(
                periods.update()
                .where(periods.c.assignment_id == assignment_id)
                .values(unit_id=from_unit_id)
            )
        move_periods(connection, assignment_id, day, to_unit_id)
