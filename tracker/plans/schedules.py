"""A recurring task's schedule as the office changes it: its recurrence and due rule, or its
plan's default rule. The checkpoints follow (sync_checkpoints): open ones move to the new due
date through the plan-correction path (journaled "due_changed", the revision bumped), missing
ones are added, and those no longer in the schedule are cancelled; a checkpoint done, or
awaiting the office's confirmation, stays as it is."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.assignments.changes import correct_due, mark_cancelled
from tracker.assignments.creation import add_assignment
from tracker.assignments.models import OPEN_STATES, Assignment
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, one_of, out_of_range
from tracker.core.recurrence import DUE_RULES, PERIODIC_RECURRENCES, RECURRENCES
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.notifications.services import notify_unit
from tracker.plans import problems
from tracker.plans.checkpoints import checkpoint_schedule, task_calendar
from tracker.plans.models import Plan, Task
from tracker.reminders.workcalendar import WorkCalendar

FIRST_DAY, LAST_DAY = 1, 31


@dataclass(frozen=True)
class Schedule:
    """What a task's form or body says of its recurrence and due rule (None: the plan's
    default rule; due_day None: the plan's default day)."""

    recurrence: str | None = None
    due_rule: str | None = None
    due_day: int | None = None
    due_in_working_days: bool | None = None
    yearly_self_report: bool = False

    def problems(self, due_date=None) -> dict[str, Problem]:
        """What is wrong with it, by field (the task's single due date too)."""
        errors: dict[str, Problem] = {}
        if self.recurrence is not None and self.recurrence not in RECURRENCES:
            errors["recurrence"] = one_of(RECURRENCES)
        if self.recurrence and due_date:
            errors["due_date"] = problems.recurring_has_no_due_date()
        if self.yearly_self_report and self.recurrence != "continuous":
            errors["yearly_self_report"] = problems.self_report_needs_continuous()
        periodic = self.recurrence in PERIODIC_RECURRENCES or (
            self.recurrence == "continuous" and self.yearly_self_report
        )
        if self.due_rule is not None:
            if self.due_rule not in DUE_RULES:
                errors["due_rule"] = one_of(DUE_RULES)
            elif not periodic:
                errors["due_rule"] = problems.rule_needs_periods()
        if self.due_day is not None:
            if not FIRST_DAY <= self.due_day <= LAST_DAY:
                errors["due_day"] = out_of_range(FIRST_DAY, LAST_DAY)
            elif self.due_rule is None:
                errors["due_rule"] = problems.day_needs_rule()
        if self.due_in_working_days and self.due_rule is None:
            errors.setdefault("due_rule", problems.day_needs_rule())
        return errors

    def apply_to(self, task: Task) -> dict[str, list[str]]:
        """Set the task's columns; {column: [old, new]} of those that changed."""
        changes = {}
        values = {
            "recurrence": self.recurrence,
            "due_rule": self.due_rule,
            "due_day": self.due_day if self.due_rule else None,
            "due_in_working_days": bool(self.due_in_working_days) if self.due_rule else None,
            "yearly_self_report": self.yearly_self_report,
        }
        for name, value in values.items():
            if getattr(task, name) != value:
                changes[name] = [str(getattr(task, name)), str(value)]
                setattr(task, name, value)
        return changes


def schedule_of(task: Task) -> Schedule:
    return Schedule(
        task.recurrence,
        task.due_rule,
        task.due_day,
        task.due_in_working_days,
        task.yearly_self_report,
    )


