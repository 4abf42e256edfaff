"""Changes to one assignment happen one after another: each takes the row's lock, then checks
the version it was made from against the row as the previous change committed it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from tracker.assignments.models import Assignment
from tracker.core.exceptions import Conflict, require
from tracker.core.problems import Problem, required
from tracker.core.transactions import lock_row


def changed_since_read() -> Problem:
    return Problem(
        "changed_meanwhile",
        _l(
            "Someone else updated this task (its status, progress or due date) in the "
            "meantime. Reload the page and try again."
        ),
    )


def check_version(assignment: Assignment, version: int | None) -> None:
    if version is None:
        require({"version": required()})
    if version != assignment.version:
        raise Conflict(changed_since_read())


def lock_assignment(assignment: Assignment, version: int | None = None) -> None:
    """Take the assignment's row lock for a change, then check the version the change was made
    from against the row as now committed. Changes to one assignment then happen one after
    another, each deciding on what the previous one left."""
    lock_row(assignment)
    if version is not None:
        check_version(assignment, version)


def take_version(assignment: Assignment) -> None:
    """Make the commit write the row, and so take the next version, even when no column of it
    changes (a note with the same progress): another change made from the same version must
    then find it stale."""
    assignment.updated_at = func.now()
