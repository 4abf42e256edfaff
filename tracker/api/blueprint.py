"""The API blueprint: CSRF for callers that use the browser session, and the JSON body reader.
Errors are answered by the app-wide boundary (tracker/core/errors.py) as JSON here."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from tracker.core.exceptions import require
from tracker.core.problems import Problem
from tracker.core.tokens import bearer_token
from tracker.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@bp.before_request
def csrf_for_session_callers():
    # A bearer request never uses the cookie session (see accounts.views.load_user), and a
    # browser does not add a bearer token on its own; every other caller is a cookie session
    # and must show the CSRF header, whatever other Authorization scheme it sends.
    if request.method in SAFE_METHODS or bearer_token(request) is not None:
        return None
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except ValidationError as error:
        raise CSRFError(str(error)) from None
    return None


def json_body() -> dict:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the JSON parser goes; silent covers ValueError
        body = None
    if not isinstance(body, dict):
        require(
            {"body": Problem("json_object", _l("Send a JSON object as the body of the request."))}
        )
    return body
