"""Refusals that more than one of the assignment services gives."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.assignments.models import Assignment
from tracker.core.problems import Problem

_FINISHED = {
    "done": _l("This task is already done."),
    "cancelled": _l("This task was cancelled."),
}


def finished(assignment: Assignment) -> Problem:
    """Nothing more can happen to a done or cancelled assignment."""
    return Problem("already_final", _FINISHED[assignment.state], state=assignment.state)
