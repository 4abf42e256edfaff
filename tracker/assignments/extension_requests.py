"""Extension requests: a unit asks before its due date; the office approves or rejects.

Both lock the assignment's row first, so that requests and decisions about one assignment
happen one after another: at most one request waits, and one decision wins. A partial unique
index (one pending request per assignment) backs the first up."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.assignments.journal import journal
from tracker.assignments.locking import lock_assignment
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.refusals import finished
from tracker.assignments.workflow import require_unit_access
from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, required, too_long
from tracker.core.timeutil import local_today, utcnow
from tracker.core.transactions import commit_or_conflict
from tracker.extensions import db
from tracker.notifications.services import notify_unit

ONE_PENDING_SQLITE = "UNIQUE constraint failed: extension_requests.assignment_id"


_DECIDED = {
    "approved": _l("This request was already approved."),
    "rejected": _l("This request was already rejected."),
}


def already_pending() -> Problem:
    return Problem(
        "extension_pending",
        _l("An extension request for this task already awaits the office's decision."),
    )


def not_after_due(current: date) -> Problem:
    return Problem("not_after_due", _l("Choose a day after %(current)s."), current=current)


def pending_request(assignment: Assignment) -> ExtensionRequest | None:
    return db.session.scalar(
        select(ExtensionRequest).where(
            ExtensionRequest.assignment_id == assignment.id,
            ExtensionRequest.decision == "pending",
        )
    )


def request_extension(
    actor, assignment: Assignment, *, due_date: date | None, reason: str
) -> ExtensionRequest:
    require_unit_access(actor, assignment)
    lock_assignment(assignment)
    today = local_today()
    reason = (reason or "").strip()
    errors: dict[str, Problem] = {}
    if not reason:
        errors["reason"] = required()
    elif len(reason) > 2000:
        errors["reason"] = too_long(2000)
    if due_date is None:
        errors["due_date"] = required()
    elif assignment.due_date is not None and due_date <= assignment.due_date:
        errors["due_date"] = not_after_due(assignment.due_date)
    if assignment.due_date is None:
        errors["due_date"] = Problem(
            "no_due_date", _l("This task has no due date, so there is nothing to extend.")
        )
    elif today > assignment.due_date:
        errors["due_date"] = Problem(
            "past_due",
            _l("Ask for an extension by the due date; this task was due on %(due)s."),
            due=assignment.due_date,
        )
    if assignment.is_final:
        errors["state"] = finished(assignment)
    if pending_request(assignment) is not None:
        errors["due_date"] = already_pending()
    require(errors)
    extension = ExtensionRequest(
        assignment=assignment, requested_by_id=actor.id, requested_date=due_date, reason=reason
    )
    db.session.add(extension)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Only a writer that skipped the lock above can get here; the index refuses it the same.
        db.session.rollback()
        message = str(error.orig)
        if "ix_extension_requests_one_pending" in message or ONE_PENDING_SQLITE in message:
            require({"due_date": already_pending()})
        raise
    journal(
        assignment,
        "extension_requested",
        actor,
        old_due_date=assignment.due_date,
        new_due_date=due_date,
        note=reason,
    )
    commit_or_conflict()
    return extension


def decide_extension(
    actor,
    extension: ExtensionRequest,
    *,
    approve: bool,
    note: str = "",
    version: int | None = None,
) -> ExtensionRequest:
    if not can(actor, "manage_plans"):
        raise Forbidden(
            Problem("office_decides", _l("Only the provincial office decides extension requests."))
        )
    assignment = extension.assignment
    lock_assignment(assignment, version)
    # Read again now that the lock is ours: a decision that got it first is committed.
    db.session.refresh(extension)
    note = (note or "").strip()
    errors: dict[str, Problem] = {}
    if extension.decision != "pending":
        errors["approve"] = Problem(
            "already_decided", _DECIDED[extension.decision], decision=extension.decision
        )
    if not approve and not note:
        errors["note"] = Problem(
            "reason_required", _l("Say why the request is rejected, so the unit knows.")
        )
    if approve and extension.decision == "pending":
        # The assignment may have moved on while the request waited (cancelled, or re-dated
        # by the office past the requested day); approving then would undo that.
        if assignment.is_final:
            errors["approve"] = finished(assignment)
        elif assignment.due_date is not None and extension.requested_date <= assignment.due_date:
            errors["approve"] = Problem(
                "not_after_due",
                _l(
                    "The day asked for, %(requested)s, is not after the task's due date now, "
                    "%(current)s."
                ),
                requested=extension.requested_date,
                current=assignment.due_date,
            )
    require(errors)
    extension.decision = "approved" if approve else "rejected"
    extension.decided_by_id = actor.id
    extension.decided_at = utcnow()
    extension.decided_on = local_today()
    extension.decision_note = note
    old_due = assignment.due_date
    if approve:
        assignment.due_date = extension.requested_date
        assignment.due_date_revision += 1
    journal(
        assignment,
        "extension_approved" if approve else "extension_rejected",
        actor,
        old_due_date=old_due,
        new_due_date=assignment.due_date,
        note=note,
    )
    notify_unit(
        assignment,
        f"extension_{extension.decision}",
        actor,
        note=note,
        old_due=old_due,
        new_due=assignment.due_date,
        requested=extension.requested_date,
    )
    record(
        f"extension.{extension.decision}",
        actor=actor,
        target=extension,
        assignment=assignment.id,
        requested=str(extension.requested_date),
    )
    commit_or_conflict()
    return extension


def pending_requests() -> list[ExtensionRequest]:
    return list(
        db.session.scalars(
            select(ExtensionRequest)
            .where(ExtensionRequest.decision == "pending")
            .order_by(ExtensionRequest.requested_at)
        )
    )
