"""The office's view of reminders: the delivery log, and đôn đốc to one unit (a preview of who
receives which tasks, then the send)."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.exceptions import Conflict
from tracker.core.hygiene import safe_next
from tracker.core.permissions import requires
from tracker.plans.filters import parse_assignment_filters
from tracker.reminders import adhoc, services
from tracker.reminders.models import DELIVERY_KINDS, DELIVERY_STATUSES
from tracker.units.services import get_unit

bp = Blueprint("reminder_log", __name__, url_prefix="/reminders")

SCOPE_ARGS = ("plan", "area", "period", "checkpoint", "as_of")


@bp.route("/log")
@requires("view_audit")
def log():
    status = request.args.get("status") if request.args.get("status") in DELIVERY_STATUSES else None
    kind = request.args.get("kind") if request.args.get("kind") in DELIVERY_KINDS else None
    return render_template(
        "reminders/log.html",
        deliveries=services.delivery_log(status, kind),
        status=status,
        kind=kind,
        statuses=DELIVERY_STATUSES,
        kinds=DELIVERY_KINDS,
    )


def _scope(values) -> adhoc.AdhocScope:
    """The status page's plan, area, period and day, as its link (or the preview's form) gives
    them; none: the unit's tasks overdue or due soon today."""
    return adhoc.AdhocScope.of(parse_assignment_filters({k: values.get(k) for k in SCOPE_ARGS}))


def _preview_page(unit, scope, note: str, send_key: str, next_url: str, error=None):
    preview = adhoc.preview_adhoc(current_user, unit, scope)
    return render_template(
        "reminders/adhoc.html",
        preview=preview,
        scope_parts=adhoc.scope_parts(scope.args()),
        note=note,
        send_key=send_key,
        next_url=next_url,
        error_fields={k: str(v) for k, v in (error.fields if error else {}).items()},
    )


@bp.get("/adhoc/<code>", endpoint="adhoc")
@requires("manage_plans")
def adhoc_preview(code: str):
    unit = get_unit(code) or abort(404)
    back = safe_next(request.args.get("next"), url_for("status.status_page"))
    return _preview_page(unit, _scope(request.args), "", secrets.token_urlsafe(24), back)


@bp.post("/adhoc/<code>")
@requires("manage_plans")
def adhoc_send(code: str):
    unit = get_unit(code) or abort(404)
    back = safe_next(request.form.get("next"), url_for("reminder_log.log"))
    scope = _scope(request.form)
    note = request.form.get("note", "")
    send_key = request.form.get("send_key", "")

    def refused(error):
        if isinstance(error, Conflict):  # this preview was sent already (a second click)
            flash(str(error.message), "info")
            return redirect(back)
        return _preview_page(unit, scope, note, send_key, back, error)

    on_failure(refused)
    _sent, new_ids = adhoc.send_adhoc(current_user, unit, note, scope, send_key)
    services.enqueue(new_ids)
    flash(
        _("Reminder sent to %(n)d people of %(unit)s.", n=len(new_ids), unit=unit.short_name),
        "info",
    )
    return redirect(back)
