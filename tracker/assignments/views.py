"""Pages and form posts of the daily work: a unit's list, updates, confirmations, extensions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.assignments import changes, extension_requests, workflow
from tracker.assignments.forms import (
    CancelForm,
    ConfirmForm,
    DecisionForm,
    DueDateForm,
    ExtensionForm,
    UpdateForm,
)
from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
from tracker.core.errors import on_failure
from tracker.core.evidence_files import evidence_download, evidence_path
from tracker.core.exceptions import Conflict
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import queries
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Task
from tracker.plans.task_page import task_page_context

bp = Blueprint("assignments", __name__)


def _assignment(assignment_id: int) -> Assignment:
    return db.session.get(Assignment, assignment_id) or abort(404)


def _act(assignment: Assignment, form, action, done_message: str):
    """Run a service for a form post; a refusal shows the task page again with the errors."""
    task = assignment.task
    if not form.validate_on_submit():
        errors = {assignment.id: {k: "; ".join(map(str, v)) for k, v in form.errors.items()}}
        return _rerender(task, errors, None, 422)
    on_failure(lambda error: _rerender_refused(task, assignment.id, error))
    action()
    flash(done_message, "info")
    return redirect(url_for("plans.task", task_id=task.id) + f"#a{assignment.id}")


def _rerender_refused(task: Task, assignment_id: int, error):
    if isinstance(error, Conflict):
        message = _("Someone else changed this in the meantime. Reload and try again.")
        return _rerender(task, {}, message, 409)
    return _rerender(task, {assignment_id: error.fields}, None, 422)


def _rerender(task: Task, errors: dict, message: str | None, status: int):
    task = queries.load_task(task.id)
    return render_template(
        "plans/task.html", task=task, **task_page_context(task, errors, message)
    ), status


@bp.route("/assignments/<id:assignment_id>/update", methods=["POST"])
@requires("update_assignment")
def update(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = UpdateForm()

    def action():
        upload = form.file.data
        evidence = workflow.Evidence(
            document_number=(form.document_number.data or "").strip() or None,
            document_date=form.document_date.date,
            url=(form.url.data or "").strip() or None,
        )
        if upload and upload.filename:
            upload.stream.seek(0, 2)
            evidence.file_size = upload.stream.tell()
            upload.stream.seek(0)
            evidence.file_name, evidence.file_stream = upload.filename, upload.stream
        workflow.report_progress(
            current_user,
            assignment,
            version=form.version_number(),
            state=form.state.data,
            progress=form.progress.data,
            note=form.note.data or "",
            evidence=evidence,
        )

    return _act(assignment, form, action, _("Update saved."))


@bp.route("/assignments/<id:assignment_id>/confirm", methods=["POST"])
@requires("update_assignment")
def confirm(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = ConfirmForm()
    accept = form.decision.data == "accept"
    return _act(
        assignment,
        form,
        lambda: workflow.confirm_completion(
            current_user,
            assignment,
            accept=accept,
            note=form.note.data or "",
            version=form.version_number(),
        ),
        _("Completion confirmed.") if accept else _("Sent back to the unit."),
    )


@bp.route("/assignments/<id:assignment_id>/extension", methods=["POST"])
@requires("update_assignment")
def request_extension(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = ExtensionForm()
    return _act(
        assignment,
        form,
        lambda: extension_requests.request_extension(
            current_user, assignment, due_date=form.due_date.date, reason=form.reason.data
        ),
        _("Extension requested; the office will decide."),
    )


@bp.route("/extension-requests/<id:request_id>/decide", methods=["POST"])
@requires("manage_plans")
def decide(request_id: int):
    extension = db.session.get(ExtensionRequest, request_id) or abort(404)
    form = DecisionForm()
    approve = form.decision.data == "approve"
    return _act(
        extension.assignment,
        form,
        lambda: extension_requests.decide_extension(
            current_user, extension, approve=approve, note=form.note.data or ""
        ),
        _("Extension approved.") if approve else _("Extension rejected."),
    )


@bp.route("/assignments/<id:assignment_id>/due-date", methods=["POST"])
@requires("manage_plans")
def change_due_date(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = DueDateForm()
    return _act(
        assignment,
        form,
        lambda: changes.change_due_date(
            current_user,
            assignment,
            form.due_date.date,
            form.reason.data,
            version=form.version_number(),
        ),
        _("Due date changed."),
    )


@bp.route("/assignments/<id:assignment_id>/cancel", methods=["POST"])
@requires("manage_plans")
def cancel(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = CancelForm()
    return _act(
        assignment,
        form,
        lambda: changes.cancel_assignment(current_user, assignment, form.reason.data),
        _("Assignment cancelled."),
    )


@bp.route("/my")
@requires("view")
def my_unit():
    if current_user.unit is None:
        return redirect(url_for("plans.tasks"))
    filters = AssignmentFilters(
        as_of=local_today(), unit=current_user.unit.code, per_page=200, sort="urgency"
    )
    rows, total = queries.list_assignments(filters)
    return render_template(
        "assignments/my_unit.html",
        rows=rows,
        total=total,
        unit=current_user.unit,
        today=filters.as_of,
    )


@bp.route("/extension-requests")
@requires("manage_plans")
def extension_list():
    # The list became the office's queue, where each request is decided (tracker/queues).
    return redirect(url_for("queues.extensions"))


@bp.route("/evidence/<id:update_id>")
@requires("view")
def evidence(update_id: int):
    update = db.session.get(JournalEntry, update_id)
    if update is None or not update.evidence_file_path:
        abort(404)
    path = evidence_path(update.evidence_file_path)
    if not path.exists():
        abort(404)
    mimetype, name = evidence_download(update.evidence_file_path, update.evidence_file_name)
    # Always a download, typed by the accepted extension and never sniffed (said here, not
    # only in the site-wide headers): an uploaded file must not become a page of this site.
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
