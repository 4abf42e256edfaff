"""Bulk onboarding: a file of people (.xlsx or .csv) becomes accounts, all or nothing.

import_people() reads the file (onboarding_table), names each row's role and unit
(onboarding_values), then runs every row through the people services, each in a savepoint:
a new email is created (create_person, with an invitation), a known one changed
(update_person; nothing to change is "unchanged"). The services' own checks and refusals (who
may manage whom, what a field may hold) become the row's problems, with their column. While
any problem remains, or for a dry run, the whole transaction is rolled back, so nothing is
written; otherwise it commits once, and only then are the invitations queued for the worker
(their rows were written with the accounts). The same file again finds everything unchanged
and sends nothing.

A unit's lead may upload a file too; each row they may not manage (another unit, a role other
than their unit's staff, someone who is not their staff) is a problem of that row, not a 403
for the whole file, so that they see every row to correct at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.core.problems import Problem
from tracker.core.text import fold
from tracker.core.transactions import lock_key
from tracker.extensions import db
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.imports.results import ImportProblem
from tracker.people import services
from tracker.people.onboarding_results import ACTIONS, OnboardingResult, PersonChange
from tracker.people.onboarding_table import PeopleTable, PersonRow, read_people
from tracker.people.onboarding_values import UnitNames, role_names, unknown_role
from tracker.people.rules import may_manage_anyone
from tracker.units.models import Unit

__all__ = [
    "ACTIONS",
    "ImportUnreadable",
    "OnboardingResult",
    "PersonChange",
    "import_people",
]

# Each row is an account checked and written by the services in about ten statements (with its
# invitation), 10 to 25 ms a row on PostgreSQL: 1,000 keep a preview or an import within a
# web request's patience. A province has a few hundred people; a longer list is imported in
# parts. The reader's own limits (10 MB, 5,000 rows) stop a file before it is read this far.
MAX_PEOPLE = 1000
# A service's refusal of a field → the file's column for it.
FIELD_COLUMNS = {
    "email": "email",
    "name": "full_name",
    "role": "role",
    "unit": "unit",
    "position": "position",
    "phone": "phone",
}


def not_a_people_file(filename: str) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "not_a_people_file",
            _l("The list of people must be an .xlsx or a .csv file."),
            name=filename,
        )
    )


def changed_while_imported() -> Problem:
    return Problem(
        "people_changed_meanwhile",
        _l("Someone changed these accounts while the file was imported; upload it again."),
    )


def too_many_people(found: int) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "too_many_people",
            _l(
                "The file lists %(found)s people; one import takes at most %(limit)s: "
                "split the list into several files."
            ),
            found=found,
            limit=MAX_PEOPLE,
        )
    )


def read_file(source, filename: str) -> PeopleTable:
    """The file's table; ImportUnreadable when it cannot be opened or is past the limits."""
    try:
        table = read_people(read_sheets(source, filename))
    except ImportUnreadable as error:
        if getattr(error.message, "code", None) == "not_a_plan_file":
            raise not_a_people_file(filename) from None
        raise
    if len(table.rows) > MAX_PEOPLE:
        raise too_many_people(len(table.rows))
    return table


