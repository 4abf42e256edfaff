from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.core.db import created_at_column, one_of
from tracker.core.recurrence import PERIODIC_RECURRENCES
from tracker.extensions import db
from tracker.plans.models import Task
from tracker.units.models import Unit

INDICATOR_KINDS = ("count", "percent", "yes_no")
INDICATOR_KIND_LABELS = {
    "count": _l("Count"),
    "percent": _l("Percentage"),
    "yes_no": _l("Yes / no"),
}
# How units' values make the province's: their sum, or the ratio of two indicators' sums.
COMBINES = ("sum", "ratio")
TARGET_OPERATORS = (">=", "<=", "=")
CHECK_OPERATORS = ("=", "<=", ">=", "<", ">")
REPORT_STATES = ("draft", "awaiting_approval", "submitted")
REPORT_STATE_LABELS = {
    "draft": _l("Draft"),
    "awaiting_approval": _l("Awaiting the lead's approval"),
    "submitted": _l("Submitted"),
}

JSON_VALUES = JSON().with_variant(JSONB(), "postgresql")


class IndicatorSet(db.Model):
    """A bộ chỉ tiêu for one kind of periodic report, versioned by year: the set of a period is
    the one of the period's year."""

    __tablename__ = "indicator_sets"
    __table_args__ = (
        UniqueConstraint("code", "year"),
        one_of("periodicity", PERIODIC_RECURRENCES, "periodicity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40))  # "MOT_CUA"
    year: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(300))
    periodicity: Mapped[str] = mapped_column(String(20), default="quarterly")
    # The recurring "periodic report" task whose checkpoints the submissions are.
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    task: Mapped[Task | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="set", order_by="Indicator.position", cascade="all, delete-orphan"
    )
    checks: Mapped[list[IndicatorCheck]] = relationship(
        back_populates="set", order_by="IndicatorCheck.position", cascade="all, delete-orphan"
    )


class Indicator(db.Model):
    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("set_id", "code"),
        one_of("kind", INDICATOR_KINDS, "kind"),
        one_of("combine", COMBINES, "combine"),
        one_of("target_operator", TARGET_OPERATORS, "target_operator"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("indicator_sets.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))  # "TIEP_NHAN"
    name: Mapped[str] = mapped_column(String(500))  # "Số hồ sơ tiếp nhận"
    measure: Mapped[str] = mapped_column(String(40), default="")  # đơn vị tính: "hồ sơ", "%"
    kind: Mapped[str] = mapped_column(String(10), default="count")
    combine: Mapped[str] = mapped_column(String(10), default="sum")
    # For a ratio: the province's value is sum(numerator) / sum(denominator) × 100.
    numerator_code: Mapped[str | None] = mapped_column(String(40))
    denominator_code: Mapped[str | None] = mapped_column(String(40))
    # Computed from the numerator and the denominator, not typed by the unit.
    computed: Mapped[bool] = mapped_column(default=False)
    # The plan's target: "tỷ lệ hồ sơ giải quyết đúng hạn ≥ 98 %".
    target_operator: Mapped[str | None] = mapped_column(String(2))
    target_value: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))

    set: Mapped[IndicatorSet] = relationship(back_populates="indicators")


class IndicatorCheck(db.Model):
    """A rule between figures, as written: "GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET"."""

    __tablename__ = "indicator_checks"
    __table_args__ = (UniqueConstraint("set_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("indicator_sets.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(500))  # what a person reads when it fails
    expression: Mapped[str] = mapped_column(String(500))

    set: Mapped[IndicatorSet] = relationship(back_populates="checks")


class IndicatorReport(db.Model):
    """One unit's figures for one period of a set: a draft, then submitted (through the lead's
    approval when the unit requires it). Submitting reports its checkpoint done."""

    __tablename__ = "indicator_reports"
    __table_args__ = (
        UniqueConstraint("set_id", "unit_id", "period"),
        one_of("state", REPORT_STATES, "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("indicator_sets.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # "2021-Q3"
    state: Mapped[str] = mapped_column(String(20), default="draft")
    values: Mapped[dict] = mapped_column(JSON_VALUES, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_on: Mapped[date | None] = mapped_column(Date)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    set: Mapped[IndicatorSet] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    assignment: Mapped[Assignment | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
