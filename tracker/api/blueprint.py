"""The API blueprint: JSON errors, and CSRF for callers that use the browser session."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy.orm.exc import StaleDataError
from wtforms import ValidationError

from tracker.core.exceptions import ServiceError, ValidationFailed
from tracker.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def error_body(code: str, message: str, fields: dict | None = None):
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


@bp.before_request
def csrf_for_session_callers():
    # A bearer token is not sent by the browser on its own, so only session callers need it.
    if request.method in SAFE_METHODS or request.headers.get("Authorization"):
        return None
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except ValidationError as error:
        raise CSRFError(str(error)) from None
    return None


@bp.errorhandler(ServiceError)
def service_error(error: ServiceError):
    db.session.rollback()
    return jsonify(error_body(error.code, error.message, error.fields)), error.status


@bp.errorhandler(StaleDataError)
def stale_data(_error):
    # Two updates raced past the version check; the loser is refused like a stale version.
    db.session.rollback()
    body = error_body("conflict", "the assignment changed meanwhile; reload it and try again")
    return jsonify(body), 409


def json_body() -> dict:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the JSON parser goes; silent covers ValueError
        body = None
    if not isinstance(body, dict):
        raise ValidationFailed("the body must be a JSON object", {"body": "a JSON object"})
    return body
