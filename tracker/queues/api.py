"""GET /api/v1/queues/confirmations and /api/v1/queues/extensions: the office's queues as JSON,
with the version to decide each row with (confirmCompletion, decideExtension)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.operations import operation
from tracker.core.permissions import requires
from tracker.queues import services
from tracker.queues.services import Confirmation, Extension


class QueueTask(Answer):
    id: int
    plan_code: str
    number: str
    title: str


class GivenEvidence(Answer):
    document_number: str | None
    document_date: date | None
    url: str | None
    file_name: str | None = Field(description="a file given since the last send-back")
    file_url: str | None = Field(description="where to download that file (the session's)")


class ConfirmationItem(Answer):
    assignment_id: int
    period: str | None = Field(description="a checkpoint's period (2021-Q3); null for a one-off")
    period_label: str = Field(description="that period as people read it (Quý III/2021)")
    version: int = Field(description="to send with confirmCompletion")
    task: QueueTask
    unit_code: str
    unit_name: str
    due_date: date | None
    original_due_date: date | None
    completed_on: date | None = Field(description="the day the unit reported it done")
    days_late: int = Field(ge=0, description="completed_on after due_date, in days")
    reported_by: str | None
    note: str = Field(description="the unit's note with its report of done")
    evidence: GivenEvidence

    @classmethod
    def of(cls, row: Confirmation) -> ConfirmationItem:
        a, report, file = row.assignment, row.report, row.evidence_file
        return cls(
            **_assignment_fields(a),
            completed_on=a.completed_on,
            days_late=row.days_late,
            reported_by=report.author.full_name if report and report.author else None,
            note=report.note if report else "",
            evidence=GivenEvidence(
                document_number=a.evidence_document_number,
                document_date=a.evidence_document_date,
                url=a.evidence_url,
                file_name=file.evidence_file_name if file else None,
                file_url=url_for("assignments.evidence", update_id=file.id) if file else None,
            ),
        )


class ExtensionItem(Answer):
    id: int = Field(description="the request, to decide with decideExtension")
    assignment_id: int
    period: str | None = Field(description="a checkpoint's period (2021-Q3); null for a one-off")
    period_label: str = Field(description="that period as people read it (Quý III/2021)")
    version: int = Field(description="the assignment's version as the queue was read")
    task: QueueTask
    unit_code: str
    unit_name: str
    due_date: date | None = Field(description="the due date in force")
    original_due_date: date | None
    requested_date: date
    extra_days: int | None = Field(description="requested_date after due_date, in days")
    days_late: int = Field(ge=0, description="today after due_date, in days")
    requested_at: datetime
    requested_by: str | None
    reason: str

    @classmethod
    def of(cls, row: Extension) -> ExtensionItem:
        request, a = row.request, row.assignment
        return cls(
            id=request.id,
            **_assignment_fields(a),
            requested_date=request.requested_date,
            extra_days=row.extra_days,
            days_late=row.days_late,
            requested_at=request.requested_at,
            requested_by=request.requested_by.full_name if request.requested_by else None,
            reason=request.reason,
        )


class ConfirmationQueue(Answer):
    items: list[ConfirmationItem]


class ExtensionQueue(Answer):
    items: list[ExtensionItem]


def _assignment_fields(assignment) -> dict:
    """What both queues say of the assignment a row is about."""
    task = assignment.task
    return {
        "assignment_id": assignment.id,
        "period": assignment.period,
        "period_label": assignment.period_label,
        "version": assignment.version,
        "task": QueueTask(
            id=task.id, plan_code=task.plan.code, number=task.number, title=task.title
        ),
        "unit_code": assignment.unit.code,
        "unit_name": assignment.unit.name,
        "due_date": assignment.due_date,
        "original_due_date": assignment.original_due_date,
    }


@api_bp.get("/queues/confirmations")
@requires("manage_plans")
@operation(
    "listConfirmationQueue",
    "Completions reported and awaiting the office's confirmation, the oldest first (office)",
    answers={200: ConfirmationQueue},
    refusals=(401, 403),
)
def confirmation_queue():
    items = [ConfirmationItem.of(row) for row in services.confirmation_queue()]
    return answered(ConfirmationQueue(items=items))


@api_bp.get("/queues/extensions")
@requires("manage_plans")
@operation(
    "listExtensionQueue",
    "Extension requests awaiting the office's decision, the oldest first (office)",
    answers={200: ExtensionQueue},
    refusals=(401, 403),
)
def extension_queue():
    return answered(
        ExtensionQueue(items=[ExtensionItem.of(row) for row in services.extension_queue()])
    )
