"""Extension requests: a unit asks before its due date; the office approves or rejects."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, require
from tracker.core.permissions import can
from tracker.core.timeutil import local_today, utcnow
from tracker.extensions import db
from tracker.plans.models import Assignment
from tracker.status.models import ExtensionRequest, ProgressUpdate
from tracker.status.workflow import CLOSED_STATES, require_unit_access


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
    today = local_today()
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "required"
    elif len(reason) > 2000:
        errors["reason"] = "at most 2000 characters"
    if due_date is None:
        errors["due_date"] = "required"
    elif assignment.due_date is not None and due_date <= assignment.due_date:
        errors["due_date"] = "must be after the current due date"
    if assignment.due_date is None:
        errors["due_date"] = "the assignment has no due date to extend"
    elif today > assignment.due_date:
        errors["due_date"] = "an extension is requested before the due date"
    if assignment.state in CLOSED_STATES:
        errors["state"] = f"the assignment is {assignment.state}"
    if pending_request(assignment) is not None:
        errors["due_date"] = "a request is already waiting for the office's decision"
    require(errors)
    extension = ExtensionRequest(
        assignment=assignment, requested_by_id=actor.id, requested_date=due_date, reason=reason
    )
    db.session.add(extension)
    db.session.add(
        ProgressUpdate(
            assignment=assignment,
            author_id=actor.id,
            kind="extension_requested",
            old_due_date=assignment.due_date,
            new_due_date=due_date,
            note=reason,
        )
    )
    db.session.commit()
    return extension


def decide_extension(
    actor, extension: ExtensionRequest, *, approve: bool, note: str = ""
) -> ExtensionRequest:
    if not can(actor, "manage_plans"):
        raise Forbidden("only the provincial office decides extension requests")
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if extension.decision != "pending":
        errors["approve"] = f"the request was already {extension.decision}"
    if not approve and not note:
        errors["note"] = "say why the request is rejected"
    require(errors)
    assignment = extension.assignment
    extension.decision = "approved" if approve else "rejected"
    extension.decided_by_id = actor.id
    extension.decided_at = utcnow()
    extension.decided_on = local_today()
    extension.decision_note = note
    old_due = assignment.due_date
    if approve:
        assignment.due_date = extension.requested_date
        assignment.due_date_revision += 1
    db.session.add(
        ProgressUpdate(
            assignment=assignment,
            author_id=actor.id,
            kind="extension_approved" if approve else "extension_rejected",
            old_due_date=old_due,
            new_due_date=assignment.due_date,
            note=note,
        )
    )
    record(
        f"extension.{extension.decision}",
        actor=actor,
        target=extension,
        assignment=assignment.id,
        requested=str(extension.requested_date),
    )
    db.session.commit()
    return extension


def pending_requests() -> list[ExtensionRequest]:
    return list(
        db.session.scalars(
            select(ExtensionRequest)
            .where(ExtensionRequest.decision == "pending")
            .order_by(ExtensionRequest.requested_at)
        )
    )
