from flask import Blueprint, jsonify

from tracker.core.permissions import public
from tracker.health.services import health

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    checks, healthy = health()
    return jsonify({"status": "ok" if healthy else "down", **checks}), 200 if healthy else 503
