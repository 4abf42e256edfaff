"""Pages and form posts of the daily work: a unit's list, an assignment's page with its
updates, confirmations, extensions, re-dating and cancellation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
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
from tracker.assignments.journal import standing_send_backs
from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
from tracker.assignments.page import assignment_page_context
from tracker.core.errors import on_failure
from tracker.core.evidence_files import evidence_download, evidence_path
from tracker.core.exceptions import Conflict, ValidationFailed
from tracker.core.forms import show_service_errors
from tracker.core.permissions import requires
from tracker.core.replicas import replica_reads
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import queries
from tracker.plans.filters import AssignmentFilters

bp = Blueprint("assignments", __name__)

TEMPLATE = "assignments/assignment.html"


def _assignment(assignment_id: int) -> Assignment:
    return db.session.get(Assignment, assignment_id) or abort(404)


def _back(assignment: Assignment) -> str:
    """Where a done post leads: the page it names in `next` (a queue, the task page) when that
    is a path of this site, else the assignment's page."""
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("assignments.show", assignment_id=assignment.id)


def _page_again(assignment: Assignment, name: str, form, status: int, **context):
    """The assignment's page after a refused post: that form as posted, its messages shown."""
    return render_template(
        TEMPLATE, **assignment_page_context(assignment, failed=(name, form), **context)
    ), status


def _refused(assignment: Assignment, name: str, form, error):
    if isinstance(error, Conflict):
        # The page now shows the other person's change; what was typed stays, made from it.
        if hasattr(form, "version"):
            form.version.data = str(assignment.version)
        message = _(
            "Someone else changed this task in the meantime; the page now shows their change. "
            "What you typed is kept below: check it and save again."
        )
        return _page_again(assignment, name, form, 409, message=message)
    fields = dict(error.fields)
    grouped = {key: str(fields.pop(key)) for key in getattr(form, "FIELDSETS", ()) if key in fields}
    placed_elsewhere = ValidationFailed(error.message, fields)
    unplaced = show_service_errors(form, placed_elsewhere, getattr(form, "SERVICE_FIELDS", {}))
    return _page_again(
        assignment, name, form, 422, form_messages=unplaced, fieldset_messages=grouped
    )


def _act(assignment: Assignment, name: str, form, action, done_message: str):
    """Run a service for a form post; a refusal shows the assignment's page again with the
    form as it was posted."""
    if not form.validate_on_submit():
        return _page_again(assignment, name, form, 422)
    on_failure(lambda error: _refused(assignment, name, form, error))
    action()
    flash(done_message, "info")
    return redirect(_back(assignment))


@bp.route("/assignments/<id:assignment_id>")
@requires("view")
def show(assignment_id: int):
    return render_template(TEMPLATE, **assignment_page_context(_assignment(assignment_id)))


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

    return _act(assignment, "update", form, action, _("Update saved."))


@bp.route("/assignments/<id:assignment_id>/confirm", methods=["POST"])
@requires("update_assignment")
def confirm(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = ConfirmForm()
    accept = form.decision.data == "accept"
    return _act(
        assignment,
        "confirm",
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
        "extension",
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
        "decide",
        form,
        lambda: extension_requests.decide_extension(
            current_user, extension, approve=approve, note=form.note.data or ""
        ),
        _("Extension approved.") if approve else _("Extension not approved."),
    )


@bp.route("/assignments/<id:assignment_id>/due-date", methods=["POST"])
@requires("manage_plans")
def change_due_date(assignment_id: int):
    assignment = _assignment(assignment_id)
    form = DueDateForm()
    return _act(
        assignment,
        "redate",
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
        "cancel",
        form,
        lambda: changes.cancel_assignment(
            current_user, assignment, form.reason.data, version=form.version_number()
        ),
        _("Assignment cancelled."),
    )


@bp.route("/my")
@replica_reads
@requires("view")
def my_unit():
    if current_user.unit is None:
        return redirect(url_for("plans.tasks"))
    # With the open work left with the units closed into it, which its people carry on.
    filters = AssignmentFilters(
        as_of=local_today(),
        unit=current_user.unit.code,
        inherited=True,
        per_page=200,
        sort="urgency",
    )
    rows, total = queries.list_assignments(filters)
    return render_template(
        "assignments/my_unit.html",
        rows=rows,
        total=total,
        unit=current_user.unit,
        today=filters.as_of,
        sent_back=standing_send_backs([a for a, _cls in rows]),
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
