"""The periods of assignments made again from their journals: for data written before periods
existed (the migration that made them), and for the demo's back-dated journals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import attrgetter

from sqlalchemy import delete, insert, inspect, select

from tracker.assignments.models import PERIOD_COLUMNS, Assignment, AssignmentPeriod, JournalEntry
from tracker.assignments.transfers import reapply_transfers
from tracker.core.timeutil import local_date_of, local_zone

_PERIOD_VALUES = attrgetter(*PERIOD_COLUMNS)


@dataclass
class Replayed:
    """The values an assignment held, as its journal tells them, entry after entry."""

    role: str = "lead"
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
        return _PERIOD_VALUES(self)


def replay(assigned_on: date, entries: Iterable, now: tuple) -> list[tuple[date, tuple]]:
    """(valid_from, values) of each period, from the journal's entries in order. The last
    period holds `now`, the assignment's row as it is (the row wins where an old journal is
    short of a detail)."""
    # No journal entry tells a change of role (nor did any before periods kept it): the row's.
    replayed = Replayed(role=dict(zip(PERIOD_COLUMNS, now, strict=True))["role"])
    by_day: dict[date, tuple] = {}
    zone = local_zone()
    for entry in entries:
        day = max(local_date_of(entry.created_at, zone), assigned_on)
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
    # The columns the table has at this revision: an earlier migration calls this too.
    present = {column["name"] for column in inspect(connection).get_columns(table.name)}
    assignments = select(
        Assignment.id,
        Assignment.unit_id,
        Assignment.task_id,
        Assignment.assigned_on,
        *[getattr(Assignment, n) for n in PERIOD_COLUMNS],
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
    for assignment_id, unit_id, task_id, assigned_on, *now in connection.execute(
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
            row = dict(zip(PERIOD_COLUMNS, values, strict=True)) | {
                "assignment_id": assignment_id,
                "unit_id": unit_id,
                "task_id": task_id,
                "valid_from": start,
                "valid_to": end,
            }
            batch.append({name: value for name, value in row.items() if name in present})
        if len(batch) >= 5000:
            connection.execute(insert(table), batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
        written += len(batch)
    if "assignment_transfers" in inspect(connection).get_table_names():
        reapply_transfers(connection, assignment_ids)
    return written
