"""The administrator's and the office's logs (the people pages are tracker/people)."""

from flask import Blueprint, render_template, request

from tracker.audit.services import recent_events
from tracker.core.permissions import requires

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/audit")
@requires("view_audit")
def audit():
    action = request.args.get("action") or None
    return render_template("admin/audit.html", events=recent_events(action=action), action=action)
