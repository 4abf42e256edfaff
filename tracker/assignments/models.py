from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import User
from tracker.core.db import created_at_column, one_of
from tracker.core.recurrence import Period, parse_period
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units.models import Reorganisation, Unit

if TYPE_CHECKING:
    from tracker.plans.models import Task

ASSIGNMENT_ROLES = ("lead", "cooperating")
ASSIGNMENT_ROLE_LABELS = {"lead": _l("Lead unit"), "cooperating": _l("Cooperating unit")}
STATES = ("not_started", "in_progress", "paused", "awaiting_confirmation", "done", "cancelled")
STATE_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "paused": _l("Paused"),
    "awaiting_confirmation": _l("Awaiting confirmation"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
# The unit still owes it: reminders chase these, and these may be re-dated by a request.
OPEN_STATES = ("not_started", "in_progress", "paused")
# Nothing more happens to it (awaiting_confirmation is neither: the office has yet to decide).
FINAL_STATES = ("done", "cancelled")
# The states a unit may report; "done" becomes awaiting_confirmation when someone must agree.
REPORTABLE_STATES = ("not_started", "in_progress", "paused", "done")
JOURNAL_KINDS = (
    "created",
    "progress",
    "reported_done",
    "confirmed",
    "sent_back",
    "due_changed",
    "extension_requested",
    "extension_approved",
    "extension_rejected",
    "cancelled",
    "transferred",
)
DECISIONS = ("pending", "approved", "rejected")
JOURNAL_KIND_LABELS = {
    "created": _l("Assigned"),
    "progress": _l("Progress"),
    "reported_done": _l("Reported done"),
    "confirmed": _l("Completion confirmed"),
    "sent_back": _l("Sent back"),
    "due_changed": _l("Due date changed"),
    "extension_requested": _l("Extension requested"),
    "extension_approved": _l("Extension approved"),
    "extension_rejected": _l("Extension rejected"),
    "cancelled": _l("Cancelled"),
    "transferred": _l("Transferred to the successor unit"),
}


class Assignment(db.Model):
    """One unit's share of a task; the row that statuses, reminders and feeds are about."""

    __tablename__ = "assignments"
    __table_args__ = (
        # One assignment per unit of a one-off task; one checkpoint per unit and period of a
        # recurring one.
        Index(
            "uq_assignments_task_unit_once",
            "task_id",
            "unit_id",
            unique=True,
            postgresql_where=text("period IS NULL"),
            sqlite_where=text("period IS NULL"),
        ),
        UniqueConstraint("task_id", "unit_id", "period"),
        one_of("role", ASSIGNMENT_ROLES, "role"),
        one_of("state", STATES, "state"),
        Index("ix_assignments_unit_role_due", "unit_id", "role", "due_date"),
        Index("ix_assignments_state_due", "state", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(12))
    # A recurring task's checkpoint: its period ("2021-Q3", core.recurrence.Period.code).
    period: Mapped[str | None] = mapped_column(String(10))
    # The due date in force (the latest approved extension); original_due_date never moves.
    due_date: Mapped[date | None] = mapped_column(Date)
    original_due_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(24), default="not_started")
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    # The day it was assigned (local date), which may be before the row was written: a plan
    # of 2021 imported today is assigned on its issue date. It exists as of that day.
    assigned_on: Mapped[date] = mapped_column(Date)
    # The day the unit reported it done (local date), kept while the office confirms.
    completed_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    evidence_document_number: Mapped[str | None] = mapped_column(String(100))
    evidence_document_date: Mapped[date | None] = mapped_column(Date)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    # Grows each time the due date changes; calendar invites and feeds use it as SEQUENCE.
    due_date_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # Optimistic locking: an update names the version it was made from.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __init__(self, **fields) -> None:
        # Column defaults apply only at INSERT; services read these before the first flush.
        fields.setdefault("state", "not_started")
        fields.setdefault("progress", 0)
        fields.setdefault("due_date_revision", 0)
        fields.setdefault("assigned_on", local_today())
        super().__init__(**fields)

    @hybrid_property
    def is_open(self) -> bool:
        """The one definition of an open assignment, in Python and (as a clause) in SQL."""
        return self.state in OPEN_STATES

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> ColumnElement[bool]:
        return cls.state.in_(OPEN_STATES)

    @hybrid_property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @is_final.inplace.expression
    @classmethod
    def _is_final_expression(cls) -> ColumnElement[bool]:
        return cls.state.in_(FINAL_STATES)

    @property
    def is_extended(self) -> bool:
        return self.due_date != self.original_due_date

    @property
    def checkpoint(self) -> Period | None:
        """A recurring task's period this assignment is the checkpoint of."""
        return parse_period(self.period) if self.period else None

    @property
    def period_label(self) -> str:
        """ "Quý III/2021" for a checkpoint, "" for a one-off assignment."""
        return self.checkpoint.label if self.period else ""

    @property
    def numbered(self) -> str:
        """The task's number, with a checkpoint's period: "II.3 · Quý III/2021"."""
        if self.period:
            return f"{self.task.number} · {self.period_label}"
        return self.task.number


# What an assignment's period keeps: the values that figures as of a past day are made of.
PERIOD_COLUMNS = (
    "role",
    "state",
    "progress",
    "due_date",
    "completed_on",
    "cancelled_on",
    "evidence_document_number",
    "evidence_document_date",
    "evidence_url",
)


class AssignmentPeriod(db.Model):
    """A stretch of days over which an assignment's role, state, progress, due date in force,
    completion, cancellation and evidence stayed as they are here: as of day T it is the period
    with valid_from <= T < valid_to (valid_to NULL: still in force). None covers the days
    before it was assigned. journal() keeps these with every change (see history.py).

    The assignment's unit and task (which never change) are copied here, so that figures of a
    past day read the periods alone, with no join to the assignments (bench/status.py)."""

    __tablename__ = "assignment_periods"
    __table_args__ = (
        UniqueConstraint("assignment_id", "valid_from"),
        one_of("state", STATES, "state"),
        one_of("role", ASSIGNMENT_ROLES, "role"),
        Index("ix_assignment_periods_valid", "valid_from", "valid_to"),
        Index("ix_assignment_periods_unit_valid", "unit_id", "valid_from"),
        Index("ix_assignment_periods_task_valid", "task_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(24))
    progress: Mapped[int] = mapped_column(SmallInteger)
    due_date: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    evidence_document_number: Mapped[str | None] = mapped_column(String(100))
    evidence_document_date: Mapped[date | None] = mapped_column(Date)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))

    assignment: Mapped[Assignment] = relationship()
    unit: Mapped[Unit] = relationship()
    task: Mapped[Task] = relationship()

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in PERIOD_COLUMNS)


