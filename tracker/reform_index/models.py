"""The reform index (Chỉ số CCHC) of a year: the criteria of each unit kind, each unit's
self-assessment with its evidence, the appraisal, the unit's answer and the survey's points."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
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
from tracker.assignments.models import JournalEntry
from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.units.models import Unit

# The unit kinds a criteria set is written for (the office is appraised by none).
INDEX_KINDS = ("department", "district", "commune")
INDEX_KIND_LABELS = {
    "department": _l("Departments and agencies"),
    "district": _l("Districts"),
    "commune": _l("Communes"),
}
# How a sub-criterion is scored: a free number in [0, max] with a step, a choice of levels,
# or computed from the tracker's own data by a named formula.
RULE_KINDS = ("number", "levels", "computed")
# A year's set: units assess themselves, then it is finalised, then published.
SET_STATES = ("open", "finalised", "published")
SET_STATE_LABELS = {
    "open": _l("Open"),
    "finalised": _l("Finalised"),
    "published": _l("Published"),
}
# A unit's assessment: draft → submitted → appraised (sent back to the unit, which may answer
# within the office's days) → finalised.
ASSESSMENT_STATES = ("draft", "submitted", "appraised", "finalised")
ASSESSMENT_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "appraised": _l("Appraised"),
    "finalised": _l("Finalised"),
}
EVIDENCE_KINDS = ("journal", "document", "link", "file")
ANSWER_DECISIONS = ("accepted", "rejected")
# Tốt ≥ 90, Khá 80–<90, Trung bình 70–<80, Yếu < 70: each band's lowest index, highest first.
DEFAULT_BANDS = [
    {"label": "Tốt", "min": 90},
    {"label": "Khá", "min": 80},
    {"label": "Trung bình", "min": 70},
    {"label": "Yếu", "min": 0},
]

JSON_VALUES = JSON().with_variant(JSONB(), "postgresql")
POINTS = Numeric(7, 2, asdecimal=False)


class CriteriaSet(db.Model):
    """The criteria of one year for one unit kind, as the province's decision sets them."""

    __tablename__ = "index_criteria_sets"
    __table_args__ = (
        UniqueConstraint("year", "kind"),
        one_of("kind", INDEX_KINDS, "kind"),
        one_of("state", SET_STATES, "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    # The decision that set the criteria ("Quyết định số 123/QĐ-UBND ngày …").
    decision: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Demo criteria are marked as such wherever they are shown.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # Units submit their self-assessment by this day; a later one is recorded as late.
    self_deadline: Mapped[date | None] = mapped_column(Date)
    # How many days a unit has to answer the appraisal, from the day it is sent to the unit.
    answer_days: Mapped[int] = mapped_column(SmallInteger, default=7, server_default="7")
    # The sociological survey's maximum points, added to the criteria's maximum.
    survey_max: Mapped[float] = mapped_column(POINTS, default=0, server_default="0")
    bands: Mapped[list] = mapped_column(JSON_VALUES, default=lambda: list(DEFAULT_BANDS))
    state: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    finalised_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="set", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Criterion(db.Model):
    """A lĩnh vực (number "1"), tiêu chí ("1.1") or tiêu chí thành phần ("1.1.2"). Only leaves
    are scored; a parent's maximum is the sum of its children's, or the largest of them when
    the unit chooses one."""

    __tablename__ = "index_criteria"
    __table_args__ = (
        UniqueConstraint("set_id", "number"),
        one_of("rule", RULE_KINDS, "rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("index_criteria_sets.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("index_criteria.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20))  # "1.1.2"
    depth: Mapped[int] = mapped_column(SmallInteger, default=1)  # 1 lĩnh vực, 2 tiêu chí, 3 …
    title: Mapped[str] = mapped_column(Text)
    max_points: Mapped[float] = mapped_column(POINTS)
    choose_one: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    guidance: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The evidence the decision asks for; a leaf with some needs evidence or an explanation.
    evidence_required: Mapped[str] = mapped_column(Text, default="", server_default="")
    rule: Mapped[str] = mapped_column(String(10), default="number", server_default="number")
    step: Mapped[float | None] = mapped_column(POINTS)
    # [{"label": "Hoàn thành 100 %", "points": 1}, …] for a choice of levels.
    levels: Mapped[list | None] = mapped_column(JSON_VALUES)
    # A computed criterion's formula and its parameters: "plan_done", {"plan": 5959}.
    formula: Mapped[str | None] = mapped_column(String(40))
    parameters: Mapped[dict | None] = mapped_column(JSON_VALUES)

    set: Mapped[CriteriaSet] = relationship(back_populates="criteria")
    parent: Mapped[Criterion | None] = relationship(remote_side=[id])


class Assessment(db.Model):
    """One unit's assessment for one criteria set: its own points, then the appraisal."""

    __tablename__ = "index_assessments"
    __table_args__ = (
        UniqueConstraint("set_id", "unit_id"),
        one_of("state", ASSESSMENT_STATES, "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("index_criteria_sets.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="draft", server_default="draft")
    submitted_on: Mapped[date | None] = mapped_column(Date)
    submitted_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The appraisal sent to the unit; its answers are taken until answer_until (inclusive).
    appraised_on: Mapped[date | None] = mapped_column(Date)
    answer_until: Mapped[date | None] = mapped_column(Date)
    finalised_on: Mapped[date | None] = mapped_column(Date)
    survey_points: Mapped[float | None] = mapped_column(POINTS)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    set: Mapped[CriteriaSet] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    items: Mapped[list[AssessmentItem]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class AssessmentItem(db.Model):
    """A unit's points on one sub-criterion, the appraiser's, and the unit's one answer."""

    __tablename__ = "index_assessment_items"
    __table_args__ = (
        UniqueConstraint("assessment_id", "criterion_id"),
        one_of("answer_decision", ANSWER_DECISIONS, "answer_decision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("index_assessments.id", ondelete="CASCADE")
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("index_criteria.id", ondelete="CASCADE"))
    self_points: Mapped[float | None] = mapped_column(POINTS)
    # A computed criterion's working as shown to people ("12/14 nhiệm vụ hoàn thành …").
    working: Mapped[str] = mapped_column(Text, default="", server_default="")
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")
    # None until the appraiser decides; the reason is required when the points change.
    appraised_points: Mapped[float | None] = mapped_column(POINTS)
    appraisal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_decision: Mapped[str | None] = mapped_column(String(10))
    answer_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    assessment: Mapped[Assessment] = relationship(back_populates="items")
    criterion: Mapped[Criterion] = relationship()
    evidence: Mapped[list[AssessmentEvidence]] = relationship(
        back_populates="item", order_by="AssessmentEvidence.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class AssessmentEvidence(db.Model):
    """A tài liệu kiểm chứng: evidence the unit already gave in the tracker (a journal entry),
    a document's number and date, a link, or an uploaded file."""

    __tablename__ = "index_evidence"
    __table_args__ = (one_of("kind", EVIDENCE_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("index_assessment_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    journal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_updates.id", ondelete="SET NULL")
    )
    document_number: Mapped[str | None] = mapped_column(String(100))
    document_date: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(1000))
    # An uploaded file, stored under the instance folder by a random name (core.evidence_files).
    file_path: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()

    item: Mapped[AssessmentItem] = relationship(back_populates="evidence")
    journal_entry: Mapped[JournalEntry | None] = relationship()


class IndexJournalEntry(db.Model):
    """Every change to an assessment: who, when, what it was, what it became and why."""

    __tablename__ = "index_journal"
    __table_args__ = (Index("ix_index_journal_assessment_created", "assessment_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("index_assessments.id", ondelete="CASCADE")
    )
    criterion_id: Mapped[int | None] = mapped_column(
        ForeignKey("index_criteria.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    # "self_points", "evidence", "submit", "appraisal", "sent_to_unit", "answer",
    # "answer_decision", "survey", "finalise".
    action: Mapped[str] = mapped_column(String(24))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    author: Mapped[User | None] = relationship()
    criterion: Mapped[Criterion | None] = relationship()
