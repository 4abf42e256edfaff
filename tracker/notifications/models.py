from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.reminders.models import ReminderDelivery

# What a unit hears of: the office's decisions and changes to its assignments (journal kinds).
NOTICE_KINDS = (
    "created",
    "confirmed",
    "sent_back",
    "due_changed",
    "extension_approved",
    "extension_rejected",
    "cancelled",
)
NOTICE_KIND_LABELS = {
    "created": _l("New assignment"),
    "confirmed": _l("Completion has been confirmed"),
    "sent_back": _l("Completion sent back"),
    "due_changed": _l("Due date moved"),
    "extension_approved": _l("Extension approved"),
    "extension_rejected": _l("Extension rejected"),
    "cancelled": _l("Assignment cancelled"),
}


class Notification(db.Model):
    """One person told of one change to their unit's assignment; read on the "Notifications"
    page and, once, by mail (the delivery that carries it)."""

    __tablename__ = "notifications"
    __table_args__ = (
        one_of("kind", NOTICE_KINDS, "kind"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # The menu's unread count: only the unread rows, small however long the list grows.
        Index(
            "ix_notifications_unread",
            "user_id",
            postgresql_where=text("read_at IS NULL"),
            sqlite_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    # What the sentence says, fixed when it happened: who (by), the note or reason, the dates
    # (yyyy-mm-dd), the unit's role in a new assignment.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The mail that tells of it (one mail may tell of several changes made at once).
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminder_deliveries.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship()
    assignment: Mapped[Assignment] = relationship()
    delivery: Mapped[ReminderDelivery | None] = relationship()
