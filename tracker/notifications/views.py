"""The page "Notifications": what happened to the unit's work, newest first; marking read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.core.permissions import requires
from tracker.notifications import services
from tracker.notifications.models import NOTICE_KIND_LABELS

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("")
@requires("view")
def index():
    page = request.args.get("page", 1, type=int) or 1
    rows, total = services.notifications_of(current_user, page)
    return render_template(
        "notifications/index.html",
        rows=rows,
        total=total,
        page=page,
        per_page=services.PER_PAGE,
        labels=NOTICE_KIND_LABELS,
        sentence=services.sentence,
        note_label=services.note_label,
    )


@bp.route("/<id:notification_id>/read", methods=["POST"])
@requires("view")
def read(notification_id: int):
    services.mark_read(current_user, notification_id)
    return redirect(url_for("notifications.index") + f"#n{notification_id}")


@bp.route("/read", methods=["POST"])
@requires("view")
def read_all():
    services.mark_read(current_user)
    return redirect(url_for("notifications.index"))
