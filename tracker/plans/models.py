from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.plans.areas import AREA_CODES

RECURRENCES = ("continuous", "quarterly")
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