class JournalEntry(db.Model):
    """The journal: one row per change to an assignment (creation, progress, completion,
    confirmation, re-dating, extension, cancellation), with what it was and became. The table
    keeps its first name, progress_updates, so that backups made before the rename load."""

    __tablename__ = "progress_updates"
    __table_args__ = (
        one_of("kind", JOURNAL_KINDS, "kind"),
        Index("ix_progress_updates_assignment_created", "assignment_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    kind: Mapped[str] = mapped_column(String(24))
    old_state: Mapped[str | None] = mapped_column(String(24))
    new_state: Mapped[str | None] = mapped_column(String(24))
    old_progress: Mapped[int | None] = mapped_column(SmallInteger)
    new_progress: Mapped[int | None] = mapped_column(SmallInteger)
    old_due_date: Mapped[date | None] = mapped_column(Date)
    new_due_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_document_number: Mapped[str | None] = mapped_column(String(100))
    evidence_document_date: Mapped[date | None] = mapped_column(Date)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    # An uploaded file, stored under the instance folder by a random name.
    evidence_file_path: Mapped[str | None] = mapped_column(String(255))
    evidence_file_name: Mapped[str | None] = mapped_column(String(255))
    evidence_file_size: Mapped[int | None] = mapped_column(Integer)

    assignment: Mapped[Assignment] = relationship()
    author: Mapped[User | None] = relationship()


class ExtensionRequest(db.Model):
    __tablename__ = "extension_requests"
    __table_args__ = (
        one_of("decision", DECISIONS, "decision"),
        Index("ix_extension_requests_assignment_decision", "assignment_id", "decision"),
        # At most one request waits per assignment: the services check under the assignment's
        # row lock; this is the backstop for a writer that does not.
        Index(
            "ix_extension_requests_one_pending",
            "assignment_id",
            unique=True,
            postgresql_where=text("decision = 'pending'"),
            sqlite_where=text("decision = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = created_at_column()
    requested_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The local date of the decision: an extension counts for as-of dates from this day on.
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[Assignment] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class AssignmentTransfer(db.Model):
    """An open assignment passed from a closed unit to its successor on effective_date, as
    `decision` ordered (journaled as "transferred"): its periods before that day keep the old
    unit, so that the figures of a past day show the unit that held it then."""

    __tablename__ = "assignment_transfers"
    __table_args__ = (UniqueConstraint("assignment_id", "effective_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    effective_date: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(300), default="")
    reorganisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("reorganisations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    assignment: Mapped[Assignment] = relationship()
    from_unit: Mapped[Unit] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[Unit] = relationship(foreign_keys=[to_unit_id])
    reorganisation: Mapped[Reorganisation | None] = relationship()
