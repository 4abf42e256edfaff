"""The reminder rules that pages, the CLI and the Celery jobs share: sweep, invites, dispatch
(đôn đốc is in adhoc.py). Planning commits the rows first; only then are messages queued."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tracker.core.timeutil import local_today, utcnow
from tracker.extensions import db
from tracker.reminders.models import ReminderDelivery
from tracker.reminders.planning import PlannedMessage, plan_digests, plan_invites
from tracker.reminders.policy import get_policy

SEND_TASK = "worker.jobs.send_delivery"
INVITE_LOOKBACK = timedelta(days=7)


def store(messages: list[PlannedMessage]) -> list[int]:
    """Insert the planned rows; a key that exists already is skipped. Returns new ids."""
    if not messages:
        return []
    rows = [
        {
            "kind": m.kind,
            "dedupe_key": m.dedupe_key,
            "recipient_id": m.recipient.id,
            "recipient_email": m.recipient.email,
            "assignment_ids": m.assignment_ids,
            "payload": m.payload,
            "planned_for": m.planned_for,
            "message_id": m.message_id,
            "status": "pending",
            "attempts": 0,
        }
        for m in messages
    ]
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    new_ids: list[int] = []
    for start in range(0, len(rows), 1000):
        statement = (
            insert(ReminderDelivery)
            .values(rows[start : start + 1000])
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(ReminderDelivery.id)
        )
        new_ids.extend(db.session.scalars(statement))
    return new_ids


def enqueue(delivery_ids: list[int]) -> int:
    """One Celery task per message, sent after the planning transaction committed.

    If the broker is down the rows simply stay pending: the dispatcher queues them once it is
    back, so a page that planned them still answers. Returns how many were queued."""
    celery = current_app.extensions["celery"]
    queued = 0
    for delivery_id in delivery_ids:
        try:
            celery.send_task(SEND_TASK, args=[delivery_id])
        except Exception as error:  # noqa: BLE001  (kombu raises several kinds)
            current_app.logger.warning(
                "broker unavailable, %d reminders left pending (%s)",
                len(delivery_ids) - queued,
                error,
            )
            break
        queued += 1
    return queued


def sweep(as_of: date | None = None, dry_run: bool = False) -> tuple[list, list[int]]:
    """Plan today's digests. Returns (planned messages, ids of rows new in the log)."""
    as_of = as_of or local_today()
    plan = plan_digests(as_of, get_policy())
    if dry_run:
        db.session.rollback()
        return plan.messages, []
    new_ids = store(plan.messages)
    db.session.commit()
    return plan.messages, new_ids


def invite_sweep(now: datetime | None = None, dry_run: bool = False):
    now = now or utcnow()
    messages = plan_invites(local_today(), get_policy(), now - INVITE_LOOKBACK)
    if dry_run:
        db.session.rollback()
        return messages, []
    new_ids = store(messages)
    db.session.commit()
    return messages, new_ids


def due_for_dispatch(now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Pending rows whose time has come: the safety net for lost or delayed queue messages."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(ReminderDelivery.id)
            .where(ReminderDelivery.status == "pending", ReminderDelivery.next_attempt_at <= now)
            .order_by(ReminderDelivery.next_attempt_at)
            .limit(limit)
        )
    )


def delivery_log(status: str | None = None, kind: str | None = None, limit: int = 300):
    query = select(ReminderDelivery).order_by(ReminderDelivery.id.desc()).limit(limit)
    if status:
        query = query.where(ReminderDelivery.status == status)
    if kind:
        query = query.where(ReminderDelivery.kind == kind)
    return list(db.session.scalars(query))
