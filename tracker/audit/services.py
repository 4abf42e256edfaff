"""Recording audit events. The caller's transaction commits them with the change."""

from __future__ import annotations

import re

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db


def client_address() -> str | None:
    return request.remote_addr if has_request_context() else None


def target_type(target) -> str:
    """ReminderPolicy → reminder_policy: the row's class, as the log names it."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(target).__name__).lower()


def record(action: str, actor=None, target=None, **details) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=target_type(target) if target is not None else None,
        target_id=getattr(target, "id", None),
        ip_address=client_address(),
        details=details,
    )
    db.session.add(event)
    return event


def recent_events(limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def record_forbidden() -> None:
    """A refused request, written in a transaction of its own (the refused one is rolled back)."""
    record(
        "forbidden",
        actor=current_user if current_user.is_authenticated else None,
        method=request.method,
        path=request.path,
    )
    db.session.commit()
