"""The assignment's own page: one unit's share of a task, what it stands at today, and every
form that acts on it (the unit's update and extension request, the office's confirmation,
decision, re-dating and cancellation), each a section of its own that a phone shows full
width. After a refused post the page is shown again with that one form as it was posted (what
was typed kept, each message next to its field); the other forms start empty."""

from __future__ import annotations

from flask_login import current_user

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
from tracker.assignments.models import Assignment
from tracker.core.permissions import can
from tracker.core.timeutil import local_today

FORMS = {
    "update": UpdateForm,
    "extension": ExtensionForm,
    "confirm": ConfirmForm,
    "decide": DecisionForm,
    "redate": DueDateForm,
    "cancel": CancelForm,
}


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
