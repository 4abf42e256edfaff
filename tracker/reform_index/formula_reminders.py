"""reminders_answered: the share of the reminders sent to the unit in the year (the daily
digests and the office's đôn đốc, one per task and day however many of its people received
it) that the unit answered by updating the task, or reporting it done, between the reminder's
day and the task's due date as the reminder stated it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, cast, func, select, true

from tracker.assignments.models import Assignment, JournalEntry
from tracker.core.numbers import format_percent
from tracker.core.timeutil import format_date, local_date_of
from tracker.extensions import db
from tracker.reform_index.formula_common import (
    Computed,
    Formula,
    FormulaParameter,
    assessed_day,
    parameters_of,
    points_for_share,
    share_working,
)
from tracker.reform_index.scoring import as_points
from tracker.reminders.models import ReminderDelivery

# The messages that remind a unit of its tasks (invites and notices only inform).
REMINDER_KINDS = ("digest", "adhoc")
# What the unit does in answer: a progress report, a report of done, a request for more time.
ANSWER_KINDS = ("progress", "reported_done", "extension_requested")


class Reminder(NamedTuple):
    day: date
    assignment_id: int
    due: date | None


def reminders_sent(unit, first: date, last: date) -> list[Reminder]:
    """Each task of the unit it was reminded of, once per day, from first to last."""
    item = func.json_array_elements(ReminderDelivery.payload["items"]).table_valued("value")
    assignment_id = cast(item.c.value.op("->>")("id"), Integer)
    due = cast(item.c.value.op("->>")("due_date"), Date)
    rows = db.session.execute(
        select(ReminderDelivery.planned_for, assignment_id, func.coalesce(due, Assignment.due_date))
        .distinct()
        .select_from(ReminderDelivery)
        .join(item, true())
        .join(Assignment, Assignment.id == assignment_id)
        .where(
            ReminderDelivery.kind.in_(REMINDER_KINDS),
            ReminderDelivery.status == "sent",
            ReminderDelivery.planned_for.between(first, last),
            Assignment.unit_id == unit.id,
        )
    ).all()
    return [Reminder(*row) for row in rows]


def answer_days(assignment_ids: set[int], first: date) -> dict[int, list[date]]:
    """assignment id → the days the unit updated it or reported it done, from `first` on."""
    days: dict[int, list[date]] = defaultdict(list)
    if not assignment_ids:
        return days
    rows = db.session.execute(
        select(JournalEntry.assignment_id, JournalEntry.created_at).where(
            JournalEntry.assignment_id.in_(assignment_ids),
            JournalEntry.kind.in_(ANSWER_KINDS),
        )
    ).all()
    for assignment_id, created_at in rows:
        day = local_date_of(created_at)
        if day >= first:
            days[assignment_id].append(day)
    return days


def is_answered(reminder: Reminder, days: list[date]) -> bool:
    if reminder.due is None:
        return any(day >= reminder.day for day in days)
    return any(reminder.day <= day <= reminder.due for day in days)


def reminders_answered(criterion, unit, year: int) -> Computed:
    parameters = parameters_of(criterion)
    first = date(year, 1, 1)
    last = assessed_day(parameters.get("as_of"), year)
    reminders = reminders_sent(unit, first, last)
    heading = _("Reminders of %(year)s until %(day)s", year=year, day=format_date(last))
    maximum = float(criterion.max_points)
    tasks = {reminder.assignment_id for reminder in reminders}
    counts = {"reminders": len(reminders), "tasks": len(tasks), "answered": 0}
    if not reminders:
        return Computed(
            points=as_points(maximum),
            share=None,
            working=_(
                "%(heading)s: no reminder was sent to the unit, full points.", heading=heading
            ),
            counts=counts,
        )
    days = answer_days(tasks, first)
    answered = sum(is_answered(reminder, days[reminder.assignment_id]) for reminder in reminders)
    counts["answered"] = answered
    share = answered / len(reminders)
    points, level = points_for_share(criterion, share)
    figures = _(
        "%(heading)s: %(answered)s of %(reminders)s reminders (about %(tasks)s tasks) were "
        "answered by an update or a report of done by the due date (%(share)s)",
        heading=heading,
        answered=answered,
        reminders=len(reminders),
        tasks=len(tasks),
        share=format_percent(share),
    )
    working = share_working(figures, share, maximum, points, level)
    return Computed(points=points, share=share, working=working, counts=counts)


REMINDERS_ANSWERED = Formula(
    label=_l("Share of reminders answered by the due date"),
    parameters=(FormulaParameter("as_of", _l("the last day counted, dd/mm (31/12 by default)")),),
    compute=reminders_answered,
)
