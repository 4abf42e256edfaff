"""Deadline classes of many assignments at once, with the extensions in force on a date."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from flask import current_app
from sqlalchemy import select

from tracker.assignments.deadlines import deadline_class, effective_due_date
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.extensions import db


def approvals_by_assignment(ids: Sequence[int]) -> dict[int, list[tuple[date, date]]]:
    approvals: dict[int, list[tuple[date, date]]] = defaultdict(list)
    if not ids:
        return approvals
    rows = db.session.execute(
        select(
            ExtensionRequest.assignment_id,
            ExtensionRequest.decided_on,
            ExtensionRequest.requested_date,
        ).where(ExtensionRequest.assignment_id.in_(ids), ExtensionRequest.decision == "approved")
    )
    for assignment_id, decided_on, new_due in rows:
        approvals[assignment_id].append((decided_on, new_due))
    return approvals


def classify(assignments: Sequence[Assignment], as_of: date) -> dict[int, str]:
    """The deadline class of each assignment as of a date (one query for the extensions)."""
    due_soon_days = current_app.config["DUE_SOON_DAYS"]
    approvals = approvals_by_assignment([a.id for a in assignments])
    classes = {}
    for assignment in assignments:
        due = effective_due_date(assignment.original_due_date, approvals[assignment.id], as_of)
        classes[assignment.id] = deadline_class(
            due=due,
            completed_on=assignment.completed_on,
            cancelled_on=assignment.cancelled_on,
            as_of=as_of,
            due_soon_days=due_soon_days,
        )
    return classes


def count_classes(classes: dict[int, str]) -> Counter:
    return Counter(classes.values())
