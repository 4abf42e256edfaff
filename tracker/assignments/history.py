"""An assignment as of a day: what held at the end of that day.

The one definition is `period_as_of` (Python) and `period_join` (its SQL mirror): as of day T
an assignment is the period with valid_from <= T < valid_to (valid_to NULL: still in force),
and it does not exist as of T when no period covers T (it was assigned after T).

Periods are written in the same transaction as the journal: journal() calls `record_period`
after each change, which extends, rewrites (a second change the same day: the end of the day
counts) or closes and opens a period. replay.rebuild_periods makes them again from the journal,
for data written before periods existed (the migration), and for the demo's back-dated
journals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import aliased

from tracker.assignments.models import PERIOD_COLUMNS, Assignment, AssignmentPeriod
from tracker.core.timeutil import local_today
from tracker.extensions import db


def period_as_of(periods: Sequence[AssignmentPeriod], day: date) -> AssignmentPeriod | None:
    """The period in force at the end of `day`, or None before the assignment existed."""
    for period in periods:
        if period.valid_from <= day and (period.valid_to is None or day < period.valid_to):
            return period
    return None


def in_force(period, day: date):
    """The SQL mirror of period_as_of: `period` is the one in force at the end of `day`."""
    return and_(period.valid_from <= day, or_(period.valid_to.is_(None), period.valid_to > day))


def period_join(day: date):
    """(the period alias, the ON clause) joining each assignment to its period as of `day`: an
    inner join leaves out the assignments not yet assigned on that day."""
    period = aliased(AssignmentPeriod, name="period")
    return period, and_(period.assignment_id == Assignment.id, in_force(period, day))


@dataclass(frozen=True)
class AsOfSource:
    """Where a query reads assignments as of a day from: `values` holds the role, state, due
    date… (PERIOD_COLUMNS) as of the day; `id`, `unit_id` and `task_id` name the assignment.

    From today on that is the assignment row itself: journal() writes the period in force from
    the row in the same transaction, so both always hold the same values, and every row was
    assigned by today. Before today it is the periods in force at the end of that day, alone
    (they carry the unit and task), so that a past day's figures cost about what today's do;
    an assignment with no period in force then did not exist yet."""

    values: Any
    id: Any
    unit_id: Any
    task_id: Any
    where: Any = None

    @property
    def is_past(self) -> bool:
        return self.where is not None

    def select(self, *columns):
        """SELECT columns FROM the source (WHERE in force, for a past day)."""
        query = select(*columns).select_from(self.values)
        return query if self.where is None else query.where(self.where)

    def with_assignment(self, query):
        """The query joined to the assignment rows, when they are not already the source."""
        if not self.is_past:
            return query
        return query.join(Assignment, Assignment.id == self.values.assignment_id)


def as_of_source(day: date) -> AsOfSource:
    if day >= local_today():
        return AsOfSource(Assignment, Assignment.id, Assignment.unit_id, Assignment.task_id)
    period = aliased(AssignmentPeriod, name="period")
    return AsOfSource(
        period, period.assignment_id, period.unit_id, period.task_id, in_force(period, day)
    )


def periods_of(ids: Iterable[int]) -> dict[int, list[AssignmentPeriod]]:
    found: dict[int, list[AssignmentPeriod]] = defaultdict(list)
    ids = list(ids)
    if ids:
        rows = db.session.scalars(
            select(AssignmentPeriod)
            .where(AssignmentPeriod.assignment_id.in_(ids))
            .order_by(AssignmentPeriod.assignment_id, AssignmentPeriod.valid_from)
        )
        for period in rows:
            found[period.assignment_id].append(period)
    return found


def current_values(assignment: Assignment) -> tuple:
    return tuple(getattr(assignment, name) for name in PERIOD_COLUMNS)


def record_period(assignment: Assignment, day: date | None = None) -> None:
    """Make the assignment's periods end with what it holds now, from `day` (today) on."""
    day = day or local_today()
    values = current_values(assignment)
    latest = _open_period(assignment)
    if latest is None:
        # The first period starts on the day it was assigned, which may be before today.
        start = min(day, assignment.assigned_on or day)
        db.session.add(_period(assignment, start, values))
        return
    if latest.values() == values:
        return
    if latest.valid_from >= day:
        for name, value in zip(PERIOD_COLUMNS, values, strict=True):
            setattr(latest, name, value)
        return
    latest.valid_to = day
    db.session.add(_period(assignment, day, values))


def _open_period(assignment: Assignment) -> AssignmentPeriod | None:
    """The period still in force, as this transaction left it. Found without flushing: a
    flush in the middle of a change would write the assignment twice (two versions for one
    change) and send a half-made change to the database's checks."""
    for pending in db.session.new:
        if (
            isinstance(pending, AssignmentPeriod)
            and pending.assignment is assignment
            and pending.valid_to is None
        ):
            return pending
    if assignment.id is None:
        return None
    with db.session.no_autoflush:
        found = db.session.scalar(
            select(AssignmentPeriod)
            .where(
                AssignmentPeriod.assignment_id == assignment.id,
                AssignmentPeriod.valid_to.is_(None),
            )
            .with_for_update()
        )
    if found is not None and found.valid_to is not None:
        return None  # closed earlier in this transaction (its successor is pending, above)
    return found


def _period(assignment: Assignment, start: date, values: tuple) -> AssignmentPeriod:
    # By id, or by object while the assignment is new (its ids come with the flush).
    unit = {"unit_id": assignment.unit_id} if assignment.unit_id else {"unit": assignment.unit}
    task = {"task_id": assignment.task_id} if assignment.task_id else {"task": assignment.task}
    return AssignmentPeriod(
        assignment=assignment,
        **unit,
        **task,
        valid_from=start,
        valid_to=None,
        **dict(zip(PERIOD_COLUMNS, values, strict=True)),
    )


def move_periods(connection, assignment_id: int, day: date, unit_id: int) -> None:
    """From `day` on, the assignment's periods carry `unit_id` (its transfer to a successor
    unit): the period in force across `day` is cut there, the later ones change unit. Works on
    a Connection (the replay has no ORM session); a session's caller flushes first and
    expires the periods it holds."""
    table = AssignmentPeriod.__table__
    c = table.c
    across = connection.execute(
        select(table).where(
            c.assignment_id == assignment_id,
            c.valid_from < day,
            or_(c.valid_to.is_(None), c.valid_to > day),
        )
    ).first()
    connection.execute(
        update(table)
        .where(c.assignment_id == assignment_id, c.valid_from >= day)
        .values(unit_id=unit_id)
    )
    if across is not None and across.unit_id != unit_id:
        connection.execute(update(table).where(c.id == across.id).values(valid_to=day))
        values = {k: v for k, v in across._mapping.items() if k != "id"}
        connection.execute(insert(table).values(values | {"valid_from": day, "unit_id": unit_id}))
