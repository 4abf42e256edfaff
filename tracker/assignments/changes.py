"""The office's changes to assignments: create one for a unit, move its due date, cancel it.
Each change of an existing one locks it, checks the version it was given, journals, audits and
commits once."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.assignments.creation import add_assignment
from tracker.assignments.journal import journal
from tracker.assignments.locking import lock_assignment
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.refusals import finished
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, required
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict
from tracker.extensions import db
from tracker.notifications.services import notify_unit
from tracker.plans.checkpoints import assign_checkpoints
from tracker.reminders.workcalendar import WorkCalendar


def assign_unit(
    actor,
    task,
    unit,
    role: str,
    due: date | None,
    assigned_on: date | None = None,
    reason: str = "",
    calendar: WorkCalendar | None = None,
) -> Assignment:
    """A unit's share of a task, journaled as created (the caller audits and commits). It
    exists from `assigned_on` (today when not given) in every figure as of a date.

    A recurring task (task.checkpoint_recurrence) gives the unit one checkpoint per period of
    its plan's span instead, due by the task's rule (`due` is not used): the first is returned,
    all are in task.assignments (plans.checkpoints.assign_checkpoints). A caller assigning
    many units passes the work calendar, read once."""
    if task.checkpoint_recurrence:
        made = assign_checkpoints(actor, task, unit, role, assigned_on, reason, calendar)
        if made:
            return made[0]
    assignment = add_assignment(actor, task, unit, role, due, assigned_on, reason)
    notify_unit(assignment, "created", actor, due=due, role=role)
    return assignment


def change_due_date(
    actor, assignment: Assignment, new_due: date | None, reason: str, version: int | None = None
) -> Assignment:
    """Set or move an assignment's due date. Moving keeps the original date for the record:
    the office's decision is stored as an approved extension, journaled with its reason."""
    return revise_assignment(actor, assignment, reason, due_date=new_due, version=version)


def cancel_assignment(
    actor, assignment: Assignment, reason: str, version: int | None = None
) -> Assignment:
    return revise_assignment(actor, assignment, reason, cancel=True, version=version)


def revise_assignment(
    actor,
    assignment: Assignment,
    reason: str,
    *,
    due_date: date | None = None,
    cancel: bool = False,
    version: int | None = None,
) -> Assignment:
    """The office's change to one assignment: a new due date, a cancellation, or both (the
    date first, so that the record shows it). Everything is checked before anything changes,
    and it commits once: either all of it happens or none."""
    require_office(actor)
    lock_assignment(assignment, version)
    errors: dict[str, Problem] = {}
    reason = checked_text(reason, "reason", errors, 2000)
    if due_date is None and not cancel:
        errors["due_date"] = required()
    if due_date is not None and due_date == assignment.due_date:
        errors["due_date"] = Problem(
            "same_due_date", _l("The task is already due on %(due)s."), due=due_date
        )
    if assignment.state == "cancelled":
        errors["state"] = finished(assignment)
    require(errors)
    today = local_today()
    if due_date is not None:
        _move_due_date(actor, assignment, due_date, reason, today)
    if cancel:
        mark_cancelled(actor, assignment, reason, today)
    commit_or_conflict()
    return assignment


def _move_due_date(actor, assignment: Assignment, new_due: date, reason: str, today: date):
    old_due = assignment.due_date
    if assignment.original_due_date is None:
        assignment.original_due_date = new_due
    else:
        db.session.add(
            ExtensionRequest(
                assignment=assignment,
                requested_by_id=actor.id,
                requested_date=new_due,
                reason=reason,
                decision="approved",
                decided_by_id=actor.id,
                decided_at=db.func.now(),
                decided_on=today,
                decision_note=reason,
            )
        )
    assignment.due_date = new_due
    assignment.due_date_revision += 1
    journal_due_change(actor, assignment, old_due, reason)
    record(
        "assignment.due_change",
        actor=actor,
        target=assignment,
        old=str(old_due),
        new=str(new_due),
        reason=reason,
    )


def correct_due(actor, assignment: Assignment, due: date | None, reason: str) -> None:
    """The plan's own date of an assignment was corrected (a re-imported plan, a new due rule):
    its original due date moves, and so does its due date unless an extension is in force;
    journaled as a due change (the caller commits)."""
    extended = assignment.due_date != assignment.original_due_date
    old_due = assignment.due_date
    assignment.original_due_date = due
    if not extended:
        assignment.due_date = due
        assignment.due_date_revision += 1
    journal_due_change(actor, assignment, old_due, reason)


def journal_due_change(actor, assignment: Assignment, old_due: date | None, reason: str) -> None:
    """The journal line of a due date that moved (the assignment already holds the new one)."""
    journal(
        assignment,
        "due_changed",
        actor,
        old_due_date=old_due,
        new_due_date=assignment.due_date,
        note=reason,
    )
    # A corrected plan date leaves an extension in force: the unit's due date did not move.
    if old_due != assignment.due_date:
        new_due = assignment.due_date
        notify_unit(assignment, "due_changed", actor, note=reason, old_due=old_due, new_due=new_due)


def mark_cancelled(actor, assignment: Assignment, reason: str, today: date) -> None:
    old_state = assignment.state
    assignment.state = "cancelled"
    assignment.cancelled_on = today
    assignment.due_date_revision += 1
    journal(
        assignment,
        "cancelled",
        actor,
        old_state=old_state,
        new_state="cancelled",
        note=reason,
    )
    notify_unit(assignment, "cancelled", actor, note=reason)
    record("assignment.cancel", actor=actor, target=assignment, reason=reason)
