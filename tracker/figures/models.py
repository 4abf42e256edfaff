"""The tables of the figures kept by deltas (sql.py maintains them; nothing else writes them).

For a lead assignment, the class it is in as of day T (deadlines.deadline_class) is a step
function of T over each of its periods: each step is +1 on the day it starts and -1 on the
day it ends. The steps, summed by (plan, unit, class, awaiting confirmation):
- `figure_totals`: every step ever, i.e. the counts at the end of time;
- `figure_days`, `figure_months`, `figure_years`: the same steps by the day, the month and the
  year they fall in.
The counts as of T are the totals less the steps after T: those of T's month after T (days),
of T's year after T's month (months), and of later years (years). For today that is the
totals less the few steps still to come (deadlines ahead); for a past day a few thousand rows.

Derived data: left out of backups (rebuilt from the periods on restore), and `tracker
check-figures` compares them with a count from scratch and repairs them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

DERIVED = {"info": {"backup": False}}


class _Key:
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cls: Mapped[str] = mapped_column(String(16), primary_key=True)
    # Done, and reported but not yet confirmed by the office (counted apart, DOMAIN.md).
    awaiting: Mapped[bool] = mapped_column(Boolean, primary_key=True)


class FigureTotal(_Key, db.Model):
    __tablename__ = "figure_totals"
    __table_args__ = (DERIVED,)

    count: Mapped[int] = mapped_column(Integer)


class FigureDay(_Key, db.Model):
    __tablename__ = "figure_days"
    # The primary key leads with the day: the steps after a day are a range of it.
    __table_args__ = (DERIVED,)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    delta: Mapped[int] = mapped_column(Integer)


class FigureMonth(_Key, db.Model):
    __tablename__ = "figure_months"
    # The primary key leads with the month: the steps after a day are a range of it.
    __table_args__ = (DERIVED,)

    # The first day of the month.
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    delta: Mapped[int] = mapped_column(Integer)


class FigureYear(_Key, db.Model):
    __tablename__ = "figure_years"
    # The primary key leads with the year: the steps after a day are a range of it.
    __table_args__ = (DERIVED,)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    delta: Mapped[int] = mapped_column(Integer)


class FigurePending(db.Model):
    """The steps a transaction's changes make, gathered by statement and applied at its commit
    in one ordered pass (no two writers can deadlock on the figures). Unlogged: a row lives
    only as long as its transaction."""

    __tablename__ = "figure_pending"
    __table_args__ = (Index("ix_figure_pending_txid", "txid"), DERIVED)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    txid: Mapped[int] = mapped_column(BigInteger)
    plan_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    cls: Mapped[str] = mapped_column(String(16))
    awaiting: Mapped[bool] = mapped_column(Boolean)
    day: Mapped[date] = mapped_column(Date)
    delta: Mapped[int] = mapped_column(Integer)


class FigureSettings(db.Model):
    """The "due soon" window the steps were made with: figures made with another one than the
    app's are not read (the status view counts from the rows) until check-figures repairs."""

    __tablename__ = "figure_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"), DERIVED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_soon_days: Mapped[int] = mapped_column(Integer)
