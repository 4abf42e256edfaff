"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, func
from sqlalchemy.orm import mapped_column

# The largest value of an integer column (every id, version and count): a number beyond it
# cannot name a row, and PostgreSQL refuses to compare a column with it.
MAX_INTEGER = 2**31 - 1
MIN_INTEGER = -(2**31)


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """A CHECK that keeps a string column within its vocabulary, named for migrations."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def created_at_column():
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; they were stored as UTC."""

    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
