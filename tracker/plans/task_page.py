"""What the task page shows beside the task: each assignment as of a day (today unless asked)
with its class, whether the office sent its completion back, the journal up to that day, the
pending extension requests, and what the viewer may do about each (none when looking back).
The forms themselves are on each assignment's own page (assignments/page.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_login import current_user

from tracker.assignments import workflow
from tracker.assignments.classes import as_of_day
from tracker.assignments.journal import latest_files, standing_send_backs, task_journal
from tracker.assignments.models import ExtensionRequest
from tracker.assignments.page import transfers_by_entry
from tracker.core.permissions import can
from tracker.core.recurrence import Period
from tracker.core.timeutil import local_date_of, local_today
from tracker.extensions import db
from tracker.plans.models import Task


def _pending(task: Task) -> dict:
    return {
        extension.assignment_id: extension
        for extension in db.session.scalars(
            db.select(ExtensionRequest).where(
                ExtensionRequest.assignment_id.in_([a.id for a in task.assignments]),
                ExtensionRequest.decision == "pending",
            )
        )
    }


def by_period(shown: list) -> list[tuple[Period | None, list]]:
    """The assignments grouped by checkpoint period, in period order: a recurring task's page
    lists each period's checkpoints together (one-off assignments first, under None)."""
    groups: dict[Period | None, list] = defaultdict(list)
    for seen in shown:
        groups[seen.assignment.checkpoint].append(seen)
    return sorted(groups.items(), key=lambda item: (item[0] is not None, item[0] or ()))


def task_page_context(task: Task, as_of: date | None = None):
    """The task page's context as of a day (today unless given). Looking back, each
    assignment shows what held that day, the journal ends with that day, and nothing can be
    changed from the page."""
    today = local_today()
    as_of = as_of or today
    looking_back = as_of < today
    seen = as_of_day(task.assignments, as_of)
    shown = [seen[a.id][0] for a in task.assignments if a.id in seen]
    office = can(current_user, "manage_plans")

    def may_update(a) -> bool:
        return (
            not looking_back
            and not a.assignment.is_final
            and can(current_user, "update_assignment", unit_id=a.unit_id)
        )

    def may_confirm(a) -> bool:
        return (
            not looking_back
            and a.assignment.state == "awaiting_confirmation"
            and workflow.may_confirm(current_user, a.assignment)
        )

    pending = {} if looking_back else _pending(task)
    journal = [
        entry
        for entry in task_journal(task.assignments)
        if local_date_of(entry.created_at) <= as_of
    ]
    return {
        "shown": shown,
        "by_period": by_period(shown),
        "classes": {i: klass for i, (_a, klass) in seen.items()},
        "sent_back": standing_send_backs(shown, None if not looking_back else as_of),
        "journal": journal,
        "evidence_files": latest_files(journal),
        "transfers": transfers_by_entry(journal),
        "as_of": as_of,
        "looking_back": looking_back,
        "pending": pending,
        "may_update": may_update,
        "may_confirm": may_confirm,
        "may_decide": lambda a: office and a.id in pending,
        # The viewer's own unit's assignments, offered first (a unit lead on a phone).
        "own": [a for a in shown if may_update(a)] if not office else [],
        "today": today,
    }
