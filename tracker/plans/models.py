from __future__ import annotations

from datetime import date, datetime

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
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.plans.areas import AREA_CODES
from tracker.units.models import Unit

RECURRENCES = ("continuous", "quarterly")
ROLES = ("lead", "cooperating")
STATES = ("not_started", "in_progress", "paused", "awaiting_confirmation", "done", "cancelled")
STATE_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "paused": _l("Paused"),
    "awaiting_confirmation": _l("Awaiting confirmation"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
ROLE_LABELS = {"lead": _l("Lead unit"), "cooperating": _l("Cooperating unit")}
RECURRENCE_LABELS = {"continuous": _l("Continuous"), "quarterly": _l("Every quarter")}


class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # "5959/QĐ-UBND"
    title: Mapped[str] = mapped_column(String(500))
    issuing_body: Mapped[str] = mapped_column(String(200), default="UBND tỉnh Quảng Trị")
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(SmallInteger)
    # Set for a quarter's plan (1–4); empty for a whole year.
    quarter: Mapped[int | None] = mapped_column(SmallInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    sections: Mapped[list[PlanSection]] = relationship(
        back_populates="plan", order_by="PlanSection.position", cascade="all, delete-orphan"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", order_by="Task.position", cascade="all, delete-orphan"
    )

    @property
    def period_label(self) -> str:
        return f"Q{self.quarter}/{self.year}" if self.quarter else str(self.year)


class PlanSection(db.Model):
    __tablename__ = "plan_sections"
    __table_args__ = (one_of("reform_area", AREA_CODES, "reform_area"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20))  # "II", "II.1"
    title: Mapped[str] = mapped_column(String(500))
    reform_area: Mapped[str | None] = mapped_column(String(20))

    plan: Mapped[Plan] = relationship(back_populates="sections")
    parent: Mapped[PlanSection | None] = relationship(remote_side=[id])


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        one_of("recurrence", RECURRENCES, "recurrence"),
        one_of("reform_area", AREA_CODES, "reform_area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20))  # "II.3", keeps the section path
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    expected_output: Mapped[str] = mapped_column(Text, default="")  # sản phẩm
    reform_area: Mapped[str | None] = mapped_column(String(20), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    # "Thường xuyên" (continuous) or "Hằng quý" (quarterly): no single deadline.
    recurrence: Mapped[str | None] = mapped_column(String(20))
    # The deadline as the plan wrote it ("Quý II/2021"), kept for the record and for export.
    deadline_text: Mapped[str] = mapped_column(String(200), default="")
    needs_confirmation: Mapped[bool] = mapped_column(default=True, server_default=true())
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    section: Mapped[PlanSection | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.id"
    )


class Assignment(db.Model):
    """One unit's share of a task; the row that statuses, reminders and feeds are about."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id"),
        one_of("role", ROLES, "role"),
        one_of("state", STATES, "state"),
        Index("ix_assignments_unit_role_due", "unit_id", "role", "due_date"),
        Index("ix_assignments_state_due", "state", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(12))
    # The due date in force (the latest approved extension); original_due_date never moves.
    due_date: Mapped[date | None] = mapped_column(Date)
    original_due_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(24), default="not_started")
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
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
        super().__init__(**fields)

    @property
    def is_extended(self) -> bool:
        return self.due_date != self.original_due_date
