"""Reading plans, tasks and assignments: the lists and pages everyone sees."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import case, func, literal, select, text
from sqlalchemy.orm import contains_eager, selectinload

from tracker.assignments.classes import classify, count_classes
from tracker.assignments.deadline_sql import deadline_class_candidates as candidates
from tracker.assignments.deadline_sql import deadline_class_sql
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.units.models import Unit


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


URGENCY = {
    "overdue": 0,
    "due_soon": 1,
    "on_track": 2,
    "no_deadline": 3,
    "done_late": 4,
    "done_on_time": 5,
    "cancelled": 6,
}


def apply_filters(query, filters, cls):
    """The WHERE clauses of the assignment filters, on a query that joins Task, Plan and Unit.
    The list, the status view and the report share this, so their numbers agree."""

    if filters.plan:
        query = query.where(Plan.code == filters.plan)
    if filters.unit:
        # By id, found first: on the code through the join PostgreSQL scanned every assignment.
        unit_id = select(Unit.id).where(Unit.code == filters.unit).scalar_subquery()
        query = query.where(Assignment.unit_id == unit_id)
    if filters.unit_kind:
        query = query.where(Unit.kind == filters.unit_kind)
    if filters.role:
        query = query.where(Assignment.role == filters.role)
    if filters.state:
        query = query.where(Assignment.state == filters.state)
    if filters.area:
        query = query.where(Task.reform_area == filters.area)
    if filters.section_id:
        query = query.where(Task.section_id == filters.section_id)
    if filters.due_from:
        query = query.where(Assignment.due_date >= filters.due_from)
    if filters.due_to:
        query = query.where(Assignment.due_date <= filters.due_to)
    if filters.period_start:
        query = query.where(Assignment.due_date.between(filters.period_start, filters.period_end))
    if filters.q:
        escaped = filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            Task.title.ilike(pattern, escape="\\") | Task.number.ilike(pattern, escape="\\")
        )
    if filters.deadline_class:
        query = query.where(deadline_class_candidates(filters), cls == filters.deadline_class)
    return query


def deadline_class_column(filters):

    return deadline_class_sql(filters.as_of, current_app.config["DUE_SOON_DAYS"]).label("cls")


def deadline_class_candidates(filters):

    return candidates(filters.deadline_class, filters.as_of, current_app.config["DUE_SOON_DAYS"])


def assignment_query(filters):
    """SELECT of assignments matching the filters, with the deadline class as of the filters'
    date computed in SQL (one statement, whatever the page size)."""

    cls = deadline_class_column(filters)
    # Filtered by class, every row has that class: no need to compute it a second time.
    shown = literal(filters.deadline_class).label("cls") if filters.deadline_class else cls
    query = (
        select(Assignment, shown)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Unit, Unit.id == Assignment.unit_id)
    )
    return apply_filters(query, filters, cls), shown, Task, Unit


def joins_for_filters(query, filters, task: bool = False, unit: bool = False):
    """Join to a SELECT … FROM assignments the tables that the filters (and the caller, by
    `task` and `unit`) need, and no other: every assignment has its task, plan and unit, so a
    join left out drops no row, and each one costs a hash or a sort over every assignment."""

    if filters.plan or filters.area or filters.section_id or filters.q or task:
        query = query.join(Task, Task.id == Assignment.task_id)
    if filters.plan:
        query = query.join(Plan, Plan.id == Task.plan_id)
    if filters.unit_kind or unit:
        query = query.join(Unit, Unit.id == Assignment.unit_id)
    return query


def avoid_nested_loops() -> None:
    """PostgreSQL cannot estimate how many rows a deadline class matches (it is a CASE over a
    subquery), guesses a handful, and then joins by nested loops: 3 s instead of 30 ms on
    50,000 assignments. Hash joins are right for these lists whatever the filter."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_nestloop = off"))


def list_assignments(filters):
    """(rows of (assignment, deadline class), total) for one page.

    Counting and paging read only the ids, joining tasks, plans and units only when a filter
    or the order needs them (every assignment has its task, plan and unit, so leaving a join
    out drops no row); then the page's rows are read whole, by id, with their class."""

    if filters.deadline_class and not filters.unit:
        avoid_nested_loops()
    cls = deadline_class_column(filters)
    ids = joins_for_filters(
        select(Assignment.id),
        filters,
        task=filters.sort == "number",
        unit=filters.sort == "unit",
    )
    ids = apply_filters(ids, filters, cls)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    orderings = {
        # CASE <class> WHEN …: the class once, not once per rank. Filtered by class, all rank
        # alike.
        "urgency": (() if filters.deadline_class else (case(URGENCY, value=cls, else_=9),))
        + (Assignment.due_date.asc().nulls_last(), Assignment.id),
        "due_date": (Assignment.due_date.asc().nulls_last(), Assignment.id),
        "-due_date": (Assignment.due_date.desc().nulls_last(), Assignment.id),
        "number": (Task.plan_id, Task.position, Assignment.id),
        "unit": (Unit.code, Assignment.id),
        "state": (Assignment.state, Assignment.id),
        "updated": (Assignment.updated_at.desc(), Assignment.id),
    }
    page_ids = list(
        db.session.scalars(
            ids.order_by(*orderings[filters.sort])
            .offset((filters.page - 1) * filters.per_page)
            .limit(filters.per_page)
        )
    )
    if not page_ids:
        return [], total
    rows = db.session.execute(
        select(Assignment, cls, Task, Plan, Unit)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.id.in_(page_ids))
        .options(
            contains_eager(Assignment.task).contains_eager(Task.plan),
            contains_eager(Assignment.unit),
        )
    )
    by_id = {assignment.id: (assignment, klass) for assignment, klass, *_joined in rows}
    return [by_id[i] for i in page_ids], total


def load_task(task_id: int) -> Task | None:
    return db.session.scalar(
        select(Task)
        .where(Task.id == task_id)
        .options(
            selectinload(Task.assignments).selectinload(Assignment.unit),
            selectinload(Task.plan),
            selectinload(Task.section),
        )
    )
