"""The assignment's own page: one unit's share of a task, what it stands at today, and every
form that acts on it (the unit's update and extension request, the office's confirmation,
decision, re-dating and cancellation), each a section of its own that a phone shows full
width. After a refused post the page is shown again with that one form as it was posted (what
was typed kept, each message next to its field); the other forms start empty."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.assignments import workflow
from tracker.assignments.classes import classify
from tracker.assignments.extension_requests import pending_request
from tracker.assignments.forms import (
    CancelForm,
    ConfirmForm,
    DecisionForm,
    DueDateForm,
    ExtensionForm,
    UpdateForm,
)
from tracker.assignments.journal import latest_files, standing_send_backs, task_journal
from tracker.assignments.models import Assignment, AssignmentTransfer, JournalEntry
from tracker.core.permissions import can
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units.lifecycle import day_before, names_on

FORMS = {
    "update": UpdateForm,
    "extension": ExtensionForm,
    "confirm": ConfirmForm,
    "decide": DecisionForm,
    "redate": DueDateForm,
    "cancel": CancelForm,
}


class TransferShown(NamedTuple):
    """What a "transferred" journal entry says: by which decision, from which unit to which
    (each named as it was on its side of the day), from which day."""

    decision: str
    from_name: str
    to_name: str
    day: date


def transfers_by_entry(entries: list[JournalEntry]) -> dict[int, TransferShown]:
    """journal entry id → its transfer, for the "transferred" entries among `entries`. The
    entry and the AssignmentTransfer row are written together, one pair per transfer: the
    n-th entry of an assignment is its n-th transfer."""
    moved = [e for e in entries if e.kind == "transferred"]
    if not moved:
        return {}
    transfers: dict[int, list[AssignmentTransfer]] = defaultdict(list)
    for transfer in db.session.scalars(
        select(AssignmentTransfer)
        .where(AssignmentTransfer.assignment_id.in_({e.assignment_id for e in moved}))
        .order_by(AssignmentTransfer.effective_date, AssignmentTransfer.id)
        .options(
            selectinload(AssignmentTransfer.from_unit), selectinload(AssignmentTransfer.to_unit)
        )
    ):
        transfers[transfer.assignment_id].append(transfer)
    found: dict[int, TransferShown] = {}
    entries_of: dict[int, list[JournalEntry]] = defaultdict(list)
    for entry in sorted(moved, key=lambda e: (e.created_at, e.id)):
        entries_of[entry.assignment_id].append(entry)
    for assignment_id, own in entries_of.items():
        for entry, transfer in zip(own, transfers[assignment_id], strict=False):
            before = names_on([transfer.from_unit_id], day_before(transfer.effective_date))
            after = names_on([transfer.to_unit_id], transfer.effective_date)
            found[entry.id] = TransferShown(
                transfer.decision,
                before.get(transfer.from_unit_id, (transfer.from_unit.name,))[0],
                after.get(transfer.to_unit_id, (transfer.to_unit.name,))[0],
                transfer.effective_date,
            )
    return found


def _fresh_form(name: str, assignment: Assignment):
    """A form as the page first offers it: nothing typed, the version the page shows."""
    data = {"version": assignment.version}
    if name == "update":
        # A report awaiting confirmation is taken back by saving another state.
        state = "in_progress" if assignment.state == "awaiting_confirmation" else assignment.state
        data |= {"state": state, "progress": assignment.progress}
    return FORMS[name](formdata=None, data=data)


def assignment_page_context(
    assignment: Assignment,
    failed: tuple[str, object] | None = None,
    form_messages: list[str] | None = None,
    fieldset_messages: dict[str, str] | None = None,
    message: str | None = None,
) -> dict:
    """The page's context; `failed` is (form name, the posted form) after a refused post, with
    the messages about a group of fields (the evidence) in `fieldset_messages` and those that
    belong to none in `form_messages`."""
    today = local_today()
    office = can(current_user, "manage_plans")
    may_update = not assignment.is_final and can(
        current_user, "update_assignment", unit_id=assignment.unit_id
    )
    may_confirm = assignment.state == "awaiting_confirmation" and workflow.may_confirm(
        current_user, assignment
    )
    pending = pending_request(assignment)
    may_ask = (
        may_update
        and pending is None
        and assignment.due_date is not None
        and today <= assignment.due_date
    )
    forms = {name: _fresh_form(name, assignment) for name in FORMS}
    failed_name = None
    if failed is not None:
        failed_name, forms[failed_name] = failed
    journal = task_journal([assignment])
    return {
        "a": assignment,
        "task": assignment.task,
        "klass": classify([assignment], today).get(assignment.id),
        "sent_back": standing_send_backs([assignment]).get(assignment.id),
        "journal": journal,
        "transfers": transfers_by_entry(journal),
        "evidence_file": latest_files(journal).get(assignment.id),
        "pending": pending,
        "forms": forms,
        "failed_name": failed_name,
        "form_messages": form_messages or [],
        "fieldset_messages": fieldset_messages or {},
        "message": message,
        "may_update": may_update,
        "may_ask": may_ask,
        "may_confirm": may_confirm,
        "may_revise": office and assignment.state != "cancelled",
        "may_decide": office and pending is not None,
        "today": today,
    }
