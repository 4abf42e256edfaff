"""The office's work queues: completions reported and awaiting its confirmation, and extension
requests awaiting its decision; their counts for the menu; and the decisions taken from a row,
made by the workflow's own services with the version the row was shown at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from tracker.assignments import extension_requests, workflow
from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
from tracker.assignments.refusals import assignment_by_id, extension_request_by_id
from tracker.core.datacache import VersionedCache, data_version
from tracker.core.permissions import can
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Plan, Task


@dataclass
class Confirmation:
    """A completion waiting for the office: the assignment, the unit's report of done (its
    note, who, when) and the file given as evidence since the last send-back, if any."""

    assignment: Assignment
    report: JournalEntry | None
    evidence_file: JournalEntry | None

    @property
    def days_late(self) -> int:
        done, due = self.assignment.completed_on, self.assignment.due_date
        return max((done - due).days, 0) if done and due else 0


@dataclass
class Extension:
    request: ExtensionRequest
    today: date

    @property
    def assignment(self) -> Assignment:
        return self.request.assignment

    @property
    def extra_days(self) -> int | None:
        due = self.assignment.due_date
        return (self.request.requested_date - due).days if due else None

    @property
    def days_late(self) -> int:
        """Days past the due date in force while the request waits."""
        due = self.assignment.due_date
        return max((self.today - due).days, 0) if due else 0


def _awaiting_the_office():
    # A completion only the unit's lead must agree to (the task needs no confirmation) waits
    # for the lead, not for the office.
    return and_(Assignment.state == "awaiting_confirmation", Task.needs_confirmation.is_(True))


def _latest_entries(ids: list[int], *where) -> dict[int, JournalEntry]:
    if not ids:
        return {}
    latest = (
        select(func.max(JournalEntry.id))
        .where(JournalEntry.assignment_id.in_(ids), *where)
        .group_by(JournalEntry.assignment_id)
    )
    rows = db.session.scalars(
        select(JournalEntry)
        .where(JournalEntry.id.in_(latest))
        .options(selectinload(JournalEntry.author))
    )
    return {entry.assignment_id: entry for entry in rows}


def confirmation_queue() -> list[Confirmation]:
    assignments = list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.task)
            .join(Task.plan)
            .where(_awaiting_the_office())
            .order_by(Assignment.completed_on, Plan.code, Task.position, Assignment.id)
            .options(
                contains_eager(Assignment.task).contains_eager(Task.plan),
                joinedload(Assignment.unit),
            )
        )
    )
    ids = [a.id for a in assignments]
    reports = _latest_entries(ids, JournalEntry.kind == "reported_done")
    # A file given before the last send-back is not evidence of this report.
    sent_back = aliased(JournalEntry)
    last_sent_back = (
        select(func.coalesce(func.max(sent_back.id), 0))
        .where(sent_back.assignment_id == JournalEntry.assignment_id, sent_back.kind == "sent_back")
        .scalar_subquery()
    )
    files = _latest_entries(
        ids, JournalEntry.evidence_file_path.is_not(None), JournalEntry.id > last_sent_back
    )
    return [Confirmation(a, reports.get(a.id), files.get(a.id)) for a in assignments]


def extension_queue() -> list[Extension]:
    today = local_today()
    requests = db.session.scalars(
        select(ExtensionRequest)
        .join(ExtensionRequest.assignment)
        .join(Assignment.task)
        .join(Task.plan)
        .where(ExtensionRequest.decision == "pending")
        .order_by(ExtensionRequest.requested_at, ExtensionRequest.id)
        .options(
            contains_eager(ExtensionRequest.assignment)
            .contains_eager(Assignment.task)
            .contains_eager(Task.plan),
            contains_eager(ExtensionRequest.assignment).joinedload(Assignment.unit),
            joinedload(ExtensionRequest.requested_by),
        )
    )
    return [Extension(request, today) for request in requests]


_COUNTS = VersionedCache(size=8)


def _count() -> tuple[int, int]:
    confirmations = (
        select(func.count())
        .select_from(Assignment)
        .join(Assignment.task)
        .where(_awaiting_the_office())
        .scalar_subquery()
    )
    extensions = (
        select(func.count())
        .select_from(ExtensionRequest)
        .where(ExtensionRequest.decision == "pending")
        .scalar_subquery()
    )
    waiting, asked = db.session.execute(select(confirmations, extensions)).one()
    return int(waiting), int(asked)


def queue_counts(user) -> dict[str, int] | None:
    """For the menu: how many completions and extension requests wait for the office (None
    for everyone else). One query, and none while the committed data has not changed."""
    if not can(user, "manage_plans"):
        return None
    waiting, asked = _COUNTS.get(data_version(), "queue_counts", _count)
    return {"confirmations": waiting, "extensions": asked}


def decide_completion(
    actor, assignment_id: int, *, accept: bool, note: str, version: int | None
) -> Assignment:
    assignment = assignment_by_id(assignment_id)
    return workflow.confirm_completion(actor, assignment, accept=accept, note=note, version=version)


def decide_extension(
    actor, request_id: int, *, approve: bool, note: str, version: int | None
) -> ExtensionRequest:
    extension = extension_request_by_id(request_id)
    return extension_requests.decide_extension(
        actor, extension, approve=approve, note=note, version=version
    )
