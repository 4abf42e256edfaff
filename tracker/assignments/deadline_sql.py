"""The deadline class as a SQL expression over an assignment's period as of a day (see
history.period_join), so that lists filter and the status view counts in the database. It
mirrors deadlines.deadline_class; a test checks they agree."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case


def deadline_class_sql(period, as_of: date, due_soon_days: int):
    """CASE … END over `period` (the alias that period_join gives)."""
    due = period.due_date
    done = and_(period.completed_on.is_not(None), period.completed_on <= as_of)
    return case(
        (and_(period.cancelled_on.is_not(None), period.cancelled_on <= as_of), "cancelled"),
        (due.is_(None), "no_deadline"),
        (and_(done, period.completed_on <= due), "done_on_time"),
        (done, "done_late"),
        (due < as_of, "overdue"),
        (due <= as_of + timedelta(days=due_soon_days), "due_soon"),
        else_="on_track",
    )
