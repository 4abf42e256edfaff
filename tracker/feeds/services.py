"""The rules of calendar feeds: who may subscribe to what, creating, listing, revoking, and
finding the feed of a secret URL (which re-checks, at every fetch, that its owner may still
see it)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.accounts.models import User
from tracker.audit.services import record
from tracker.core.db import aware
from tracker.core.exceptions import Forbidden, NotFound, ServiceError, ValidationFailed, require
from tracker.core.permissions import UNIT_ROLES, can
from tracker.core.problems import Problem, one_of, required, too_long
from tracker.core.timeutil import format_date, local_today, utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db
from tracker.feeds.models import SCOPES, CalendarFeed
from tracker.plans.models import Plan
from tracker.units.models import Unit
from tracker.units.services import unknown_unit

# The URL path of a feed; the route in views.py and the log redaction use the same shape.
FEED_PATH = "/feeds/{token}.ics"
# Unit roles see only their own unit (permissions.can); the other roles see the province.


def feed_url(raw: str) -> str:
    return current_app.config["TRACKER_BASE_URL"] + FEED_PATH.format(token=raw)


def check_access(user, feed: CalendarFeed) -> None:
    """Whether `user` may see what `feed` shows; raises Forbidden or ValidationFailed."""
    if not can(user, "view"):
        raise Forbidden(Problem("account_disabled", _l("This account is disabled.")))
    if feed.scope == "mine":
        if user.unit_id is None:
            problem = Problem(
                "no_unit_of_yours",
                _l("Your account belongs to no unit: choose a unit or a plan instead."),
            )
            raise ValidationFailed(problem, {"scope": problem})
    elif feed.scope == "unit":
        if not can(user, "view", unit_id=feed.unit_id):
            raise Forbidden(
                Problem(
                    "feed_of_other_unit",
                    _l("A unit's account may subscribe only to its own unit's deadlines."),
                )
            )
    elif user.role in UNIT_ROLES:
        raise Forbidden(
            Problem(
                "feed_of_whole_plan",
                _l("Only the provincial office and viewers may subscribe to a whole plan."),
            )
        )


def may_read(user, feed: CalendarFeed) -> bool:
    try:
        check_access(user, feed)
    except ServiceError:
        return False
    return True


def unit_description(unit: Unit) -> str:
    """The unit's name; for a unit closed by today, since when and where its open work went
    (its feed keeps what it did, and nothing new comes to it)."""
    if unit.valid_to is None or unit.valid_to >= local_today():
        return unit.name
    closed_on = format_date(unit.valid_to + timedelta(days=1))
    if unit.successor is not None:
        return _(
            "%(unit)s, closed from %(day)s; its open work went to %(successor)s",
            unit=unit.name,
            day=closed_on,
            successor=unit.successor.name,
        )
    return _("%(unit)s, closed from %(day)s", unit=unit.name, day=closed_on)


def describe(feed: CalendarFeed, unit: Unit | None = None) -> str:
    """What the feed shows, in the current language ("Sở Nội vụ", "Kế hoạch 5959/QĐ-UBND")."""
    if feed.scope == "plan":
        return _("Plan %(code)s", code=feed.plan.code)
    if feed.scope == "unit":
        return unit_description(feed.unit)
    unit = unit or feed.user.unit
    return _("My unit (%(unit)s)", unit=unit_description(unit)) if unit else _("My unit")


def _resolve(scope: str, unit_code: str | None, plan_code: str | None, errors: dict):
    unit = plan = None
    if scope not in SCOPES:
        errors["scope"] = one_of(SCOPES)
    if scope == "unit":
        if not unit_code:
            errors["unit"] = required()
        else:
            unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
            if unit is None:
                errors["unit"] = unknown_unit(unit_code)
    elif unit_code:
        errors["unit"] = Problem(
            "unit_not_for_scope", _l("Give a unit only for the calendar of one unit.")
        )
    if scope == "plan":
        if not plan_code:
            errors["plan"] = required()
        else:
            plan = db.session.scalar(select(Plan).where(Plan.code == plan_code))
            if plan is None:
                errors["plan"] = Problem(
                    "unknown_plan", _l("No plan has the code %(code)s."), code=plan_code
                )
    elif plan_code:
        errors["plan"] = Problem(
            "plan_not_for_scope", _l("Give a plan only for the calendar of a whole plan.")
        )
    return unit, plan


def create_feed(
    actor,
    *,
    scope: str,
    unit_code: str | None = None,
    plan_code: str | None = None,
    name: str = "",
    include_done: bool = False,
    include_cooperating: bool = False,
) -> tuple[CalendarFeed, str]:
    """Returns the feed and its URL, which holds the token: shown once, never stored."""
    errors: dict[str, Problem] = {}
    unit, plan = _resolve(scope, unit_code, plan_code, errors)
    name = (name or "").strip()
    if len(name) > 100:
        errors["name"] = too_long(100)
    require(errors)
    raw = secrets.token_urlsafe(32)  # 256 bits
    feed = CalendarFeed(
        user=actor,
        scope=scope,
        unit=unit,
        unit_id=unit.id if unit else None,
        plan=plan,
        plan_id=plan.id if plan else None,
        include_done=include_done,
        include_cooperating=include_cooperating,
        token_hash=hash_token(raw),
        name=name,
    )
    check_access(actor, feed)
    if not feed.name:
        with force_locale(actor.locale or "vi"):
            feed.name = describe(feed)[:100]
    db.session.add(feed)
    db.session.flush()
    record("calendar_feed.create", actor=actor, target=feed, scope=scope, name=feed.name)
    db.session.commit()
    return feed, feed_url(raw)


def user_feeds(user) -> list[CalendarFeed]:
    return list(
        db.session.scalars(
            select(CalendarFeed)
            .options(joinedload(CalendarFeed.unit), joinedload(CalendarFeed.plan))
            .where(CalendarFeed.user_id == user.id)
            .order_by(CalendarFeed.id.desc())
        )
    )


def revoke_feed(user, feed_id: int) -> CalendarFeed:
    feed = db.session.get(CalendarFeed, feed_id)
    # Someone else's feed is "not found", so that ids of other users' feeds are not confirmed.
    if feed is None or feed.user_id != user.id:
        raise NotFound(Problem("feed_not_found", _l("This calendar link does not exist.")))
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        record("calendar_feed.revoke", actor=user, target=feed)
        db.session.commit()
    return feed


def feed_for_token(raw: str) -> CalendarFeed | None:
    """The live feed of a URL's token, or None: unknown, revoked, its owner disabled or no
    longer allowed to see it (moved to another unit, another role): all answered alike."""
    feed = db.session.scalar(
        select(CalendarFeed)
        .options(
            joinedload(CalendarFeed.user).joinedload(User.unit),
            joinedload(CalendarFeed.unit),
            joinedload(CalendarFeed.plan),
        )
        .where(CalendarFeed.token_hash == hash_token(raw))
    )
    if feed is None or feed.revoked_at is not None or not may_read(feed.user, feed):
        return None
    _mark_used(feed, utcnow())
    return feed


def _mark_used(feed: CalendarFeed, now: datetime) -> None:
    # Written at most once a minute, so that polling clients do not turn reads into writes.
    last = aware(feed.last_used_at)
    if last is None or (now - last).total_seconds() > 60:
        feed.last_used_at = now
        db.session.commit()
