"""The rows of a feed, loaded in one query, and what today makes of each (overdue, done…)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Text, and_, cast, func, or_, select, true, tuple_

from tracker.assignments.deadlines import deadline_class
from tracker.assignments.models import Assignment
from tracker.core.db import aware
from tracker.extensions import db
from tracker.feeds.models import CalendarFeed
from tracker.plans.models import Plan, Task
from tracker.units.models import Unit

# Done and cancelled assignments stay this long, so that subscribers see them go green or
# struck through before they leave; overdue ones stay until they are done.
KEEP_FINISHED_DAYS = 30


class FeedEvent(NamedTuple):
    """Everything one VEVENT is made from: equal events give identical bytes."""

    assignment_id: int
    task_id: int
    number: str
    period: str | None  # a checkpoint's period ("2021-Q3"); None for a one-off assignment
    title: str
    area: str | None
    plan_code: str
    plan_title: str
    unit_name: str
    role: str
    state: str
    progress: int
    due: date
    original_due: date | None
    completed_on: date | None
    cancelled_on: date | None
    revision: int
    updated: datetime  # UTC, whole seconds: DTSTAMP and LAST-MODIFIED
    mark: str  # "overdue", "done", "cancelled" or "": the status prefix of the title


def mark_of(due: date, completed_on: date | None, cancelled_on: date | None, today: date) -> str:
    cls = deadline_class(due=due, completed_on=completed_on, cancelled_on=cancelled_on, as_of=today)
    if cls in ("done_on_time", "done_late"):
        return "done"
    return cls if cls in ("overdue", "cancelled") else ""


# The columns an event is made of, in FeedEvent's order (less `mark`, computed from them).
COLUMNS = (
    Assignment.id,
    Task.id,
    Task.number,
    Assignment.period,
    Task.title,
    Task.reform_area,
    Plan.code,
    Plan.title,
    Unit.name,
    Assignment.role,
    Assignment.state,
    Assignment.progress,
    Assignment.due_date,
    Assignment.original_due_date,
    Assignment.completed_on,
    Assignment.cancelled_on,
    Assignment.due_date_revision,
    Assignment.updated_at,
)
ORDER = (Assignment.due_date, Assignment.id)


def _scoped(statement, feed: CalendarFeed, unit_id: int | None, today: date):
    """The joins and conditions of a feed. `unit_id` is the unit of a 'mine' feed: its
    owner's unit at the time of the fetch."""
    cutoff = today - timedelta(days=KEEP_FINISHED_DAYS)
    statement = (
        statement.select_from(Assignment)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .join(Unit, Assignment.unit_id == Unit.id)
        .where(Assignment.due_date.is_not(None))
    )
    if feed.scope == "plan":
        statement = statement.where(Task.plan_id == feed.plan_id)
    else:
        statement = statement.where(Assignment.unit_id == unit_id)
    if not feed.include_cooperating:
        statement = statement.where(Assignment.role == "lead")
    not_cancelled = Assignment.cancelled_on.is_(None)
    recent_or_open = or_(Assignment.completed_on.is_(None), Assignment.completed_on >= cutoff)
    return statement.where(
        or_(
            and_(not_cancelled, true() if feed.include_done else recent_or_open),
            Assignment.cancelled_on >= cutoff,
        )
    )


def digest_in_database() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def fingerprint(feed: CalendarFeed, unit_id: int | None, today: date) -> str:
    """A digest of every value the feed's events are made of. On PostgreSQL the database
    computes it, so that an unchanged feed is answered 304 without moving its rows here."""
    if not digest_in_database():
        rows = load_events(feed, unit_id, today)
        return hashlib.sha256("\n".join(map(repr, rows)).encode()).hexdigest()
    # A sum of 64-bit row hashes is a digest of the set of rows (the body orders them itself)
    # and needs no sort. hash_record_extended (PostgreSQL 14+) hashes each value by its type;
    # older servers hash the row's text (ROW(...)::text), about twice as slow.
    row = tuple_(*COLUMNS)
    if (db.session.get_bind().dialect.server_version_info or (0,)) >= (14,):
        row_hash = func.hash_record_extended(row, 0)
    else:
        row_hash = func.hashtextextended(cast(row, Text), 0)
    digest = select(func.count(), func.sum(row_hash))
    count, total = db.session.execute(_scoped(digest, feed, unit_id, today)).one()
    return f"{count}:{total}"


def load_events(feed: CalendarFeed, unit_id: int | None, today: date) -> list[FeedEvent]:
    statement = _scoped(select(*COLUMNS), feed, unit_id, today).order_by(*ORDER)
    rows = db.session.execute(statement)
    events = []
    for *fields, updated_at in rows:
        event = FeedEvent(*fields, aware(updated_at).astimezone(UTC).replace(microsecond=0), "")
        events.append(
            event._replace(mark=mark_of(event.due, event.completed_on, event.cancelled_on, today))
        )
    return events
