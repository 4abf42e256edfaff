"""A recurring task's checkpoints: one assignment per unit and period of the plan's span, each
due by the task's rule (core.recurrence). A checkpoint is an ordinary Assignment with its
period; this module says which periods a task has and makes a unit's checkpoints."""

from __future__ import annotations

from datetime import date

from tracker.assignments.creation import add_assignment
from tracker.assignments.models import Assignment
from tracker.core.recurrence import Period, due_date, periods_between
from tracker.notifications.services import notify_unit
from tracker.reminders.workcalendar import WorkCalendar, load_calendar


def task_calendar(task) -> WorkCalendar:
    """The working calendar around the task's plan (the admin's days included)."""
    first, _last = task.plan.span
    return load_calendar(first)


def checkpoint_schedule(task, calendar: WorkCalendar) -> list[tuple[Period, date]]:
    """(period, due date) of each checkpoint the task has; [] for a one-off or a plain
    continuous task."""
    kind = task.checkpoint_recurrence
    if kind is None:
        return []
    first, last = task.plan.span
    rule = task.rule
    return [
        (period, due_date(period, rule, calendar)) for period in periods_between(kind, first, last)
    ]


def assign_checkpoints(
    actor,
    task,
    unit,
    role: str,
    assigned_on: date | None = None,
    reason: str = "",
    calendar: WorkCalendar | None = None,
) -> list[Assignment]:
    """The unit's checkpoints of a recurring task, each journaled as created; the unit is told
    once (of the first one), not once per period. The caller audits and commits."""
    schedule = checkpoint_schedule(task, calendar or task_calendar(task))
    made = [
        add_assignment(actor, task, unit, role, due, assigned_on, reason, period=period.code)
        for period, due in schedule
    ]
    if made:
        notify_unit(made[0], "created", actor, due=made[0].due_date, role=role)
    return made


def one_per_unit(assignments: list[Assignment], day: date) -> list[Assignment]:
    """A task's assignments with one row per unit: a recurring task's checkpoint of the period
    that holds the day (else the nearest one before it, else the first), so that a list of
    units names each unit once."""
    chosen: dict[int, Assignment] = {}
    for assignment in sorted(assignments, key=lambda a: (a.checkpoint or Period(0, 1, 12), a.id)):
        current = chosen.get(assignment.unit_id)
        if current is None or (
            assignment.checkpoint is not None and assignment.checkpoint.start <= day
        ):
            chosen[assignment.unit_id] = assignment
    return list(chosen.values())
