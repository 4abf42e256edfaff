"""The deadline class as a SQL expression, so that lists filter and the status view counts in
the database. It mirrors status.deadlines.deadline_class; a test checks they agree."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tracker.assignments.models import Assignment, ExtensionRequest


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


def deadline_class_candidates(name: str, as_of: date, due_soon_days: int) -> ColumnElement:
    """A condition on plain columns that every assignment of class `name` as of as_of meets.

    It only narrows: deadline_class_sql still decides. PostgreSQL checks these cheap clauses
    first, so a list filtered by class computes the class of the few candidates instead of
    every assignment of the province. A moved due date (revision > 0) always stays a candidate,
    since its effective date depends on the extensions approved by as_of."""
    cancelled = and_(Assignment.cancelled_on.is_not(None), Assignment.cancelled_on <= as_of)
    done = and_(Assignment.completed_on.is_not(None), Assignment.completed_on <= as_of)
    moved = Assignment.due_date_revision != 0
    original = Assignment.original_due_date
    soon = as_of + timedelta(days=due_soon_days)
    open_ = and_(not_(cancelled), not_(done))
    candidates = {
        "cancelled": cancelled,
        "no_deadline": and_(not_(cancelled), or_(moved, original.is_(None))),
        "done_on_time": and_(not_(cancelled), done),
        "done_late": and_(not_(cancelled), done),
        "overdue": and_(open_, or_(moved, original < as_of)),
        "due_soon": and_(open_, or_(moved, original.between(as_of, soon))),
        "on_track": and_(open_, or_(moved, original > soon)),
    }
    return candidates[name]
