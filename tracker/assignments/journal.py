"""The journal of an assignment: one entry per change, written by `journal` and nothing else."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.assignments.history import record_period
from tracker.assignments.models import OPEN_STATES, Assignment, JournalEntry
from tracker.core.timeutil import local_date_of
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


# The entries that settle what became of a report of done.
COMPLETION_KINDS = ("reported_done", "confirmed", "sent_back")


def standing_send_backs(assignments, as_of: date | None = None) -> dict[int, JournalEntry]:
    """Of these assignments (rows, or as seen on a day), those the office sent back (thực hiện
    lại) that the unit has not reported done again, by the end of `as_of` (today when not
    given): each one's send-back entry, which holds its day and the reason. The state stays
    what the unit works in (in progress); this is how a page tells it apart."""
    still_open = [a.id for a in assignments if a.state in OPEN_STATES]
    if not still_open:
        return {}
    latest: dict[int, JournalEntry] = {}
    for entry in db.session.scalars(
        select(JournalEntry)
        .where(
            JournalEntry.assignment_id.in_(still_open),
            JournalEntry.kind.in_(COMPLETION_KINDS),
        )
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
    ):
        if as_of is None or local_date_of(entry.created_at) <= as_of:
            latest.setdefault(entry.assignment_id, entry)
    return {i: entry for i, entry in latest.items() if entry.kind == "sent_back"}


def latest_files(entries: list[JournalEntry]) -> dict[int, JournalEntry]:
    """Each assignment's latest evidence file, from entries newest first: the row keeps a
    document's number and link, the journal the files."""
    files: dict[int, JournalEntry] = {}
    for entry in entries:
        if entry.evidence_file_path:
            files.setdefault(entry.assignment_id, entry)
    return files
