"""Write endpoints; each parses its body and calls one service."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.api.blueprint import bp, json_body
from tracker.api.parsing import Fields
from tracker.api.serializers import assignment_json, extension_json, task_json
from tracker.assignments import changes, extension_requests, workflow
from tracker.assignments.classes import classify
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.core.exceptions import NotFound, ValidationFailed
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import services as plan_services
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput


def _assignment(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"no assignment {assignment_id}")
    return assignment


def _assignment_response(assignment: Assignment, status: int = 200):
    cls = classify([assignment], local_today())[assignment.id]
    return jsonify(assignment_json(assignment, cls)), status


@bp.post("/tasks")
@requires("manage_plans")
def create_task():
    fields = Fields(json_body())
    plan_code = fields.string("plan_code", required=True)
    data = TaskInput(
        number=fields.string("number", required=True),
        title=fields.string("title", required=True),
        lead_units=fields.string_list("lead_units"),
        cooperating_units=fields.string_list("cooperating_units"),
        due_date=fields.day("due_date"),
        recurrence=fields.optional_string("recurrence"),
        deadline_text=fields.string("deadline_text"),
        expected_output=fields.string("expected_output"),
        description=fields.string("description"),
        reform_area=fields.optional_string("area"),
        section_id=fields.integer("section_id", minimum=1),
        needs_confirmation=fields.boolean("needs_confirmation", default=True),
    )
    fields.check()
    plan = db.session.scalar(select(Plan).where(Plan.code == plan_code))
    if plan is None:
        raise ValidationFailed("unknown plan", {"plan_code": f"no plan with code {plan_code}"})
    task = plan_services.create_task(current_user, plan, data)
    response = jsonify(task_json(task, classify(task.assignments, local_today())))
    response.status_code = 201
    response.headers["Location"] = url_for("api.task", task_id=task.id)
    return response


@bp.post("/assignments/<id:assignment_id>/updates")
@requires("update_assignment")
def update_assignment(assignment_id: int):
    assignment = _assignment(assignment_id)
    fields = Fields(json_body())
    state = fields.string("state", required=True)
    progress = fields.integer("progress")
    note = fields.string("note")
    version = fields.integer("version", required=True)
    raw_evidence = fields.obj("evidence")
    evidence = None
    if raw_evidence is not None:
        evidence_fields = Fields(raw_evidence)
        evidence = workflow.Evidence(
            document_number=evidence_fields.optional_string("document_number"),
            document_date=evidence_fields.day("document_date"),
            url=evidence_fields.optional_string("url"),
        )
        fields.errors.update({f"evidence.{k}": v for k, v in evidence_fields.errors.items()})
    if "progress" in fields.body and fields.body["progress"] is not None and progress is None:
        fields.errors["progress"] = "a whole number from 0 to 100"
    fields.check()
    workflow.report_progress(
        current_user,
        assignment,
        version=version,
        state=state,
        progress=progress,
        note=note,
        evidence=evidence,
    )
    return _assignment_response(assignment)


@bp.patch("/assignments/<id:assignment_id>")
@requires("manage_plans")
def patch_assignment(assignment_id: int):
    assignment = _assignment(assignment_id)
    fields = Fields(json_body())
    version = fields.integer("version")
    reason = fields.string("reason")
    wants_due = "due_date" in fields.body
    due_date = fields.day("due_date", required=wants_due)
    state = fields.optional_string("state")
    if state is not None and state != "cancelled":
        fields.errors["state"] = "only cancelled can be set here"
    if not wants_due and state is None:
        fields.errors["due_date"] = "give due_date (with a reason), state: cancelled, or both"
    fields.check()
    changes.revise_assignment(
        current_user,
        assignment,
        reason,
        due_date=due_date if wants_due else None,
        cancel=state == "cancelled",
        version=version,
    )
    return _assignment_response(assignment)


@bp.post("/assignments/<id:assignment_id>/extension-requests")
@requires("update_assignment")
def request_extension(assignment_id: int):
    assignment = _assignment(assignment_id)
    fields = Fields(json_body())
    due_date = fields.day("due_date", required=True)
    reason = fields.string("reason", required=True)
    fields.check()
    extension = extension_requests.request_extension(
        current_user, assignment, due_date=due_date, reason=reason
    )
    return jsonify(extension_json(extension)), 201


@bp.post("/extension-requests/<id:request_id>/decision")
@requires("manage_plans")
def decide_extension(request_id: int):
    extension = db.session.get(ExtensionRequest, request_id)
    if extension is None:
        raise NotFound(f"no extension request {request_id}")
    fields = Fields(json_body())
    approve = fields.boolean("approve", required=True)
    note = fields.string("note")
    fields.check()
    extension_requests.decide_extension(current_user, extension, approve=approve, note=note)
    return jsonify(extension_json(extension))


@bp.post("/assignments/<id:assignment_id>/confirmation")
@requires("update_assignment")
def confirm(assignment_id: int):
    assignment = _assignment(assignment_id)
    fields = Fields(json_body())
    accept = fields.boolean("accept", required=True)
    note = fields.string("note")
    version = fields.integer("version")
    fields.check()
    workflow.confirm_completion(current_user, assignment, accept=accept, note=note, version=version)
    return _assignment_response(assignment)
