"""Error pages in the user's language, JSON under /api/, and 403s written to the audit log."""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker.extensions import db


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Please log in."),
        403: _("You do not have permission to do this."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        409: _("Someone else changed this in the meantime. Reload and try again."),
        413: _("The file is too large."),
        422: _("Some fields are not valid."),
        429: _("Too many attempts. Try again later."),
        500: _("Something went wrong on our side. The error has been logged."),
    }


def render_error(status: int, message: str | None = None, code: str | None = None):
    message = message or _messages().get(status, _("Error"))
    if request.path.startswith("/api/"):
        body = {"error": {"code": code or str(status), "message": message, "fields": {}}}
        return jsonify(body), status
    request_id = getattr(g, "request_id", None)
    return render_template(
        "errors/error.html", status=status, message=message, request_id=request_id
    ), status


def record_forbidden() -> None:
    from tracker.audit.services import record

    db.session.rollback()
    record(
        "forbidden",
        actor=current_user if current_user.is_authenticated else None,
        method=request.method,
        path=request.path,
    )
    db.session.commit()


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _("The form expired or is missing its security token. Reload the page and try again."),
            "csrf",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 403:
            record_forbidden()
        response = app.make_response(render_error(error.code or 500))
        # The exception's own headers, e.g. the Allow of a 405 that HTTP requires.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    if app.testing:
        return  # let tests see the traceback

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception(
            "unhandled error on %s %s",
            request.method,
            request.path,
            extra={"fields": {"request_id": getattr(g, "request_id", None)}},
        )
        db.session.rollback()
        return render_error(500)
