"""The journal of an assignment: one entry per change, written by `journal` and nothing else."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.assignments.history import record_period
from tracker.assignments.models import Assignment, JournalEntry
from tracker.extensions import db


def journal(assignment: Assignment, kind: str, author, **columns) -> JournalEntry:
    """Add the entry of one change (`kind`, one of JOURNAL_KINDS) to the session; `columns`
    are what it was and became (old_state/new_state, progress, due dates, note, evidence).
    The caller commits with the change itself, so the journal never tells of a change that
    was rolled back."""
    entry = JournalEntry(assignment=assignment, kind=kind, **columns)
    if isinstance(author, User) and author.id is None:
        entry.author = author  # not flushed yet (the demo builds people and journal together)
    else:
        entry.author_id = getattr(author, "id", None)
    db.session.add(entry)
    if "created_at" not in columns:
        # A back-dated entry (the demo's story) leaves the periods to rebuild_periods.
        record_period(assignment)
    return entry


def task_journal(assignments: list[Assignment]) -> list[JournalEntry]:
    """The entries of these assignments (a task's), newest first."""
    ids = [a.id for a in assignments]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.assignment_id.in_(ids))
            .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
            .options(
                selectinload(JournalEntry.author),
                selectinload(JournalEntry.assignment).selectinload(Assignment.unit),
            )
        )
    )