def sync_checkpoints(
    actor, task: Task, reason: str, calendar: WorkCalendar | None = None
) -> dict[str, list[str]]:
    """Make each live unit's assignments of the task match its schedule (see the module's
    docstring); for a task that is no longer recurring, one assignment per unit with the
    task's due date. Returns {"added"|"moved"|"cancelled": ["UNIT 2021-Q3", …]}; the caller
    audits and commits. A unit closed today gets nothing new."""
    wanted = {
        period.code: due
        for period, due in checkpoint_schedule(task, calendar or task_calendar(task))
    } or {None: task.due_date}
    today = local_today()
    by_unit: dict[int, list[Assignment]] = {}
    for assignment in task.assignments:
        by_unit.setdefault(assignment.unit_id, []).append(assignment)
    changes: dict[str, list[str]] = {"added": [], "moved": [], "cancelled": []}
    for held in by_unit.values():
        live = [a for a in held if a.state != "cancelled"]
        if not live:
            continue  # a unit taken off the task (or all cancelled) is not given it again
        for assignment in live:
            name = f"{assignment.unit.code} {assignment.period or ''}".strip()
            changeable = assignment.period is None or assignment.state in OPEN_STATES
            if not changeable:
                continue
            if assignment.period not in wanted:
                if assignment.state in OPEN_STATES:
                    mark_cancelled(actor, assignment, reason, today)
                    changes["cancelled"].append(name)
            elif assignment.original_due_date != wanted[assignment.period]:
                correct_due(actor, assignment, wanted[assignment.period], reason)
                changes["moved"].append(name)
        unit, role = live[0].unit, live[0].role
        if unit.valid_to is not None and unit.valid_to < today:
            continue
        present = {a.period for a in held}
        added = [
            add_assignment(actor, task, unit, role, due, today, reason, period=code)
            for code, due in wanted.items()
            if code not in present
        ]
        if added:
            notify_unit(added[0], "created", actor, due=added[0].due_date, role=role)
            changes["added"].extend(f"{unit.code} {a.period or ''}".strip() for a in added)
    return {name: value for name, value in changes.items() if value}


def set_task_schedule(
    actor, task: Task, schedule: Schedule, *, reason: str = "", commit: bool = True
) -> dict:
    """The office changes a task's recurrence or due rule: its checkpoints follow."""
    require_office(actor)
    errors = schedule.problems()
    reason = checked_text(reason, "reason", errors, 2000, required=False)
    require(errors)
    changes = reschedule(actor, task, schedule, reason)
    if commit:
        db.session.commit()
    return changes


def reschedule(actor, task: Task, schedule: Schedule, reason: str) -> dict:
    """Apply a checked schedule: a task that becomes recurring loses its single due date, and
    the assignments follow (sync_checkpoints); audited when anything changed."""
    changes = schedule.apply_to(task)
    if changes:
        if task.recurrence and task.due_date is not None:
            changes["due_date"] = [str(task.due_date), "None"]
            task.due_date = None
        moved = sync_checkpoints(actor, task, reason)
        db.session.flush()
        record("task.schedule", actor=actor, target=task, changes=changes, reason=reason, **moved)
    return changes


def set_plan_rule(
    actor,
    plan: Plan,
    *,
    kind: str | None,
    day: int | None,
    working_days: bool,
    reason: str = "",
    commit: bool = True,
) -> dict:
    """The plan's default due rule (what a plain "Hằng quý" takes): the checkpoints of its
    recurring tasks follow."""
    require_office(actor)
    errors: dict[str, Problem] = {}
    reason = checked_text(reason, "reason", errors, 2000, required=False)
    if kind not in DUE_RULES:
        errors["due_rule"] = one_of(DUE_RULES)
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        errors["due_day"] = out_of_range(FIRST_DAY, LAST_DAY)
    require(errors)
    changes = {}
    for name, value in (
        ("default_due_rule", kind),
        ("default_due_day", day),
        ("default_due_in_working_days", bool(working_days)),
    ):
        if getattr(plan, name) != value:
            changes[name] = [str(getattr(plan, name)), str(value)]
            setattr(plan, name, value)
    if changes:
        calendar = None
        for task in plan.tasks:
            if task.checkpoint_recurrence and task.cancelled_on is None:
                calendar = calendar or task_calendar(task)
                sync_checkpoints(actor, task, reason, calendar)
        db.session.flush()
        record("plan.due_rule", actor=actor, target=plan, changes=changes, reason=reason)
    if commit:
        db.session.commit()
    return changes
