"""Reading plans, tasks and assignments: the lists and pages everyone sees."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.assignments.classes import AsOf, as_of_day, count_classes
from tracker.assignments.deadline_sql import deadline_class_sql
from tracker.assignments.history import as_of_source, period_join
from tracker.assignments.models import FINAL_STATES, Assignment
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.units.lifecycle import units_closed_into
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


def apply_filters(query, filters, source, cls):
    """The WHERE clauses of the assignment filters, on a query over the assignments as of
    filters.as_of (`source`, history.as_of_source), joined to Task, Plan and Unit as the
    filters need. The list, the status view and the report share this, so their numbers
    agree."""
    values = source.values
    if filters.plan:
        query = query.where(Plan.code == filters.plan)
    if filters.unit:
        # By id, found first: on the code through the join PostgreSQL scanned every assignment.
        unit_id = select(Unit.id).where(Unit.code == filters.unit).scalar_subquery()
        held = source.unit_id == unit_id
        if filters.inherited:
            held = or_(held, left_with_closed_units(filters, source))
        query = query.where(held)
    if filters.unit_kind:
        query = query.where(Unit.kind == filters.unit_kind)
    if filters.role:
        query = query.where(values.role == filters.role)
    if filters.state:
        query = query.where(values.state == filters.state)
    if filters.area:
        query = query.where(Task.reform_area == filters.area)
    if filters.section_id:
        query = query.where(Task.section_id == filters.section_id)
    if filters.due_from:
        query = query.where(values.due_date >= filters.due_from)
    if filters.due_to:
        query = query.where(values.due_date <= filters.due_to)
    if filters.period_start:
        query = query.where(values.due_date.between(filters.period_start, filters.period_end))
    if filters.checkpoint:
        if not source.is_past:
            query = query.where(Assignment.period == filters.checkpoint)
        else:  # a past day's periods do not copy the checkpoint's period: its row says
            query = query.where(
                source.id.in_(select(Assignment.id).where(Assignment.period == filters.checkpoint))
            )
    if filters.q:
        escaped = filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            Task.title.ilike(pattern, escape="\\") | Task.number.ilike(pattern, escape="\\")
        )
    if filters.deadline_class:
        query = query.where(cls == filters.deadline_class)
    return query


def left_with_closed_units(filters, source):
    """The open work (as of filters.as_of) held by the units closed into filters.unit by then."""
    unit = db.session.scalar(select(Unit.id).where(Unit.code == filters.unit))
    closed = units_closed_into(unit, filters.as_of) if unit else set()
    return and_(source.unit_id.in_(closed), source.values.state.not_in(FINAL_STATES))


def deadline_class_column(filters, values):
    return deadline_class_sql(values, filters.as_of, current_app.config["DUE_SOON_DAYS"]).label(
        "cls"
    )


def as_of_select(filters, task: bool = False, unit: bool = False):
    """SELECT (no column yet: add them from the source) FROM the assignments as they were on
    filters.as_of (only those that existed then), joined to what the filters need; WHERE the
    filters. Returns (query, source, class column); `source.values` holds the values as of the
    day, `source.id` the assignment's id."""
    source = as_of_source(filters.as_of)
    cls = deadline_class_column(filters, source.values)
    query = joins_for_filters(source.select(), filters, source, task=task, unit=unit)
    return apply_filters(query, filters, source, cls), source, cls


def assignment_query(filters):
    """SELECT (assignment, its values as of filters.as_of, its class) joined to its task and
    unit (and plan when filtered by it), WHERE the filters; with the source and class."""
    query, source, cls = as_of_select(filters, task=True, unit=True)
    query = source.with_assignment(query)
    return query.add_columns(Assignment, source.values, cls), source, cls


def joins_for_filters(query, filters, source, task: bool = False, unit: bool = False):
    """Join to a SELECT over the assignments as of a day the tables that the filters (and the
    caller, by `task` and `unit`) need, and no other: every assignment has its task, plan and
    unit, so a join left out drops no row, and each one costs a hash or a sort."""
    if filters.plan or filters.area or filters.section_id or filters.q or task:
        query = query.join(Task, Task.id == source.task_id)
    if filters.plan:
        query = query.join(Plan, Plan.id == Task.plan_id)
    if filters.unit_kind or unit:
        query = query.join(Unit, Unit.id == source.unit_id)
    return query


def avoid_nested_loops() -> None:
    """PostgreSQL cannot estimate how many rows a deadline class matches (it is a CASE), guesses
    a handful, and then joins by nested loops: 3 s instead of 30 ms on 50,000 assignments.
    Hash joins are right for these lists whatever the filter."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_nestloop = off"))


@contextmanager
def parallel_scan(day: date):
    """A past day's figures read every period in force on that day (about a fifth of all),
    which PostgreSQL scans in one process unless told that a second one starts cheaply: with
    it, 45 → 33 ms on 240,000 periods (bench/status.py). Only for the statement inside, and
    only before today (today's figures read the assignment rows, fast enough alone)."""
    postgresql = as_of_source(day).is_past and db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(text("SET LOCAL parallel_setup_cost = 10"))
        db.session.execute(text("SET LOCAL parallel_tuple_cost = 0.001"))
    try:
        yield
    finally:
        if postgresql:
            db.session.execute(text("SET LOCAL parallel_setup_cost = DEFAULT"))
            db.session.execute(text("SET LOCAL parallel_tuple_cost = DEFAULT"))


def list_assignments(filters):
    """(rows of (the assignment as of filters.as_of, its deadline class), total) for one page.

    Counting and paging read only the ids, joining tasks, plans and units only when a filter
    or the order needs them (every assignment has its task, plan and unit, so leaving a join
    out drops no row); then the page's rows are read whole, by id, with their period."""
    if filters.deadline_class and not filters.unit:
        avoid_nested_loops()
    ids, source, cls = as_of_select(
        filters, task=filters.sort == "number", unit=filters.sort == "unit"
    )
    values, source_id = source.values, source.id
    orderings = {
        # CASE <class> WHEN …: the class once, not once per rank. Filtered by class, all rank
        # alike.
        "urgency": (() if filters.deadline_class else (case(URGENCY, value=cls, else_=9),))
        + (values.due_date.asc().nulls_last(), source_id),
        "due_date": (values.due_date.asc().nulls_last(), source_id),
        "-due_date": (values.due_date.desc().nulls_last(), source_id),
        "number": (Task.plan_id, Task.position, source_id),
        "unit": (Unit.code, source_id),
        "state": (values.state, source_id),
        "updated": (Assignment.updated_at.desc(), source_id),
    }
    # The total comes with the page (a window over the same rows): one reading of them, not
    # two. A page past the end has no row to carry it, and is counted apart.
    page = db.session.execute(
        (source.with_assignment(ids) if filters.sort == "updated" else ids)
        .add_columns(source_id, func.count().over())
        .order_by(*orderings[filters.sort])
        .offset((filters.page - 1) * filters.per_page)
        .limit(filters.per_page)
    ).all()
    if not page:
        total = db.session.scalar(
            select(func.count()).select_from(ids.add_columns(source_id).subquery())
        )
        return [], total
    page_ids, total = [row[0] for row in page], page[0][1]
    period, on = period_join(filters.as_of) if source.is_past else (Assignment, None)
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
    if source.is_past:
        # The units that held them that day, read at once, not row by row.
        held = {seen.held.unit_id for seen, _klass in by_id.values()}
        units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(held)))}
        for seen, _klass in by_id.values():
            set_committed_value(seen.held, "unit", units[seen.held.unit_id])
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
