"""The office's view of reminders: the delivery log, and đôn đốc to one unit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.hygiene import safe_next
from tracker.core.permissions import requires
from tracker.reminders import services
from tracker.reminders.models import DELIVERY_KINDS, DELIVERY_STATUSES
from tracker.units.services import get_unit

bp = Blueprint("reminder_log", __name__, url_prefix="/reminders")


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


@bp.route("/adhoc/<code>", methods=["GET", "POST"])
@requires("manage_plans")
def adhoc(code: str):
    unit = get_unit(code) or abort(404)
    if request.method == "POST":
        on_failure(
            lambda failed: render_template(
                "reminders/adhoc.html", unit=unit, error="; ".join(map(str, failed.fields.values()))
            )
        )
        _adhoc, new_ids = services.send_adhoc(current_user, unit, request.form.get("note", ""))
        services.enqueue(new_ids)
        flash(
            _("Reminder sent to %(n)d people of %(unit)s.", n=len(new_ids), unit=unit.short_name),
            "info",
        )
        return redirect(safe_next(request.form.get("next"), url_for("reminder_log.log")))
    return render_template("reminders/adhoc.html", unit=unit, error=None)
