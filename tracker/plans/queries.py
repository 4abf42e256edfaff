"""Reading plans, tasks and assignments: the lists and pages everyone sees."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import case, func, select, text
from sqlalchemy.orm import contains_eager, selectinload

from tracker.assignments.classes import AsOf, as_of_day, count_classes
from tracker.assignments.deadline_sql import deadline_class_sql
from tracker.assignments.history import as_of_source
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
    """The plan's assignments as of the day, with their classes, and the lead assignments'
    class counts."""
    assignments = [a for task in plan.tasks for a in task.assignments]
    seen = as_of_day(assignments, as_of)
    classes = {i: klass for i, (_a, klass) in seen.items()}
    lead_classes = {i: klass for i, (a, klass) in seen.items() if a.role == "lead"}
    return seen, classes, count_classes(lead_classes)


URGENCY = {
    "overdue": 0,
    "due_soon": 1,
    "on_track": 2,
    "no_deadline": 3,
    "done_late": 4,
    "done_on_time": 5,
    "cancelled": 6,
}


def apply_filters(query, filters, period, cls):
    """The WHERE clauses of the assignment filters, on a query that joins each assignment's
    period as of filters.as_of (and Task, Plan and Unit as the filters need). The list, the
    status view and the report share this, so their numbers agree."""
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
        query = query.where(period.state == filters.state)
    if filters.area:
        query = query.where(Task.reform_area == filters.area)
    if filters.section_id:
        query = query.where(Task.section_id == filters.section_id)
    if filters.due_from:
        query = query.where(period.due_date >= filters.due_from)
    if filters.due_to:
        query = query.where(period.due_date <= filters.due_to)
    if filters.period_start:
        query = query.where(period.due_date.between(filters.period_start, filters.period_end))
    if filters.q:
        escaped = filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            Task.title.ilike(pattern, escape="\\") | Task.number.ilike(pattern, escape="\\")
        )
    if filters.deadline_class:
        query = query.where(cls == filters.deadline_class)
    return query


def deadline_class_column(filters, period):
    return deadline_class_sql(period, filters.as_of, current_app.config["DUE_SOON_DAYS"]).label(
        "cls"
    )


def as_of_select(filters, *columns, task: bool = False, unit: bool = False):
    """SELECT columns FROM assignments joined to their period as of filters.as_of (only the
    assignments that existed then) and to what the filters need; WHERE the filters. Returns
    (query, period, class column)."""
    period, on = as_of_source(filters.as_of)
    cls = deadline_class_column(filters, period)
    query = select(*columns).select_from(Assignment)
    if on is not None:
        query = query.join(period, on)
    query = joins_for_filters(query, filters, task=task, unit=unit)
    return apply_filters(query, filters, period, cls), period, cls


def assignment_query(filters):
    """SELECT (assignment, its period as of filters.as_of, its class) joined to its task and
    unit (and plan when filtered by it), WHERE the filters; with the period and class columns."""
    query, period, cls = as_of_select(filters, Assignment, task=True, unit=True)
    return query.add_columns(period, cls), period, cls


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
    """PostgreSQL cannot estimate how many rows a deadline class matches (it is a CASE), guesses
    a handful, and then joins by nested loops: 3 s instead of 30 ms on 50,000 assignments.
    Hash joins are right for these lists whatever the filter."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_nestloop = off"))


def list_assignments(filters):
    """(rows of (the assignment as of filters.as_of, its deadline class), total) for one page.

    Counting and paging read only the ids, joining tasks, plans and units only when a filter
    or the order needs them (every assignment has its task, plan and unit, so leaving a join
    out drops no row); then the page's rows are read whole, by id, with their period."""
    if filters.deadline_class and not filters.unit:
        avoid_nested_loops()
    ids, period, cls = as_of_select(
        filters,
        Assignment.id,
        task=filters.sort == "number",
        unit=filters.sort == "unit",
    )
    total = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    orderings = {
        # CASE <class> WHEN …: the class once, not once per rank. Filtered by class, all rank
        # alike.
        "urgency": (() if filters.deadline_class else (case(URGENCY, value=cls, else_=9),))
        + (period.due_date.asc().nulls_last(), Assignment.id),
        "due_date": (period.due_date.asc().nulls_last(), Assignment.id),
        "-due_date": (period.due_date.desc().nulls_last(), Assignment.id),
        "number": (Task.plan_id, Task.position, Assignment.id),
        "unit": (Unit.code, Assignment.id),
        "state": (period.state, Assignment.id),
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
    period, on = as_of_source(filters.as_of)
    query = select(
        Assignment, period, deadline_class_column(filters, period), Task, Plan, Unit
    ).select_from(Assignment)
    if on is not None:
        query = query.join(period, on)
    rows = db.session.execute(
        query.join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.id.in_(page_ids))
        .options(
            contains_eager(Assignment.task).contains_eager(Task.plan),
            contains_eager(Assignment.unit),
        )
    )
    by_id = {
        assignment.id: (AsOf(assignment, found), klass)
        for assignment, found, klass, *_joined in rows
    }
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
