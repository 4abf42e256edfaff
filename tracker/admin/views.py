from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.audit.services import recent_events
from tracker.core.permissions import requires
from tracker.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires("view_audit")
def users():
    rows = db.session.scalars(
        select(User).options(selectinload(User.unit)).order_by(User.role, User.email)
    )
    return render_template("admin/users.html", users=list(rows))


@bp.route("/audit")
@requires("view_audit")
def audit():
    action = request.args.get("action") or None
    return render_template("admin/audit.html", events=recent_events(action=action), action=action)
