"""The office's rules for plans, sections and tasks: create, assign to units, edit. Changes to
assignments (a new due date, a cancellation) are in assignments.changes.

Each function checks its input, changes the rows, journals and audits, and commits; pages,
the API and the CLI call these and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.assignments.changes import assign_unit
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, one_of
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import problems
from tracker.plans.areas import AREA_CODES
from tracker.plans.checkpoints import task_calendar
from tracker.plans.models import Plan, PlanSection, Task
from tracker.plans.schedules import Schedule
from tracker.plans.task_edits import apply_changes
from tracker.units.services import UnitClosed, expand_owners, unit_closed


def create_plan(
    actor,
    *,
    code: str,
    title: str,
    year: int | None,
    quarter: int | None = None,
    issued_on: date | None = None,
    issuing_body: str = "UBND tỉnh Quảng Trị",
    description: str = "",
    commit: bool = True,
) -> Plan:
    require_office(actor)
    errors: dict[str, Problem] = {}
    code = checked_text(code, "code", errors, 60)
    title = checked_text(title, "title", errors, 500)
    if problem := problems.year_problem(year):
        errors["year"] = problem
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = one_of((1, 2, 3, 4))
    if code and db.session.scalar(select(Plan.id).where(Plan.code == code)):
        errors["code"] = problems.plan_code_taken(code)
    require(errors)
    plan = Plan(
        code=code,
        title=title,
        year=year,
        quarter=quarter,
        issued_on=issued_on,
        issuing_body=issuing_body.strip() or "UBND tỉnh Quảng Trị",
        description=description.strip(),
    )
    db.session.add(plan)
    db.session.flush()
    record("plan.create", actor=actor, target=plan, code=code)
    if commit:
        db.session.commit()
    return plan


def create_section(
    actor,
    plan: Plan,
    *,
    number: str,
    title: str,
    area: str | None,
    parent: PlanSection | None = None,
    commit: bool = True,
) -> PlanSection:
    require_office(actor)
    errors: dict[str, Problem] = {}
    number = checked_text(number, "number", errors, 20)
    title = checked_text(title, "title", errors, 500)
    if area and area not in AREA_CODES:
        errors["area"] = one_of(AREA_CODES)
    require(errors)
    section = PlanSection(
        plan=plan,
        parent=parent,
        number=number,
        title=title,
        reform_area=area or None,
        position=len(plan.sections),
    )
    db.session.add(section)
    db.session.flush()
    record("section.create", actor=actor, target=section, plan=plan.code)
    if commit:
        db.session.commit()
    return section


@dataclass
class TaskInput:
    number: str
    title: str
    lead_units: list[str]
    cooperating_units: list[str] = field(default_factory=list)
    due_date: date | None = None
    recurrence: str | None = None
    # A recurring task's due rule (None: the plan's default) and a continuous task's yearly
    # self-report: plans.schedules.Schedule.
    due_rule: str | None = None
    due_day: int | None = None
    due_in_working_days: bool | None = None
    yearly_self_report: bool = False
    deadline_text: str = ""
    expected_output: str = ""
    description: str = ""
    reform_area: str | None = None
    section_id: int | None = None
    start_date: date | None = None
    needs_confirmation: bool = True
    # The day the units were given the task: today unless said otherwise. An earlier day is
    # journaled with its reason (an import gives its plan's issue date, and says so).
    assigned_on: date | None = None
    assigned_on_reason: str = ""


def _resolve(codes: list[str], name: str, errors: dict, on: date | None):
    try:
        return expand_owners(codes, on)
    except UnitClosed as closed:
        errors[name] = unit_closed(closed.code, closed.day)
        return []
    except KeyError as unknown:
        errors[name] = problems.unknown_unit(str(unknown.args[0]))
        return []


def create_task(actor, plan: Plan, data: TaskInput, *, commit: bool = True) -> Task:
    """Create a task with one assignment per unit (groups expanded). With commit=False the
    caller commits, so that an import creates a whole plan in one transaction."""
    require_office(actor)
    errors: dict[str, Problem] = {}
    number = checked_text(data.number, "number", errors, 20)
    title = checked_text(data.title, "title", errors, 5000)
    deadline_text = checked_text(data.deadline_text, "deadline_text", errors, 200, required=False)
    if number and db.session.scalar(
        select(Task.id).where(Task.plan_id == plan.id, Task.number == number)
    ):
        errors["number"] = problems.task_number_taken(number, plan)
    if not data.lead_units:
        errors["lead_units"] = problems.lead_unit_required()
    leads = _resolve(data.lead_units, "lead_units", errors, data.assigned_on)
    cooperating = _resolve(data.cooperating_units, "cooperating_units", errors, data.assigned_on)
    schedule = Schedule(
        data.recurrence,
        data.due_rule,
        data.due_day,
        data.due_in_working_days,
        data.yearly_self_report,
    )
    errors.update(schedule.problems(data.due_date))
    if data.reform_area and data.reform_area not in AREA_CODES:
        errors["reform_area"] = one_of(AREA_CODES)
    today = local_today()
    assigned_on = data.assigned_on or today
    assigned_on_reason = checked_text(
        data.assigned_on_reason, "assigned_on_reason", errors, 2000, required=False
    )
    if assigned_on > today:
        errors["assigned_on"] = problems.assigned_in_future()
    elif assigned_on < today and not assigned_on_reason:
        errors["assigned_on_reason"] = problems.assigned_on_reason_required()
    section = None
    if data.section_id is not None:
        section = db.session.get(PlanSection, data.section_id)
        if section is None or section.plan_id != plan.id:
            errors["section_id"] = problems.not_a_section_of_the_plan()
    require(errors)
    task = Task(
        plan=plan,
        section=section,
        number=number,
        title=title,
        description=data.description.strip(),
        expected_output=data.expected_output.strip(),
        reform_area=data.reform_area or (section.reform_area if section else None),
        start_date=data.start_date,
        due_date=data.due_date,
        deadline_text=deadline_text,
        needs_confirmation=data.needs_confirmation,
        position=len(plan.tasks) + 1,
    )
    schedule.apply_to(task)
    db.session.add(task)
    lead_ids = {u.id for u in leads}
    calendar = task_calendar(task) if task.checkpoint_recurrence else None  # once, not per unit
    for role, units in (
        ("lead", leads),
        ("cooperating", [u for u in cooperating if u.id not in lead_ids]),
    ):
        for unit in units:
            assign_unit(
                actor, task, unit, role, data.due_date, assigned_on, assigned_on_reason, calendar
            )
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another request created the same number after the check above: the unique
        # constraint decides, and the loser gets the same answer as a plain duplicate.
        db.session.rollback()
        message = str(error.orig)
        if "uq_tasks_plan_id_number" in message or "tasks.plan_id, tasks.number" in message:
            require({"number": problems.task_number_taken(number, plan)})
        raise
    record(
        "task.create",
        actor=actor,
        target=task,
        plan=plan.code,
        number=number,
        assignments=len(task.assignments),
    )
    if commit:
        db.session.commit()
    return task


def update_plan(
    actor,
    plan: Plan,
    *,
    title: str,
    year: int | None,
    quarter: int | None,
    issued_on: date | None,
    issuing_body: str,
    description: str,
) -> Plan:
    require_office(actor)
    errors: dict[str, Problem] = {}
    title = checked_text(title, "title", errors, 500)
    if problem := problems.year_problem(year):
        errors["year"] = problem
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = one_of((1, 2, 3, 4))
    require(errors)
    changes = apply_changes(
        plan,
        title=title,
        year=year,
        quarter=quarter,
        issued_on=issued_on,
        issuing_body=issuing_body.strip(),
        description=description.strip(),
    )
    if changes:
        record("plan.update", actor=actor, target=plan, changes=changes)
    db.session.commit()
    return plan
