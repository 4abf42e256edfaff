"""What the task page shows beside the task: each assignment as of a day (today unless asked)
with its class, the journal up to that day, the pending extension requests, and which actions
the viewer may take (none when looking back)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_login import current_user

from tracker.assignments import workflow
from tracker.assignments.classes import as_of_day
from tracker.assignments.journal import task_journal
from tracker.assignments.models import ExtensionRequest
from tracker.core.permissions import can
from tracker.core.timeutil import local_date_of, local_today
from tracker.extensions import db
from tracker.plans.models import Task


def task_page_context(
    task: Task, errors: dict | None = None, message: str | None = None, as_of: date | None = None
):
    """The task page's context as of a day (today unless given). Looking back, each
    assignment shows what held that day, the journal ends with that day, and nothing can be
    changed from the page."""
    today = local_today()
    as_of = as_of or today
    looking_back = as_of < today
    seen = as_of_day(task.assignments, as_of)
    shown = [seen[a.id][0] for a in task.assignments if a.id in seen]
    pending = defaultdict(list)
    for extension in db.session.scalars(
        db.select(ExtensionRequest).where(
            ExtensionRequest.assignment_id.in_([a.id for a in task.assignments]),
            ExtensionRequest.decision == "pending",
        )
    ):
        pending[extension.assignment_id].append(extension)
    return {
        "shown": shown,
        "classes": {i: klass for i, (_a, klass) in seen.items()},
        "journal": [
            entry
            for entry in task_journal(task.assignments)
            if local_date_of(entry.created_at) <= as_of
        ],
        "as_of": as_of,
        "looking_back": looking_back,
        "pending": pending,
        "errors": errors or {},
        "message": message,
        "may_update": lambda a: (
            not looking_back
            and not a.is_final
            and can(current_user, "update_assignment", unit_id=a.unit_id)
        ),
        "may_confirm": lambda a: (
            not looking_back
            and a.state == "awaiting_confirmation"
            and workflow.may_confirm(current_user, a.assignment)
        ),
        "today": today,
    }
