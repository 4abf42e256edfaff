"""A unit hears what happens to its work: the services call notify_unit() right after a change,
in the change's transaction. It writes one notification per active account of the unit and,
in the reminders' delivery log, the mail that tells of it; the worker sends that mail after
the commit (the dispatcher picks up pending rows), so a rollback tells nobody and a second run
of the job sends nothing twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from weakref import WeakKeyDictionary

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.core.permissions import UNIT_ROLES
from tracker.core.problems import spoken
from tracker.core.timeutil import local_today, utcnow
from tracker.extensions import db
from tracker.notifications.models import NOTICE_KINDS, Notification
from tracker.plans.models import Task
from tracker.reminders.models import ReminderDelivery
from tracker.reminders.planning import mail_host
from tracker.reminders.recipients import reminded_units

DELIVERY_KIND = "notice"
PER_PAGE = 50

SENTENCES = {
    ("created", "lead"): _l(
        "%(by)s assigned this task to your unit as the lead unit, due %(due)s."
    ),
    ("created", "lead", "no_due"): _l(
        "%(by)s assigned this task to your unit as the lead unit, with no single due date."
    ),
    ("created", "cooperating"): _l(
        "%(by)s assigned this task to your unit as a cooperating unit, due %(due)s."
    ),
    ("created", "cooperating", "no_due"): _l(
        "%(by)s assigned this task to your unit as a cooperating unit, with no single due date."
    ),
    ("confirmed",): _l("%(by)s confirmed that your unit completed this task."),
    ("sent_back",): _l(
        "%(by)s sent back your unit's report of completion: the task is to be carried on."
    ),
    ("due_changed",): _l("%(by)s moved the due date from %(old_due)s to %(new_due)s."),
    ("due_changed", "set"): _l("%(by)s set the due date to %(new_due)s."),
    ("due_changed", "removed"): _l("%(by)s removed the single due date (it was %(old_due)s)."),
    ("extension_approved",): _l(
        "%(by)s approved the extension: the new due date is %(new_due)s (it was %(old_due)s)."
    ),
    ("extension_rejected",): _l(
        "%(by)s rejected the request to extend the due date to %(requested)s; it stays %(new_due)s."
    ),
    ("cancelled",): _l("%(by)s cancelled your unit's assignment of this task."),
}
# The note of a decision against the unit is its reason.
REASON_KINDS = ("sent_back", "extension_rejected", "due_changed", "cancelled")
NOTE_LABELS = {"reason": _l("Reason"), "note": _l("Note")}
THE_OFFICE = _l("The provincial office")


@dataclass
class _Told:
    """What one transaction has told so far: each unit's people and each person's mail."""

    people: dict[int, list[User]] = field(default_factory=dict)
    mails: dict[int, ReminderDelivery] = field(default_factory=dict)


# Per database transaction, forgotten with it: the changes one commit makes are told in one
# mail per person (an imported plan is one mail, not one per task).
_told: WeakKeyDictionary = WeakKeyDictionary()


def _this_transaction() -> _Told:
    transaction = db.session().get_transaction()
    if transaction is None:
        return _Told()
    return _told.setdefault(transaction, _Told())


def _people(told: _Told, unit_id: int) -> list[User]:
    """Who hears of the unit's work: its people, or those of the unit a closed one became
    (reminders.recipients), none when it became no unit that exists."""
    if unit_id not in told.people:
        heir = reminded_units([unit_id], local_today()).get(unit_id)
        told.people[unit_id] = (
            []
            if heir is None
            else list(
                db.session.scalars(
                    select(User)
                    .where(User.unit_id == heir, User.active.is_(True), User.role.in_(UNIT_ROLES))
                    .order_by(User.id)
                )
            )
        )
    return told.people[unit_id]


def _mail(told: _Told, user: User) -> ReminderDelivery:
    if user.id not in told.mails:
        key = uuid.uuid4().hex
        told.mails[user.id] = ReminderDelivery(
            kind=DELIVERY_KIND,
            dedupe_key=f"notice:{user.id}:{key}",
            recipient=user,
            recipient_email=user.email,
            assignment_ids=[],
            payload={},
            planned_for=local_today(),
            message_id=f"<notice-{user.id}-{key}@{mail_host()}>",
            status="pending",
            attempts=0,
        )
    return told.mails[user.id]


def _stored(value):
    return value.isoformat() if isinstance(value, date) else value


def notify_unit(assignment: Assignment, kind: str, actor, *, note: str = "", **details) -> None:
    """Tell the assignment's unit (its active accounts but the actor) that `kind` happened;
    `details` are the dates (old_due, new_due, due, requested) and the role of a new one.
    Adds rows to the session: the caller's commit keeps them or its rollback drops them."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"no notice of kind {kind!r}")
    told = _this_transaction()
    actor_id = getattr(actor, "id", None)
    params = {"by": getattr(actor, "full_name", None), "note": note or ""}
    params |= {name: _stored(value) for name, value in details.items()}
    mails = current_app.config.get("NOTICE_MAILS", True)
    # The change is still being made: reading the unit's people must not flush it half-made
    # (each flush of the assignment would take a version).
    with db.session.no_autoflush:
        unit_id = assignment.unit_id if assignment.unit_id is not None else assignment.unit.id
        people = _people(told, unit_id)
    for user in people:
        if user.id == actor_id:
            continue  # who made the change knows of it
        notification = Notification(user=user, kind=kind, assignment=assignment, params=params)
        if mails:
            notification.delivery = _mail(told, user)
        db.session.add(notification)


def _day(value):
    return date.fromisoformat(value) if value else None


def sentence(kind: str, params: dict) -> str:
    """What happened, in the reader's language."""
    variant: tuple = (kind,)
    if kind == "created":
        variant = (kind, params.get("role", "lead")) + (() if params.get("due") else ("no_due",))
    elif kind == "due_changed" and not params.get("old_due"):
        variant = (kind, "set")
    elif kind == "due_changed" and not params.get("new_due"):
        variant = (kind, "removed")
    values = {
        name: spoken(_day(params.get(name)))
        for name in ("due", "old_due", "new_due", "requested")
        if params.get(name)
    }
    values["by"] = params.get("by") or str(THE_OFFICE)
    return str(SENTENCES[variant]) % values


def note_label(kind: str) -> str:
    return str(NOTE_LABELS["reason" if kind in REASON_KINDS else "note"])


def with_their_tasks(query):
    return query.options(
        joinedload(Notification.assignment).joinedload(Assignment.task).joinedload(Task.plan),
        joinedload(Notification.assignment).joinedload(Assignment.unit),
    )


def notifications_of(user, page: int = 1) -> tuple[list[Notification], int]:
    """A person's notifications, newest first, a page at a time; and how many there are."""
    mine = Notification.user_id == user.id
    total = db.session.scalar(select(func.count()).select_from(Notification).where(mine))
    rows = db.session.scalars(
        with_their_tasks(select(Notification))
        .where(mine)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PER_PAGE)
        .offset((max(page, 1) - 1) * PER_PAGE)
    )
    return list(rows), total or 0


def unread_count(user) -> int:
    """For the menu: one count over the unread rows' partial index."""
    if user is None or not user.is_authenticated or user.role not in UNIT_ROLES:
        return 0
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications read, or all of them; how many were unread."""
    clause = [Notification.user_id == user.id, Notification.read_at.is_(None)]
    if notification_id is not None:
        clause.append(Notification.id == notification_id)
    result = db.session.execute(update(Notification).where(*clause).values(read_at=utcnow()))
    db.session.commit()
    return result.rowcount
