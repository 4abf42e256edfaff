from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.core.db import created_at_column, one_of
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.units.models import Unit

SCOPES = ("mine", "unit", "plan")
SCOPE_LABELS = {
    "mine": _l("My unit's deadlines"),
    "unit": _l("One unit"),
    "plan": _l("One plan"),
}


class CalendarFeed(db.Model):
    """A secret iCalendar URL. Only the SHA-256 of its token is stored; the URL is shown once."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        one_of("scope", SCOPES, "scope"),
        CheckConstraint("scope != 'unit' OR unit_id IS NOT NULL", name="unit_scope_has_unit"),
        CheckConstraint("scope != 'plan' OR plan_id IS NOT NULL", name="plan_scope_has_plan"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # 'mine' follows the user's unit at each fetch; 'unit' and 'plan' name what they show.
    scope: Mapped[str] = mapped_column(String(8))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    include_done: Mapped[bool] = mapped_column(default=False, server_default=false())
    include_cooperating: Mapped[bool] = mapped_column(default=False, server_default=false())
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The last body served: its ETag, the digest of the rows it was built from (so that an
    # unchanged feed is answered 304 without building it) and its Last-Modified, kept so that
    # Last-Modified never goes backwards, also when the newest row leaves the feed.
    content_etag: Mapped[str | None] = mapped_column(String(64))
    content_key: Mapped[str | None] = mapped_column(String(64))
    content_modified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
    unit: Mapped[Unit | None] = relationship()
    plan: Mapped[Plan | None] = relationship()

    def __init__(self, **fields) -> None:
        fields.setdefault("include_done", False)
        fields.setdefault("include_cooperating", False)
        super().__init__(**fields)
