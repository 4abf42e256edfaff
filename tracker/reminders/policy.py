"""The admin's reminder settings: the one policy row and the days added to the calendar.

Each change checks its input, needs the admin (permission manage_users), is audited and
committed. A refusal names its problems (core.problems), put into words where it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, one_of, required, too_long
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.reminders.models import CALENDAR_DAY_KINDS, CalendarDay, ReminderPolicy

POLICY_ID = 1
MAX_OFFSET = 60
OVERDUE_EVERY_RANGE = (1, 30)
ESCALATE_AFTER_RANGE = (1, 90)
FLAGS = ("use_working_days", "notify_members", "notify_office_on_escalation", "send_invites")
NOTE_MAX = 200


def get_policy() -> ReminderPolicy:
    """The policy (row id 1), created with its defaults and committed when missing."""
    policy = db.session.get(ReminderPolicy, POLICY_ID)
    if policy is not None:
        return policy
    try:
        with db.session.begin_nested():
            db.session.add(ReminderPolicy(id=POLICY_ID))
    except IntegrityError:
        pass  # created meanwhile by another request
    db.session.commit()
    return db.session.get(ReminderPolicy, POLICY_ID)


def require_admin(actor) -> None:
    if not can(actor, "manage_users"):
        raise Forbidden(
            Problem("admin_only", _l("Only an administrator may change the reminder settings."))
        )


class OffsetsError(ValueError):
    """Why a list of offsets is refused: `reason` 'format' or 'range', and its `problem`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        if reason == "range":
            self.problem = Problem(
                "offsets_range", _l("Each number must be from 0 to %(max)s."), max=MAX_OFFSET
            )
        else:
            self.problem = Problem(
                "offsets_format",
                _l("Write whole numbers separated by commas, for example 7, 3, 1, 0."),
            )


def parse_offsets(value: str | Iterable[int]) -> list[int]:
    """ "7, 3, 1, 0" (or a list of ints) → [7, 3, 1, 0]: unique, largest first.
    Raises OffsetsError. An empty text means no reminder before the due date."""
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"[,;\s]+", value.strip()) if p.strip()]
        if not all(re.fullmatch(r"[+-]?\d{1,6}", p) for p in parts):
            raise OffsetsError("format")
        numbers = [int(p) for p in parts]
    else:
        numbers = list(value)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
            raise OffsetsError("format")
    if not all(0 <= n <= MAX_OFFSET for n in numbers):
        raise OffsetsError("range")
    return sorted(set(numbers), reverse=True)


def format_offsets(offsets: Iterable[int]) -> str:
    return ", ".join(str(n) for n in offsets)


def _whole(value, name: str, bounds: tuple[int, int], errors: dict) -> int | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[name] = Problem(
            "whole_number_between",
            _l("Write a whole number from %(low)s to %(high)s."),
            low=low,
            high=high,
        )
        return None
    return value


def update_policy(actor, **fields) -> ReminderPolicy:
    """Change some of: offsets_before (text or list), overdue_every_days,
    escalate_after_days and the flags use_working_days, notify_members,
    notify_office_on_escalation, send_invites."""
    require_admin(actor)
    known = {"offsets_before", "overdue_every_days", "escalate_after_days", *FLAGS}
    unknown = set(fields) - known
    if unknown:
        raise TypeError(f"unknown policy fields: {', '.join(sorted(unknown))}")
    errors: dict[str, Problem] = {}
    values: dict = {}
    if "offsets_before" in fields:
        try:
            values["offsets_before"] = parse_offsets(fields["offsets_before"])
        except OffsetsError as error:
            errors["offsets_before"] = error.problem
    if "overdue_every_days" in fields:
        values["overdue_every_days"] = _whole(
            fields["overdue_every_days"], "overdue_every_days", OVERDUE_EVERY_RANGE, errors
        )
    if "escalate_after_days" in fields:
        values["escalate_after_days"] = _whole(
            fields["escalate_after_days"], "escalate_after_days", ESCALATE_AFTER_RANGE, errors
        )
    for flag in FLAGS:
        if flag in fields:
            if not isinstance(fields[flag], bool):
                errors[flag] = Problem("yes_or_no", _l("Answer yes or no."))
            values[flag] = fields[flag]
    require(errors)

    policy = get_policy()
    changes = {
        name: [getattr(policy, name), value]
        for name, value in values.items()
        if getattr(policy, name) != value
    }
    if not changes:
        return policy
    now = utcnow()
    if changes.get("send_invites") == [False, True]:
        # Invites only for what changes from now on, not for every past due date.
        policy.invites_since = now
    for name, (_old, new) in changes.items():
        setattr(policy, name, new)
    policy.updated_at = now
    policy.updated_by_id = actor.id
    record("reminder_policy.update", actor=actor, changes=changes)
    db.session.commit()
    return policy


def calendar_days() -> list[CalendarDay]:
    return list(db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def day_taken(day: date) -> Problem:
    return Problem("day_taken", _l("%(day)s is already in the calendar."), day=day)


def add_calendar_day(actor, day: date | None, kind: str, note: str = "") -> CalendarDay:
    """An extra day off, or a day made a working day (a swapped Saturday)."""
    require_admin(actor)
    errors: dict[str, Problem] = {}
    note = (note or "").strip()
    if not isinstance(day, date):
        errors["day"] = required()
    elif db.session.scalar(select(CalendarDay.id).where(CalendarDay.day == day)):
        errors["day"] = day_taken(day)
    if kind not in CALENDAR_DAY_KINDS:
        errors["kind"] = one_of(CALENDAR_DAY_KINDS)
    if len(note) > NOTE_MAX:
        errors["note"] = too_long(NOTE_MAX)
    require(errors)
    row = CalendarDay(day=day, kind=kind, note=note)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        require({"day": day_taken(day)})  # added meanwhile, by another tab or person
    record("calendar_day.add", actor=actor, target=row, day=day.isoformat(), kind=kind, note=note)
    db.session.commit()
    return row


def remove_calendar_day(actor, day_id: int) -> bool:
    """False when the day was not there (removed meanwhile, by another tab or person)."""
    require_admin(actor)
    row = db.session.get(CalendarDay, day_id)
    if row is None:
        return False
    record(
        "calendar_day.remove",
        actor=actor,
        target=row,
        day=row.day.isoformat(),
        kind=row.kind,
        note=row.note,
    )
    db.session.delete(row)
    db.session.commit()
    return True
