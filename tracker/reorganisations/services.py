"""`reorganise`: a reorganisation table applied as one operation, all or nothing.

The table is read (imports.reader: .xlsx or .csv), each row checked, its rows grouped into
changes and reorganisations (one per distinct effective day and decision), each change checked
against the province as it is; while any problem remains nothing is written. Then the changes
are made in date order in one transaction. A dry run makes them in a savepoint it rolls back,
so that the preview is what applying does, found by the same code. Applying a table whose
changes are all there already (the same file again) changes nothing: each step finds its
change made (the unit renamed, closed into the same successor, the link and the transfer
there), whatever file it came from.

Bad input raises nothing: the problems, or why the file cannot be read, are in the result,
for the caller (the command, the page, the demo) to present."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.core.permissions import can
from tracker.core.problems import Problem, changed_meanwhile
from tracker.core.transactions import lock_key
from tracker.extensions import db
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.plans.models import Task
from tracker.reorganisations.apply import Applier
from tracker.reorganisations.checks import Checker
from tracker.reorganisations.plan import check_conflicts, group_rows, in_reorganisations
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.table import REQUIRED, read_table
from tracker.reorganisations.units import NewUnit, Units

__all__ = ["ReorganisationResult", "reorganise"]

COLUMN_ORDER = {name: n for n, name in enumerate(REQUIRED)}


def reorganise(
    data: bytes, filename: str, actor=None, *, dry_run: bool = False
) -> ReorganisationResult:
    """Apply the reorganisation table `data` (the bytes of an .xlsx or .csv file), or with
    dry_run only say what applying it would do. `actor`: who does it (None: the system, as
    the demo does); it must be allowed to manage units."""
    if actor is not None and not can(actor, "manage_units"):
        raise Forbidden(
            Problem("manage_units_only", _l("Only the provincial office can reorganise units."))
        )
    result = ReorganisationResult(filename=filename or "", dry_run=dry_run)
    try:
        table = read_table(read_sheets(data, filename or ""))
    except ImportUnreadable as error:
        result.unreadable = error.message
        return result
    result.problems += table.all_problems
    if table.problems:  # no table to speak of: no header, columns missing, no rows
        return _sorted(result)
    if not dry_run:
        # Reorganisations wait for each other: each checks what the one before it wrote.
        lock_key("reorganise", "units")
    operations = group_rows(table)
    checker = Checker(Units(), result)
    for operation in operations:
        checker.register(operation)
    for operation in operations:
        checker.check(operation)
    check_conflicts(operations, result)
    if result.problems:
        return _sorted(result)
    applier = Applier(actor, filename or "", result)
    savepoint = db.session.begin_nested()
    try:
        for reorganisation in in_reorganisations(operations):
            applier.apply(reorganisation)
        db.session.flush()
        _describe(result, operations)
    except (ValidationFailed, IntegrityError) as error:
        savepoint.rollback()
        problem = getattr(error, "message", None)
        refused = ReorganisationResult(filename=result.filename, dry_run=dry_run)
        refused.problem(problem if isinstance(problem, Problem) else changed_meanwhile())
        return refused
    result.nothing_to_change = applier.changes == 0
    if dry_run or result.nothing_to_change:
        savepoint.rollback()
        return result
    savepoint.commit()
    db.session.commit()
    result.written = True
    return result


def _sorted(result: ReorganisationResult) -> ReorganisationResult:
    result.problems.sort(key=lambda p: (p.row or 0, COLUMN_ORDER.get(p.column or "", 99)))
    return result


def _describe(result: ReorganisationResult, operations) -> None:
    """What the preview shows besides codes: the assignments' tasks, the people of the closed
    units (for the office to move), every unit's name."""
    numbers = {entry["assignment_id"] for entry in (*result.moved, *result.kept, *result.left_open)}
    if numbers:
        rows = db.session.execute(
            select(Assignment.id, Task.number, Task.title)
            .join(Task, Task.id == Assignment.task_id)
            .where(Assignment.id.in_(numbers))
        )
        result.assignments = {n: {"task": number, "title": title} for n, number, title in rows}
    closed = {
        old.code: old
        for operation in operations
        for old in operation.olds
        if not isinstance(old, NewUnit)
    }
    for user in db.session.scalars(
        select(User)
        .where(User.active, User.unit_id.in_([unit.id for unit in closed.values()]))
        .order_by(User.unit_id, User.full_name)
    ):
        unit = user.unit
        result.users_to_move.append(
            {
                "id": user.id,
                "email": user.email,
                "full_name": user.full_name,
                "unit": unit.code,
                "successor": unit.successor.code if unit.successor else None,
            }
        )
        result.unit_names.setdefault(unit.code, unit.name)
