"""The deadline class as a SQL expression, so that lists filter and the status view counts in
the database. It mirrors status.deadlines.deadline_class; a test checks they agree."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from tracker.plans.models import Assignment
from tracker.status.models import ExtensionRequest


def effective_due_sql(as_of: date) -> ColumnElement:
    latest_approved = (
        select(ExtensionRequest.requested_date)
        .where(
            ExtensionRequest.assignment_id == Assignment.id,
            ExtensionRequest.decision == "approved",
            ExtensionRequest.decided_on <= as_of,
        )
        .order_by(ExtensionRequest.decided_on.desc(), ExtensionRequest.id.desc())
        .limit(1)
        .correlate(Assignment)
        .scalar_subquery()
    )
    # Approvals always bump due_date_revision, so the subquery runs only for the few
    # assignments whose due date ever moved.
    return case(
        (Assignment.due_date_revision == 0, Assignment.original_due_date),
        else_=func.coalesce(latest_approved, Assignment.original_due_date),
    )


def deadline_class_sql(as_of: date, due_soon_days: int, due: ColumnElement | None = None):
    due = effective_due_sql(as_of) if due is None else due
    done = and_(Assignment.completed_on.is_not(None), Assignment.completed_on <= as_of)
    return case(
        (and_(Assignment.cancelled_on.is_not(None), Assignment.cancelled_on <= as_of), "cancelled"),
        (due.is_(None), "no_deadline"),
        (and_(done, Assignment.completed_on <= due), "done_on_time"),
        (done, "done_late"),
        (due < as_of, "overdue"),
        (due <= as_of + timedelta(days=due_soon_days), "due_soon"),
        else_="on_track",
    )
