"""The office's queues: "Awaiting confirmation" and "Extension requests", each row with its
decision. A refused decision shows the queue again: the reason next to the row, or, when
someone else acted first, a message above an up-to-date queue."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.exceptions import Conflict
from tracker.core.permissions import requires
from tracker.queues import services
from tracker.queues.forms import CompletionDecisionForm, ExtensionDecisionForm

bp = Blueprint("queues", __name__, url_prefix="/queues")


def _page(template: str, rows, keys, *, key=None, error=None, fields=None, typed=None, status=200):
    """The queue; after a refusal about row `key`, its problems next to it, or the lost race
    named above the queue when that row is gone or changed meanwhile."""
    message = None
    errors = {}
    if error is not None and (isinstance(error, Conflict) or key not in keys):
        message = _(
            "Someone else has just decided on this or changed it: the queue below is up to "
            "date. Check the row again before deciding."
        )
        if not isinstance(error, Conflict):
            message += " " + "; ".join(map(str, error.fields.values()))
    elif error is not None or fields:
        errors[key] = fields or {name: str(problem) for name, problem in error.fields.items()}
    return render_template(
        template, rows=rows, errors=errors, typed=typed or {}, message=message
    ), status


def _form_errors(form) -> dict[str, str]:
    return {name: "; ".join(map(str, problems)) for name, problems in form.errors.items()}


def _named(assignment) -> dict[str, str]:
    task = assignment.task
    return {"task": f"{task.plan.code} · {assignment.numbered}", "unit": assignment.unit.short_name}


def _confirmations(**refusal):
    rows = services.confirmation_queue()
    keys = {row.assignment.id for row in rows}
    return _page("queues/confirmations.html", rows, keys, **refusal)


def _extensions(**refusal):
    rows = services.extension_queue()
    keys = {row.request.id for row in rows}
    return _page("queues/extensions.html", rows, keys, **refusal)


@bp.route("/confirmations")
@requires("manage_plans")
def confirmations():
    return _confirmations()


@bp.route("/confirmations/<id:assignment_id>", methods=["POST"])
@requires("manage_plans")
def decide_completion(assignment_id: int):
    form = CompletionDecisionForm()
    typed = {assignment_id: {"note": form.note.data or ""}}
    if not form.validate_on_submit():
        return _confirmations(key=assignment_id, fields=_form_errors(form), typed=typed, status=422)
    on_failure(lambda error: _confirmations(key=assignment_id, error=error, typed=typed))
    accept = form.decision.data == "accept"
    assignment = services.decide_completion(
        current_user,
        assignment_id,
        accept=accept,
        note=form.note.data or "",
        version=form.version_number(),
    )
    named = _named(assignment)
    if accept:
        flash(_("Completion confirmed: %(task)s, %(unit)s.", **named), "info")
    else:
        flash(_("Sent back to the unit: %(task)s, %(unit)s.", **named), "info")
    return redirect(url_for("queues.confirmations"))


@bp.route("/extensions")
@requires("manage_plans")
def extensions():
    return _extensions()


@bp.route("/extensions/<id:request_id>", methods=["POST"])
@requires("manage_plans")
def decide_extension(request_id: int):
    form = ExtensionDecisionForm()
    typed = {request_id: {"note": form.note.data or ""}}
    if not form.validate_on_submit():
        return _extensions(key=request_id, fields=_form_errors(form), typed=typed, status=422)
    on_failure(lambda error: _extensions(key=request_id, error=error, typed=typed))
    approve = form.decision.data == "approve"
    extension = services.decide_extension(
        current_user,
        request_id,
        approve=approve,
        note=form.note.data or "",
        version=form.version_number(),
    )
    named = _named(extension.assignment)
    if approve:
        flash(_("Extension approved: %(task)s, %(unit)s.", **named), "info")
    else:
        flash(_("Extension rejected: %(task)s, %(unit)s.", **named), "info")
    return redirect(url_for("queues.extensions"))
