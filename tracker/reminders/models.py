from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.units.models import Unit

DELIVERY_KINDS = ("digest", "invite", "adhoc", "notice", "account")
DELIVERY_STATUSES = ("pending", "sent", "failed", "unknown")
DELIVERY_KIND_LABELS = {
    "digest": _l("Daily digest"),
    "invite": _l("Calendar invite"),
    "adhoc": _l("Reminder from the office"),
    "notice": _l("What happened to a task"),
    "account": _l("Account link (invitation, password reset)"),
}
DELIVERY_STATUS_LABELS = {
    "pending": _l("Waiting"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "unknown": _l("Unknown: check with the recipient"),
}
CALENDAR_DAY_KINDS = ("day_off", "working_day")


class ReminderPolicy(db.Model):
    """The one reminder policy of the installation (row id 1), edited by an admin."""

    __tablename__ = "reminder_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Days before the due date on which a reminder goes out; 0 is the due date itself.
    offsets_before: Mapped[list[int]] = mapped_column(JSON, default=lambda: [7, 3, 1, 0])
    overdue_every_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    escalate_after_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    # Count the days above on the Vietnamese working calendar instead of the plain calendar.
    use_working_days: Mapped[bool] = mapped_column(default=True, server_default=true())
    notify_members: Mapped[bool] = mapped_column(default=True, server_default=true())
    notify_office_on_escalation: Mapped[bool] = mapped_column(default=True, server_default=true())
    send_invites: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Invites go out for changes after this moment only, so that enabling reminders on an
    # existing database does not invite everyone to years of past deadlines.
    invites_since: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CalendarDay(db.Model):
    """A day the admin adds to the calendar: an extra day off, or a swapped working day
    (a Saturday worked to make a holiday bridge)."""

    __tablename__ = "calendar_days"
    __table_args__ = (one_of("kind", CALENDAR_DAY_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200), default="")


class AdhocReminder(db.Model):
    """An office's đôn đốc to a unit, with its note."""

    __tablename__ = "adhoc_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User | None] = relationship()


class ReminderDelivery(db.Model):
    """One message to one person. The unique dedupe_key makes a second send of the same
    reminder impossible, whatever the queue does."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        one_of("kind", DELIVERY_KINDS, "kind"),
        one_of("status", DELIVERY_STATUSES, "status"),
        # The dispatcher's work list: only the pending rows, small however long the log grows.
        Index(
            "ix_reminder_deliveries_pending",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_reminder_deliveries_planned_for", "planned_for"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    # digest:<user>:<day>, invite:<user>:<assignment>:<revision>:<method>, adhoc:<id>:<user>,
    # notice:<user>:<random> (the notifications of one commit, see tracker.notifications)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recipient_email: Mapped[str] = mapped_column(String(254))
    assignment_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # What the message says, fixed when planned: the deadline class and the days left or late
    # per assignment, the due-date revision an invite is about, an ad-hoc note.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    planned_for: Mapped[date] = mapped_column(Date)
    planned_at: Mapped[datetime] = created_at_column()
    status: Mapped[str] = mapped_column(String(10), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = created_at_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str] = mapped_column(String(200), unique=True)

    recipient: Mapped[User] = relationship()


class DeliveryAttempt(db.Model):
    """Written in its own transaction just before the SMTP DATA command, so that a worker
    killed mid-send leaves a trace: such a message is marked unknown, never resent blindly."""

    __tablename__ = "reminder_delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("reminder_deliveries.id", ondelete="CASCADE"), index=True
    )
    data_started_at: Mapped[datetime] = created_at_column()
    # Set in the sending transaction; empty after a crash between DATA and that commit.
    outcome: Mapped[str | None] = mapped_column(String(20))
