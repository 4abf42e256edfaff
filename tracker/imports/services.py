"""Importing a plan from a spreadsheet: all or nothing, and the same file twice changes nothing.

import_plan() reads the file, finds the table, resolves owners and deadlines and compares
the result with the plan. While any problem remains nothing is written; otherwise the plan,
its sections and tasks are created or updated in place (matched by number) through the
plans services, in one transaction, each change journaled and audited. Imports that write
one plan wait for each other, so each compares the file with what the one before it wrote.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.assignments.models import Assignment
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, ValidationFailed
from tracker.core.permissions import require_office
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.core.transactions import lock_key, stale_is_conflict
from tracker.extensions import db
from tracker.imports.holders import follow_transfers
from tracker.imports.owners import OwnerIndex
from tracker.imports.planned import (
    Planned,
    align_numbers,
    build,
    compare,
    same,
    shown_deadline,
    title_from,
    year_from_titles,
)
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.imports.results import ImportProblem, ImportResult
from tracker.imports.table import read_table
from tracker.plans import revisions
from tracker.plans.models import Plan, PlanSection, Task
from tracker.plans.problems import year_problem
from tracker.plans.services import TaskInput, create_plan, create_section, create_task
from tracker.plans.task_edits import update_task

__all__ = ["ImportUnreadable", "import_plan"]


class CommandLine:
    """The actor of `tracker import-plan`: whoever may run commands on the server may import.
    Its audit events and journal rows have no user."""

    id = None
    role = "admin"
    is_authenticated = True
    is_active = True


def load_plan(code: str) -> Plan | None:
    return db.session.scalar(
        select(Plan)
        .where(Plan.code == code)
        .options(
            selectinload(Plan.sections),
            selectinload(Plan.tasks).selectinload(Task.section),
            selectinload(Plan.tasks).selectinload(Task.assignments).selectinload(Assignment.unit),
        )
    )


def import_plan(
    actor,
    source: str | Path | BinaryIO | bytes,
    filename: str,
    plan_code: str,
    *,
    title: str | None = None,
    year: int | None = None,
    dry_run: bool = False,
    previewed: bool = False,
    assigned_on: date | None = None,
) -> ImportResult:
    """Import a plan file. Raises ImportUnreadable when the file cannot be opened; every other
    problem is in result.errors (with its row and column), and then nothing was written.

    previewed: this confirms a dry run that showed changes. Finding none left means another
    confirmation of the same file imported it meanwhile: Conflict, rather than a second
    "imported". A write that loses a race with another change of the plan is a Conflict too.
    """
    require_office(actor)
    code = (plan_code or "").strip()
    result = ImportResult(plan_code=code, dry_run=dry_run)
    table = read_table(read_sheets(source, filename))
    result.sheet = table.sheet
    if not code or len(code) > 60:
        result.errors.append(
            ImportProblem(
                Problem(
                    "plan_code_required",
                    _l("Give the plan's code (its decision number), at most %(max)s characters."),
                    max=60,
                )
            )
        )
    elif not dry_run:
        lock_key("plan-import", code)
    plan = load_plan(code) if code else None
    result.plan_exists = plan is not None
    result.year = year or (plan.year if plan else None) or year_from_titles(table.title_lines)
    result.plan_title = (
        plan.title if plan else ((title or "").strip() or title_from(table.title_lines) or code)
    )
    if plan and year and year != plan.year:
        result.errors.append(
            ImportProblem(
                Problem(
                    "plan_of_another_year",
                    _l("Plan %(code)s is the plan of %(year)s."),
                    code=code,
                    year=str(plan.year),
                )
            )
        )
    if result.year is None:
        result.errors.append(
            ImportProblem(
                Problem(
                    "plan_year_unknown",
                    _l("Which year is the plan's? Give it, or write it in the title rows."),
                )
            )
        )
    elif problem := year_problem(result.year):
        result.errors.append(ImportProblem(problem))
    result.errors.extend(table.errors)
    if result.errors:
        return result
    align_numbers(table, plan)
    # The owners of the day the tasks are assigned: that day's group members and units.
    planned = build(table, OwnerIndex(on=assigned_day(plan, assigned_on, result.year)), result.year)
    result.errors.extend(table.errors)
    if result.errors:
        return result
    follow_transfers(plan, planned)
    result.items, result.not_in_file = compare(plan, planned)
    if dry_run:
        return result
    if not result.changed:
        if previewed:
            raise Conflict(
                Problem(
                    "already_imported",
                    _l(
                        "Plan %(code)s already holds everything this file changes: it was "
                        "imported meanwhile. Nothing was written again."
                    ),
                    code=code,
                )
            )
        return result
    try:
        with stale_is_conflict(changed_while_imported(code)):
            _write(actor, plan, planned, result, Path(filename or "").name, assigned_on)
            db.session.commit()
    except (ValidationFailed, IntegrityError) as error:
        db.session.rollback()
        problem = getattr(error, "message", None)
        if not isinstance(problem, Problem):
            problem = changed_while_imported(code)
        result.errors.append(ImportProblem(problem))
        return result
    result.written = True
    return result


def changed_while_imported(code: str) -> Problem:
    return Problem(
        "plan_changed_meanwhile",
        _l("Plan %(code)s changed while it was imported; try again."),
        code=code,
    )


def assigned_day(plan: Plan | None, asked: date | None, year: int | None = None) -> date:
    """The day the tasks of an imported plan count as assigned: the day asked for, else the
    plan's issue date, else 1 January of a past plan year; never after today. A plan the
    import is to create has no issue date: its year (`year`) decides."""
    today = local_today()
    year = plan.year if plan is not None else (year or today.year)
    if asked is None:
        issued_on = plan.issued_on if plan is not None else None
        asked = issued_on or (date(year, 1, 1) if year < today.year else today)
    return min(asked, today)


def _write(
    actor,
    plan: Plan | None,
    planned: Planned,
    result: ImportResult,
    filename: str,
    assigned_on: date | None,
):
    reason = f"Điều chỉnh theo kế hoạch nhập từ tệp {filename}"
    if plan is None:
        plan = create_plan(
            actor, code=result.plan_code, title=result.plan_title, year=result.year, commit=False
        )
    assigned_on = assigned_day(plan, assigned_on)
    assigned_reason = (
        f"Giao theo kế hoạch {plan.code}, nhập từ tệp {filename}"
        if assigned_on < local_today()
        else ""
    )
    sections: dict[str, PlanSection] = {s.number: s for s in plan.sections}
    changes = {(c.kind, c.number): c for c in result.items}
    for wanted in planned.sections:
        section = sections.get(wanted.number)
        if section is None:
            sections[wanted.number] = create_section(
                actor,
                plan,
                number=wanted.number,
                title=wanted.title,
                area=wanted.area,
                parent=sections.get(wanted.parent or ""),
                commit=False,
            )
        elif changes[("section", wanted.number)].action == "update":
            revisions.update_section(actor, section, title=wanted.title, commit=False)
    tasks = {t.number: t for t in plan.tasks}
    for wanted in planned.tasks:
        section = sections.get(wanted.section or "")
        task = tasks.get(wanted.number)
        if task is None:
            data = TaskInput(
                number=wanted.number,
                title=wanted.title,
                lead_units=wanted.lead.codes,
                cooperating_units=wanted.cooperating.codes,
                due_date=wanted.due_date,
                recurrence=wanted.recurrence,
                due_rule=wanted.rule.kind if wanted.rule else None,
                due_day=wanted.rule.day if wanted.rule else None,
                due_in_working_days=wanted.rule.working_days if wanted.rule else None,
                deadline_text=wanted.deadline_text,
                expected_output=wanted.output,
                section_id=section.id if section else None,
                assigned_on=assigned_on,
                assigned_on_reason=assigned_reason,
            )
            create_task(actor, plan, data, commit=False)
        elif changes[("task", wanted.number)].action == "update":
            _update(actor, task, wanted, section, reason)
    record(
        "plan.import",
        actor=actor,
        target=plan,
        file=filename,
        created=len(result.of("task", "create")),
        updated=len(result.of("task", "update")),
    )


def _update(actor, task: Task, wanted, section: PlanSection | None, reason: str) -> None:
    def pick(old: str, new: str) -> str:
        return old if same(old, new) else new  # no change for a difference of spaces only

    # A task typed in by hand may have no deadline text; its shown date is not a change.
    shown = shown_deadline(task)
    deadline = task.deadline_text if same(shown, wanted.deadline_text) else wanted.deadline_text
    update_task(
        actor,
        task,
        number=task.number,
        title=pick(task.title, wanted.title),
        description=task.description,
        expected_output=pick(task.expected_output, wanted.output),
        deadline_text=deadline,
        reform_area=task.reform_area or (section.reform_area if section else None),
        section_id=section.id if section else None,
        needs_confirmation=task.needs_confirmation,
        commit=False,
    )
    revisions.correct_deadline(
        actor,
        task,
        due_date=wanted.due_date,
        recurrence=wanted.recurrence,
        rule=wanted.rule,
        reason=reason,
        commit=False,
    )
    revisions.reassign_units(
        actor,
        task,
        leads=wanted.lead.units,
        cooperating=wanted.cooperating.units,
        reason=reason,
        commit=False,
    )