def import_people(
    actor, source: str | Path | BinaryIO | bytes, filename: str, *, dry_run: bool = False
) -> OnboardingResult:
    """Import a file of people. Raises ImportUnreadable when the file cannot be read and
    Forbidden when the actor manages nobody's account; every other problem is in
    result.problems (with its row and column), and then nothing was written."""
    may_manage_anyone(actor)
    name = Path((filename or "").replace("\\", "/")).name
    result = OnboardingResult(filename=name, dry_run=dry_run)
    table = read_file(source, filename)
    result.sheet = table.sheet
    if table.header_row is None or any(p.row == table.header_row for p in table.problems):
        result.problems = table.problems  # no table to read rows from
        return result
    wanted = _resolve(table)
    if not dry_run:
        lock_key("people-import", "all")  # two imports at once compare with each other's work
    existing = _existing([row.email for row in table.rows])
    reason = f"Nhập từ tệp {name}"
    # Every row goes through the services, but one that has a problem already: so that one
    # upload shows every problem of the file.
    refused = {problem.row for problem in table.problems}
    for person, (role, unit) in zip(table.rows, wanted, strict=True):
        if person.row not in refused:
            user = existing.get(person.email)
            # A dry run writes no invitation: its rows would be rolled back anyway, and
            # issuing one refuses nothing.
            change = _apply(actor, table, person, (role, unit, user), reason, invite=not dry_run)
            result.items.append(change)
    result.problems = sorted(table.problems, key=_place)
    if result.problems or dry_run or not result.changed:
        db.session.rollback()
        return result
    record(
        "people.import",
        actor=actor,
        file=name,
        created=result.count("create"),
        updated=result.count("update"),
        unchanged=result.count("unchanged"),
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        result.problems.append(ImportProblem(changed_while_imported()))
        return result
    # The invitations' mails are asked of the worker by the commit itself (accounts.links):
    # one request for all of them, however many.
    result.written = True
    return result


def _place(problem: ImportProblem) -> tuple:
    """Where a problem is, to list them as the file reads: row by row, column by column."""
    column = problem.column or ""
    return (problem.row or 0, len(column), column)


def _resolve(table: PeopleTable) -> list[tuple[str | None, Unit | None]]:
    """Each row's role code and unit, or a problem of its cell."""
    roles = role_names()
    units = UnitNames()
    wanted = []
    for person in table.rows:
        role = None
        if person.role:
            role = roles.get(fold(person.role))
            if role is None:
                table.issue(person.row, "role", unknown_role(person.role))
        unit = None
        if person.unit:
            found = units.find(person.unit)
            if isinstance(found, Problem):
                table.issue(person.row, "unit", found)
            else:
                unit = found
        wanted.append((role, unit))
    return wanted


def _existing(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(emails), 1000):
        rows = db.session.scalars(
            select(User)
            .where(User.email.in_(emails[start : start + 1000]))
            .options(selectinload(User.unit))
        )
        found.update({user.email: user for user in rows})
    return found


def _apply(actor, table, person: PersonRow, wanted: tuple, reason: str, invite: bool):
    """One row through the services in a savepoint: `wanted` is its role, its unit and the
    account of its email (None: a new person)."""
    role, unit, user = wanted
    change = PersonChange(
        row=person.row,
        email=person.email,
        full_name=person.full_name,
        role=role,
        unit_code=unit.code if unit else None,
        unit_name=unit.name if unit else None,
        position=person.position,
        phone=person.phone,
        active=user.active if user is not None else True,
    )
    values = {"email": person.email, "full_name": person.full_name, "role": role, "unit": unit}
    if person.position is not None:
        values["position"] = person.position
    if person.phone is not None:
        values["phone"] = person.phone
    savepoint = db.session.begin_nested()
    try:
        if user is None:
            services.create_person(actor, **values, send_invite=invite, reason=reason)
        else:
            change.changes = services.update_person(actor, user, reason=reason, **values)
            change.action = "update" if change.changes else "unchanged"
    except ValidationFailed as error:
        savepoint.rollback()
        _refused(table, person.row, error)
    except Forbidden as error:
        savepoint.rollback()
        table.issue(person.row, _out_of_reach(actor, role, unit, user), error.message)
    else:
        savepoint.commit()
    return change


def _refused(table: PeopleTable, row: int, error: ValidationFailed) -> None:
    if not error.fields:
        table.issue(row, None, error.message)
    for name, problem in error.fields.items():
        table.issue(row, FIELD_COLUMNS.get(name), problem)


def _out_of_reach(actor, role: str, unit: Unit | None, user: User | None) -> str:
    """The column that puts the row out of the actor's reach: the person as they are (their
    email), the role asked for, or the unit."""
    if user is not None and not services.may_manage(actor, user.role, user.unit_id):
        return "email"
    own_unit = getattr(actor, "unit_id", None)
    if not services.may_manage(actor, role, own_unit) and not services.may_manage(
        actor, role, unit.id if unit else None
    ):
        return "role"
    return "unit"
