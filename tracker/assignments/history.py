"""An assignment as of a day: what held at the end of that day.

The one definition is `period_as_of` (Python) and `period_join` (its SQL mirror): as of day T
an assignment is the period with valid_from <= T < valid_to (valid_to NULL: still in force),
and it does not exist as of T when no period covers T (it was assigned after T).

Periods are written in the same transaction as the journal: journal() calls `record_period`
after each change, which extends, rewrites (a second change the same day: the end of the day
counts) or closes and opens a period. `rebuild_periods` makes them again from the journal, for
data written before periods existed (the migration), and for the demo's back-dated journals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.orm import aliased

from tracker.assignments.models import PERIOD_COLUMNS, Assignment, AssignmentPeriod, JournalEntry
from tracker.core.timeutil import local_date_of, local_today
from tracker.extensions import db


def period_as_of(periods: Sequence[AssignmentPeriod], day: date) -> AssignmentPeriod | None:
    """The period in force at the end of `day`, or None before the assignment existed."""
    for period in periods:
        if period.valid_from <= day and (period.valid_to is None or day < period.valid_to):
            return period
    return None


def period_join(day: date):
    """(the period alias, the ON clause) joining each assignment to its period as of `day`: an
    inner join leaves out the assignments not yet assigned on that day."""
    period = aliased(AssignmentPeriod, name="period")
    on = and_(
        period.assignment_id == Assignment.id,
        period.valid_from <= day,
        or_(period.valid_to.is_(None), period.valid_to > day),
    )
    return period, on


def as_of_source(day: date):
    """(what an assignment's values as of `day` are read from, the ON clause or None). From
    today on that is the row itself, with no join: journal() writes the period in force from
    the row in the same transaction, so both always hold the same values, and every row was
    assigned by today. Before today, the period in force at the end of that day."""
    if day >= local_today():
        return Assignment, None
    return period_join(day)


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
    return AssignmentPeriod(
        assignment=assignment,
        valid_from=start,
        valid_to=None,
        **dict(zip(PERIOD_COLUMNS, values, strict=True)),
    )


@dataclass
class Replayed:
    """The values an assignment held, as its journal tells them, entry after entry."""

    state: str = "not_started"
    progress: int = 0
    due_date: date | None = None
    completed_on: date | None = None
    cancelled_on: date | None = None
    evidence_document_number: str | None = None
    evidence_document_date: date | None = None
    evidence_url: str | None = None

    def apply(self, entry, day: date) -> None:
        kind = entry.kind
        if entry.new_state is not None:
            self.state = entry.new_state
        if entry.new_progress is not None:
            self.progress = entry.new_progress
        if kind in ("created", "due_changed", "extension_approved"):
            self.due_date = entry.new_due_date
        if kind == "reported_done":
            self.completed_on = day
        elif kind in ("sent_back", "progress"):
            # Sent back by the office, or taken back by the unit's next report of progress.
            self.completed_on = None
        elif kind == "cancelled":
            self.cancelled_on = day
        # Evidence given replaces the row's, a file alone included (it clears number and link).
        if entry.evidence_document_number or entry.evidence_url or entry.evidence_file_path:
            self.evidence_document_number = entry.evidence_document_number
            self.evidence_document_date = entry.evidence_document_date
            self.evidence_url = entry.evidence_url

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in PERIOD_COLUMNS)


def replay(assigned_on: date, entries: Iterable, now: tuple) -> list[tuple[date, tuple]]:
    """(valid_from, values) of each period, from the journal's entries in order. The last
    period holds `now`, the assignment's row as it is (the row wins where an old journal is
    short of a detail)."""
    replayed = Replayed()
    by_day: dict[date, tuple] = {}
    for entry in entries:
        day = max(local_date_of(entry.created_at), assigned_on)
        replayed.apply(entry, day)
        if not by_day and day > assigned_on:
            # Written after the day it counts as assigned on: until the day it was written it
            # held what it was created with, not what that day's later changes made of it (as
            # record_period starts it).
            by_day[assigned_on] = replayed.values()
        by_day[day] = replayed.values()
    if not by_day:
        by_day[assigned_on] = now
    last = max(by_day)
    by_day[last] = now
    periods: list[tuple[date, tuple]] = []
    for day in sorted(by_day):
        if not periods or periods[-1][1] != by_day[day]:
            periods.append((day, by_day[day]))
    return periods


# The journal's columns a replay reads (named, so that the migration that first fills the
# periods keeps working when the journal gains columns later).
REPLAYED = (
    JournalEntry.assignment_id,
    JournalEntry.created_at,
    JournalEntry.kind,
    JournalEntry.new_state,
    JournalEntry.new_progress,
    JournalEntry.new_due_date,
    JournalEntry.evidence_document_number,
    JournalEntry.evidence_document_date,
    JournalEntry.evidence_url,
    JournalEntry.evidence_file_path,
)


def rebuild_periods(connection, assignment_ids: Sequence[int] | None = None) -> int:
    """Make the periods of these assignments (all when None) again from their journals, and
    return how many were written. It takes a Connection (the migration has no ORM session)
    and reads assignments and journal side by side in id order, a batch at a time."""
    table = AssignmentPeriod.__table__
    assignments = select(
        Assignment.id, Assignment.assigned_on, *[getattr(Assignment, n) for n in PERIOD_COLUMNS]
    ).order_by(Assignment.id)
    entries = select(*REPLAYED).order_by(
        JournalEntry.assignment_id, JournalEntry.created_at, JournalEntry.id
    )
    if assignment_ids is None:
        connection.execute(delete(table))
    else:
        ids = list(assignment_ids)
        assignments = assignments.where(Assignment.id.in_(ids))
        entries = entries.where(JournalEntry.assignment_id.in_(ids))
        connection.execute(delete(table).where(table.c.assignment_id.in_(ids)))
    # Both read a batch at a time (statement options: the connection's own stay as they are).
    streamed = {"stream_results": True, "max_row_buffer": 5000}
    journal_rows = groupby(
        connection.execute(entries.execution_options(**streamed)),
        key=lambda entry: entry.assignment_id,
    )
    pending = next(journal_rows, None)
    written, batch = 0, []
    for assignment_id, assigned_on, *now in connection.execute(
        assignments.execution_options(**streamed)
    ):
        while pending is not None and pending[0] < assignment_id:
            pending = next(journal_rows, None)  # entries of an assignment that is gone
        own = []
        if pending is not None and pending[0] == assignment_id:
            own = list(pending[1])
            pending = next(journal_rows, None)
        found = replay(assigned_on, own, tuple(now))
        for index, (start, values) in enumerate(found):
            end = found[index + 1][0] if index + 1 < len(found) else None
            batch.append(
                dict(zip(PERIOD_COLUMNS, values, strict=True))
                | {"assignment_id": assignment_id, "valid_from": start, "valid_to": end}
            )
        if len(batch) >= 5000:
            connection.execute(insert(table), batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
        written += len(batch)
    return written
