"""A plan imported again after a reorganisation: the file names the units of its assigned day,
while an open assignment of a closed unit has passed to its successor since. For the tasks the
plan already has, each unit the file names whose assignment of that task was transferred stands
for the unit that holds it now, so that the file and the plan agree and nothing is reassigned
back to a unit that no longer exists."""

from __future__ import annotations

from sqlalchemy import select

from tracker.assignments.models import AssignmentTransfer
from tracker.extensions import db
from tracker.imports.planned import Planned
from tracker.plans.models import Plan
from tracker.units.models import Unit


def follow_transfers(plan: Plan | None, planned: Planned) -> None:
    """Replace, in the planned tasks the plan has, each unit whose assignment of the task was
    transferred by the unit that holds that assignment now."""
    if plan is None:
        return
    assignments = {a.id: a for task in plan.tasks for a in task.assignments}
    if not assignments:
        return
    holder: dict[tuple[int, int], Unit] = {}  # (task id, a unit it was moved from) → holder
    for assignment_id, from_unit_id in db.session.execute(
        select(AssignmentTransfer.assignment_id, AssignmentTransfer.from_unit_id).where(
            AssignmentTransfer.assignment_id.in_(list(assignments))
        )
    ):
        assignment = assignments[assignment_id]
        holder[(assignment.task_id, from_unit_id)] = assignment.unit
    if not holder:
        return
    tasks = {task.number: task for task in plan.tasks}
    for wanted in planned.tasks:
        task = tasks.get(wanted.number)
        if task is None:
            continue
        for owners in (wanted.lead, wanted.cooperating):
            held = [holder.get((task.id, unit.id), unit) for unit in owners.units]
            owners.units = list({unit.id: unit for unit in held}.values())
