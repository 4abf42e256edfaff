"""What the task page shows beside the task: each assignment's class as of today, the journal,
the pending extension requests, and which actions the viewer may take."""

from __future__ import annotations

from collections import defaultdict

from flask_login import current_user

from tracker.assignments import workflow
from tracker.assignments.classes import classify
from tracker.assignments.journal import task_journal
from tracker.assignments.models import ExtensionRequest
from tracker.core.permissions import can
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Task


def task_page_context(task: Task, errors: dict | None = None, message: str | None = None):
    pending = defaultdict(list)
    for extension in db.session.scalars(
        db.select(ExtensionRequest).where(
            ExtensionRequest.assignment_id.in_([a.id for a in task.assignments]),
            ExtensionRequest.decision == "pending",
        )
    ):
        pending[extension.assignment_id].append(extension)
    return {
        "classes": classify(task.assignments, local_today()),
        "journal": task_journal(task.assignments),
        "pending": pending,
        "errors": errors or {},
        "message": message,
        "may_update": lambda a: (
            not a.is_final and can(current_user, "update_assignment", unit_id=a.unit_id)
        ),
        "may_confirm": lambda a: (
            a.state == "awaiting_confirmation" and workflow.may_confirm(current_user, a)
        ),
        "today": local_today(),
    }
