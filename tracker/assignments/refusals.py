"""Refusals that more than one of the assignment services gives, and the lookups by id that
the API and the office's queues share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.core.exceptions import NotFound
from tracker.core.problems import Problem
from tracker.extensions import db

_FINISHED = {
    "done": _l("This task is already done."),
    "cancelled": _l("This task was cancelled."),
}


def finished(assignment: Assignment) -> Problem:
    """Nothing more can happen to a done or cancelled assignment."""
    return Problem("already_final", _FINISHED[assignment.state], state=assignment.state)


def assignment_by_id(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(
            Problem("assignment_not_found", _l("This assignment does not exist."), id=assignment_id)
        )
    return assignment


def extension_request_by_id(request_id: int) -> ExtensionRequest:
    extension = db.session.get(ExtensionRequest, request_id)
    if extension is None:
        raise NotFound(
            Problem(
                "extension_request_not_found",
                _l("This extension request does not exist."),
                id=request_id,
            )
        )
    return extension
