"""The deadline class of DOMAIN.md: computed as of a date, never stored.

This module is the one place the rule lives; the status view's SQL mirrors it and a test
checks that both agree. The due date it is given is the one in force on the day, which the
assignment's period as of that day holds (history.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

DEADLINE_CLASSES = {
    "done_on_time": _l("Done on time"),
    "done_late": _l("Done late"),
    "overdue": _l("Overdue"),
    "due_soon": _l("Due soon"),
    "on_track": _l("On track"),
    "no_deadline": _l("Recurring / no deadline"),
    "cancelled": _l("Cancelled"),
}


def deadline_class(
    *,
    due: date | None,
    completed_on: date | None,
    cancelled_on: date | None,
    as_of: date,
    due_soon_days: int = 7,
) -> str:
    if cancelled_on is not None and cancelled_on <= as_of:
        return "cancelled"
    # A completion reported after the as-of date does not exist yet on that date.
    done = completed_on is not None and completed_on <= as_of
    if due is None:
        return "no_deadline"
    if done:
        return "done_on_time" if completed_on <= due else "done_late"
    if due < as_of:
        return "overdue"
    if due <= as_of + timedelta(days=due_soon_days):
        return "due_soon"
    return "on_track"
