"""The office's edits of a task after it was created: what it says, its schedule (recurrence
and due rule, whose checkpoints follow: plans.schedules), and its cancellation."""

from __future__ import annotations

from sqlalchemy import select

from tracker.assignments.changes import mark_cancelled
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, one_of
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict
from tracker.extensions import db
from tracker.plans import problems
from tracker.plans.areas import AREA_CODES
from tracker.plans.models import PlanSection, Task
from tracker.plans.schedules import Schedule, reschedule


def apply_changes(row, **values) -> dict[str, list[str]]:
    """Set the values that differ; returns {field: [old, new]} for the audit log."""
    changes = {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(row, name, value)
    return changes


def update_task(
    actor,
    task: Task,
    *,
    number: str,
    title: str,
    description: str,
    expected_output: str,
    deadline_text: str,
    reform_area: str | None,
    section_id: int | None,
    needs_confirmation: bool,
    schedule: Schedule | None = None,
    reason: str = "",
    commit: bool = True,
) -> Task:
    """Edit what a task says, and its schedule when given (recurrence and due rule: its
    checkpoints follow, `reason` in their journal). A one-off's due date changes per
    assignment (change_due_date), journaled."""
    require_office(actor)
    errors: dict[str, Problem] = {}
    number = checked_text(number, "number", errors, 20)
    title = checked_text(title, "title", errors, 5000)
    deadline_text = checked_text(deadline_text, "deadline_text", errors, 200, required=False)
    if (
        number
        and number != task.number
        and db.session.scalar(
            select(Task.id).where(Task.plan_id == task.plan_id, Task.number == number)
        )
    ):
        errors["number"] = problems.task_number_taken(number, task.plan)
    if reform_area and reform_area not in AREA_CODES:
        errors["reform_area"] = one_of(AREA_CODES)
    if section_id is not None:
        section = db.session.get(PlanSection, section_id)
        if section is None or section.plan_id != task.plan_id:
            errors["section_id"] = problems.not_a_section_of_the_plan()
    if schedule is not None:
        errors.update(schedule.problems())
    reason = checked_text(reason, "reason", errors, 2000, required=False)
    require(errors)
    changes = apply_changes(
        task,
        number=number,
        title=title,
        description=description.strip(),
        expected_output=expected_output.strip(),
        deadline_text=deadline_text,
        reform_area=reform_area or None,
        section_id=section_id,
        needs_confirmation=needs_confirmation,
    )
    if changes:
        record("task.update", actor=actor, target=task, changes=changes)
    if schedule is not None:
        reschedule(actor, task, schedule, reason)
    if commit:
        db.session.commit()
    return task


def cancel_task(actor, task: Task, reason: str) -> Task:
    require_office(actor)
    errors: dict[str, Problem] = {}
    reason = checked_text(reason, "reason", errors, 2000)
    if task.cancelled_on is not None:
        errors["state"] = problems.already_cancelled()
    require(errors)
    today = local_today()
    task.cancelled_on = today
    for assignment in task.assignments:
        if assignment.state != "cancelled":
            mark_cancelled(actor, assignment, reason, today)
    record("task.cancel", actor=actor, target=task, reason=reason)
    commit_or_conflict()
    return task
