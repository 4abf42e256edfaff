"""The recurring "periodic report" task of a set: the units' submissions are its checkpoints,
so its periods must be the set's (a quarterly set, a quarterly task). One task serves one
set code (its years share it: a plan over 2021–2025 and a set per year)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.core.permissions import can
from tracker.core.problems import Problem
from tracker.core.recurrence import RECURRENCE_LABELS
from tracker.extensions import db
from tracker.indicators.models import IndicatorSet
from tracker.plans.models import Plan, Task


def resolve_task(reference) -> Task | Problem:
    """A Task, or "PLAN_CODE:NUMBER" ("5959/QĐ-UBND:II.3") → the task, or what is wrong."""
    if isinstance(reference, Task):
        return reference
    plan_code, _sep, number = str(reference or "").strip().rpartition(":")
    task = None
    if plan_code.strip() and number.strip():
        task = db.session.scalar(
            select(Task)
            .join(Plan, Plan.id == Task.plan_id)
            .where(Plan.code == plan_code.strip(), Task.number == number.strip())
        )
    if task is None:
        return Problem(
            "indicator_task_not_found",
            _l(
                "There is no task %(task)s: write the plan's code and the task's number, such "
                "as “5959/QĐ-UBND:II.3”."
            ),  # fmt: skip
            task=str(reference or ""),
        )
    return task


def link_problem(task: Task, code: str, periodicity: str) -> Problem | None:
    """Why the task cannot be the set's periodic report, or None."""
    if task.checkpoint_recurrence != periodicity:
        return Problem(
            "indicator_task_recurrence",
            _l(
                "The task %(task)s does not recur as the set does (%(periodicity)s): its "
                "checkpoints are the units' submissions, so its periods must be the set's."
            ),
            task=task.number,
            periodicity=RECURRENCE_LABELS[periodicity],
        )
    other = db.session.scalar(
        select(IndicatorSet.code).where(IndicatorSet.task_id == task.id, IndicatorSet.code != code)
    )
    if other is not None:
        return Problem(
            "indicator_task_taken",
            _l("The task %(task)s is the periodic report of the set %(other)s already."),
            task=task.number,
            other=other,
        )
    return None


def attach_task(actor, found: IndicatorSet, task) -> IndicatorSet:
    """Link the set to its recurring periodic-report task (a Task or "PLAN_CODE:NUMBER")."""
    if actor is not None and not can(actor, "manage_plans"):
        raise Forbidden(
            Problem("indicator_sets_office_only", _l("Only the provincial office can do this."))
        )
    resolved = resolve_task(task)
    if isinstance(resolved, Problem):
        raise ValidationFailed(resolved, {"task": resolved})
    if problem := link_problem(resolved, found.code, found.periodicity):
        raise ValidationFailed(problem, {"task": problem})
    found.task = resolved
    record("indicator_set_task", actor, found, code=found.code, year=found.year, task=resolved.id)
    db.session.commit()
    return found
