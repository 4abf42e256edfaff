from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.core.db import created_at_column, one_of
from tracker.core.recurrence import (
    DEFAULT_DUE_RULE,
    DUE_RULES,
    PERIODIC_RECURRENCES,
    RECURRENCE_LABELS,
    RECURRENCES,
    DueRule,
)
from tracker.extensions import db
from tracker.plans.areas import AREA_CODES

__all__ = ["RECURRENCES", "RECURRENCE_LABELS", "Plan", "PlanSection", "Task"]


class Plan(db.Model):
    __tablename__ = "plans"
    __table_args__ = (one_of("default_due_rule", DUE_RULES, "default_due_rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # "5959/QĐ-UBND"
    title: Mapped[str] = mapped_column(String(500))
    issuing_body: Mapped[str] = mapped_column(String(200), default="UBND tỉnh Quảng Trị")
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(SmallInteger)
    # Set for a quarter's plan (1–4); empty for a whole year.
    quarter: Mapped[int | None] = mapped_column(SmallInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    # The rule a plain "Hằng quý" takes: the office sets it per plan (recurrence.DueRule).
    default_due_rule: Mapped[str] = mapped_column(
        String(24), default=DEFAULT_DUE_RULE.kind, server_default=DEFAULT_DUE_RULE.kind
    )
    default_due_day: Mapped[int] = mapped_column(
        SmallInteger, default=DEFAULT_DUE_RULE.day, server_default=str(DEFAULT_DUE_RULE.day)
    )
    default_due_in_working_days: Mapped[bool] = mapped_column(default=False, server_default=false())
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

    @property
    def span(self) -> tuple[date, date]:
        """The days the plan covers: its quarter, or its year."""
        if self.quarter:
            first = date(self.year, 3 * self.quarter - 2, 1)
            last = date(self.year, 3 * self.quarter, 1)
            return first, date(self.year, 3 * self.quarter, monthrange(self.year, last.month)[1])
        return date(self.year, 1, 1), date(self.year, 12, 31)

    @property
    def default_rule(self) -> DueRule:
        return DueRule(
            self.default_due_rule, self.default_due_day, self.default_due_in_working_days
        )


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
        one_of("due_rule", DUE_RULES, "due_rule"),
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
    # "Thường xuyên" (continuous), or a period (monthly … yearly): no single deadline, but a
    # checkpoint per period of the plan's span for each unit (recurrence.py).
    recurrence: Mapped[str | None] = mapped_column(String(20))
    # The checkpoints' due rule; empty: the plan's default.
    due_rule: Mapped[str | None] = mapped_column(String(24))
    due_day: Mapped[int | None] = mapped_column(SmallInteger)
    due_in_working_days: Mapped[bool | None] = mapped_column()
    # A continuous task on which the office asks a yearly self-report: a yearly checkpoint.
    yearly_self_report: Mapped[bool] = mapped_column(default=False, server_default=false())
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

    @property
    def checkpoint_recurrence(self) -> str | None:
        """The periods its checkpoints follow; None for a one-off or a plain continuous task."""
        if self.recurrence in PERIODIC_RECURRENCES:
            return self.recurrence
        if self.recurrence == "continuous" and self.yearly_self_report:
            return "yearly"
        return None

    @property
    def rule(self) -> DueRule:
        """The checkpoints' due rule: the task's own, else its plan's default."""
        if self.due_rule is None:
            return self.plan.default_rule
        default = self.plan.default_rule
        return DueRule(
            self.due_rule,
            self.due_day if self.due_day is not None else default.day,
            bool(self.due_in_working_days),
        )
