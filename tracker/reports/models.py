"""Quarterly reports as they were issued: kept byte for byte, never changed afterwards."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.plans.models import Plan

NUMBER_LENGTH = 20


class IssuedReport(db.Model):
    """One quarterly report the office sent ("Ban hành"): the .docx exactly as sent, and the
    figures it was made from, so that later corrections can be told apart from it."""

    __tablename__ = "issued_reports"
    __table_args__ = (UniqueConstraint("plan_id", "quarter", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No cascade: a report that was sent outlives any edit of its plan.
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))  # "2021-Q3"
    # The number of "Số: 12/BC-UBND", without its "/BC-UBND".
    number: Mapped[str] = mapped_column(String(NUMBER_LENGTH))
    as_of: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)  # the province's calendar day
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Empty when issued from the command line without --by.
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Read only when asked for: lists and pages need neither the bytes nor all the figures.
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    figures: Mapped[dict] = mapped_column(JSON, deferred=True)
    # The .docx's size, counted by the database when a query asks (archive.with_size).
    size: Mapped[int | None] = query_expression()

    plan: Mapped[Plan] = relationship()
    issued_by: Mapped[User | None] = relationship()

    @property
    def document_number(self) -> str:
        return f"{self.number}/BC-UBND"

    @property
    def file_name(self) -> str:
        return f"bao-cao-cchc-{self.quarter}-so-{self.number}.docx"
