"""Reading plans; the office's editing rules come with the workflow."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.plans.models import Assignment, Plan, Task
from tracker.status.services import classify, count_classes


def list_plans() -> list[Plan]:
    return list(db.session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.code)))


def plan_counts() -> dict[int, tuple[int, int]]:
    """plan id → (tasks, assignments), counted in the database."""
    tasks = dict(
        db.session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all()
    )
    assignments = dict(
        db.session.execute(
            select(Task.plan_id, func.count(Assignment.id))
            .join(Assignment, Assignment.task_id == Task.id)
            .group_by(Task.plan_id)
        ).all()
    )
    return {pid: (tasks.get(pid, 0), assignments.get(pid, 0)) for pid in tasks | assignments}


def load_plan(plan_id: int) -> Plan | None:
    return db.session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.sections),
            selectinload(Plan.tasks).selectinload(Task.assignments).selectinload(Assignment.unit),
        )
    )


def plan_classes(plan: Plan, as_of: date):
    assignments = [a for task in plan.tasks for a in task.assignments]
    classes = classify(assignments, as_of)
    lead_classes = {a.id: classes[a.id] for a in assignments if a.role == "lead"}
    return classes, count_classes(lead_classes)
