"""Revising an issued plan: a section's title, a task's deadline, the units a task is assigned to.

The office does this when a plan is corrected (a re-imported file, an amending decision). A
corrected deadline is the plan's own date, not an extension: it moves each assignment's
original due date, and an extension already approved stays in force. Every change is
journaled on the assignments it touches and audited; with commit=False the caller commits.
"""

from __future__ import annotations

from datetime import date

from tracker.assignments.changes import assign_unit, correct_due, mark_cancelled
from tracker.assignments.history import record_period
from tracker.assignments.models import OPEN_STATES
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, one_of
from tracker.core.recurrence import DueRule
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.checkpoints import task_calendar
from tracker.plans.models import RECURRENCES, PlanSection, Task
from tracker.plans.problems import lead_unit_required, recurring_has_no_due_date
from tracker.plans.schedules import sync_checkpoints


def update_section(actor, section: PlanSection, *, title: str, commit: bool = True) -> dict:
    require_office(actor)
    errors: dict[str, Problem] = {}
    title = checked_text(title, "title", errors, 500)
    require(errors)
    changes = {}
    if section.title != title:
        changes["title"] = [section.title, title]
        section.title = title
        record("section.update", actor=actor, target=section, changes=changes)
    if commit:
        db.session.commit()
    return changes


def correct_deadline(
    actor,
    task: Task,
    *,
    due_date: date | None,
    recurrence: str | None,
    reason: str,
    rule: DueRule | None = None,
    commit: bool = True,
) -> dict:
    """Set the plan's deadline of a task and of its live assignments; returns the changes.
    A recurring task's `rule` (None: the plan's default) dates its checkpoints, which follow
    (schedules.sync_checkpoints)."""
    require_office(actor)
    errors: dict[str, Problem] = {}
    reason = checked_text(reason, "reason", errors, 2000)
    if recurrence is not None and recurrence not in RECURRENCES:
        errors["recurrence"] = one_of(RECURRENCES)
    if recurrence and due_date:
        errors["due_date"] = recurring_has_no_due_date()
    require(errors)
    changes = {}
    wanted = (
        ("due_date", due_date),
        ("recurrence", recurrence),
        ("due_rule", rule.kind if rule else None),
        ("due_day", rule.day if rule else None),
        ("due_in_working_days", rule.working_days if rule else None),
    )
    for name, value in wanted:
        if getattr(task, name) != value:
            changes[name] = [str(getattr(task, name)), str(value)]
            setattr(task, name, value)
    if not changes:
        return changes
    if task.checkpoint_recurrence or any(a.period for a in task.assignments):
        sync_checkpoints(actor, task, reason)
    else:
        for assignment in task.assignments:
            if assignment.state != "cancelled" and assignment.original_due_date != due_date:
                correct_due(actor, assignment, due_date, reason)
    record("task.deadline_correct", actor=actor, target=task, changes=changes, reason=reason)
    if commit:
        db.session.commit()
    return changes


def unit_changes(task: Task, leads: list, cooperating: list):
    """What making these the task's units takes: (units to assign with their role,
    assignments whose role changes with the new role, assignments to cancel). A recurring
    task's unit holds one assignment per checkpoint: they change together; a checkpoint done
    or awaiting confirmation is not cancelled."""
    lead_ids = {unit.id for unit in leads}
    wanted = {unit.id: (unit, "lead") for unit in leads}
    for unit in cooperating:
        if unit.id not in lead_ids:
            wanted.setdefault(unit.id, (unit, "cooperating"))
    existing: dict[int, list] = {}
    for assignment in task.assignments:
        existing.setdefault(assignment.unit_id, []).append(assignment)
    to_add = [(unit, role) for uid, (unit, role) in wanted.items() if uid not in existing]
    to_switch = [
        (assignment, role)
        for uid, (_unit, role) in wanted.items()
        for assignment in existing.get(uid, [])
        if assignment.role != role
    ]
    to_cancel = [
        a
        for uid, held in existing.items()
        if uid not in wanted
        for a in held
        if a.state != "cancelled" and (a.period is None or a.state in OPEN_STATES)
    ]
    return to_add, to_switch, to_cancel


def reassign_units(
    actor, task: Task, *, leads: list, cooperating: list, reason: str, commit: bool = True
) -> dict:
    """Make the task's lead and cooperating units these: new units get an assignment, a unit
    that changed role keeps its assignment, a unit no longer named has its assignment
    cancelled (kept for the record). A cancelled assignment is not revived. For a recurring
    task the same holds per unit for all its checkpoints (assign_unit makes a new unit's)."""
    require_office(actor)
    errors: dict[str, Problem] = {}
    reason = checked_text(reason, "reason", errors, 2000)
    if not leads:
        errors["lead_units"] = lead_unit_required()
    require(errors)
    to_add, to_switch, to_cancel = unit_changes(task, leads, cooperating)
    calendar = task_calendar(task) if task.checkpoint_recurrence and to_add else None
    for unit, role in to_add:
        assign_unit(actor, task, unit, role, task.due_date, calendar=calendar)
    for assignment, role in to_switch:
        assignment.role = role
        record_period(assignment)  # the role it had stays its role as of earlier days
    today = local_today()
    for assignment in to_cancel:
        mark_cancelled(actor, assignment, reason, today)
    changes = {
        name: value
        for name, value in (
            ("added", [f"{unit.code} ({role})" for unit, role in to_add]),
            ("removed", sorted({a.unit.code for a in to_cancel})),
            ("role", sorted({f"{a.unit.code}: {role}" for a, role in to_switch})),
        )
        if value
    }
    if changes:
        db.session.flush()
        record("task.reassign", actor=actor, target=task, reason=reason, **changes)
    if commit:
        db.session.commit()
    return changes
