"""Write endpoints; each reads its body and calls one service."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from tracker.api import answers
from tracker.api.answers import answered
from tracker.api.blueprint import bp
from tracker.api.bodies import (
    AssignmentChange,
    CompletionCheck,
    ExtensionAsk,
    ExtensionDecision,
    NewTask,
    ProgressReport,
    read_body,
)
from tracker.api.operations import WRITE_REFUSALS, operation
from tracker.assignments import changes, extension_requests, workflow
from tracker.assignments.classes import classify
from tracker.assignments.models import Assignment
from tracker.assignments.refusals import assignment_by_id, extension_request_by_id
from tracker.core.exceptions import require
from tracker.core.permissions import requires
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import services as plan_services
from tracker.plans.models import Plan

# The operations an assignment's id leads to, for the links of a created task.
ASSIGNMENT_OPERATIONS = (
    "changeAssignment",
    "reportProgress",
    "requestExtension",
    "confirmCompletion",
)


def _assignment_answer(assignment: Assignment):
    deadline_class = classify([assignment], local_today())[assignment.id]
    return answered(answers.Assignment.of(assignment, deadline_class))


@bp.post("/tasks")
@requires("manage_plans")
@operation(
    "createTask",
    "Create a task and its assignments (office)",
    body=NewTask,
    answers={201: answers.Task},
    refusals=WRITE_REFUSALS,
    links={
        "getTask": {"task_id": "$response.body#/id"},
        **{
            name: {"assignment_id": "$response.body#/assignments/0/id"}
            for name in ASSIGNMENT_OPERATIONS
        },
    },
)
def create_task():
    new_task = read_body(NewTask)
    plan = db.session.scalar(select(Plan).where(Plan.code == new_task.plan_code))
    if plan is None:
        require(
            {
                "plan_code": Problem(
                    "unknown_plan",
                    _l("There is no plan with the code %(code)s."),
                    code=new_task.plan_code,
                )
            }
        )
    task = plan_services.create_task(current_user, plan, new_task.task_input())
    response = answered(answers.Task.of(task, classify(task.assignments, local_today())), 201)
    response.headers["Location"] = url_for("api.task", task_id=task.id)
    return response


@bp.post("/assignments/<id:assignment_id>/updates")
@requires("update_assignment")
@operation(
    "reportProgress",
    "A unit's progress report",
    body=ProgressReport,
    answers={200: answers.Assignment},
    refusals=(*WRITE_REFUSALS, 409),
)
def update_assignment(assignment_id: int):
    assignment = assignment_by_id(assignment_id)
    report = read_body(ProgressReport)
    workflow.report_progress(
        current_user,
        assignment,
        version=report.version,
        state=report.state,
        progress=report.progress,
        note=report.note,
        evidence=report.evidence.evidence() if report.evidence is not None else None,
    )
    return _assignment_answer(assignment)


@bp.patch("/assignments/<id:assignment_id>")
@requires("manage_plans")
@operation(
    "changeAssignment",
    "Change the due date (with a reason), cancel, or both at once (office)",
    body=AssignmentChange,
    answers={200: answers.Assignment},
    refusals=(*WRITE_REFUSALS, 409),
)
def patch_assignment(assignment_id: int):
    assignment = assignment_by_id(assignment_id)
    change = read_body(AssignmentChange)
    changes.revise_assignment(
        current_user,
        assignment,
        change.reason,
        due_date=change.due_date,
        cancel=change.state == "cancelled",
        version=change.version,
    )
    return _assignment_answer(assignment)


@bp.post("/assignments/<id:assignment_id>/extension-requests")
@requires("update_assignment")
@operation(
    "requestExtension",
    "Ask for a later due date, before the due date",
    body=ExtensionAsk,
    answers={201: answers.ExtensionRequest},
    refusals=WRITE_REFUSALS,
    links={"decideExtension": {"request_id": "$response.body#/id"}},
)
def request_extension(assignment_id: int):
    assignment = assignment_by_id(assignment_id)
    ask = read_body(ExtensionAsk)
    extension = extension_requests.request_extension(
        current_user, assignment, due_date=ask.due_date, reason=ask.reason
    )
    return answered(answers.ExtensionRequest.of(extension), 201)


@bp.post("/extension-requests/<id:request_id>/decision")
@requires("manage_plans")
@operation(
    "decideExtension",
    "Approve or reject an extension request (office)",
    body=ExtensionDecision,
    answers={200: answers.ExtensionRequest},
    # Approving moves the assignment's due date, which a concurrent update may race.
    refusals=(*WRITE_REFUSALS, 409),
)
def decide_extension(request_id: int):
    extension = extension_request_by_id(request_id)
    decision = read_body(ExtensionDecision)
    extension_requests.decide_extension(
        current_user, extension, approve=decision.approve, note=decision.note
    )
    return answered(answers.ExtensionRequest.of(extension))


@bp.post("/assignments/<id:assignment_id>/confirmation")
@requires("update_assignment")
@operation(
    "confirmCompletion",
    "Confirm a reported completion or send it back (office)",
    body=CompletionCheck,
    answers={200: answers.Assignment},
    refusals=(*WRITE_REFUSALS, 409),
)
def confirm(assignment_id: int):
    assignment = assignment_by_id(assignment_id)
    check = read_body(CompletionCheck)
    workflow.confirm_completion(
        current_user, assignment, accept=check.accept, note=check.note, version=check.version
    )
    return _assignment_answer(assignment)
