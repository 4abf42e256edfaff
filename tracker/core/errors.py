"""The one error boundary: every refusal is answered here, as a page in the user's language or
as JSON under /api/, with the same status code either way.

Services raise ServiceError subclasses (not found, forbidden, conflict, validation); nothing
else translates them. A form page that wants a refused save shown on the form again, with what
was typed, says so beforehand with `on_failure(render)`; the handler calls it after rolling
back. A lost optimistic-lock race (StaleDataError at flush) is a Conflict like any other.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.core.exceptions import Conflict, Forbidden, ServiceError, ValidationFailed
from tracker.core.problems import Problem, changed_meanwhile
from tracker.extensions import db

FailurePage = Callable[[ServiceError], object]

LISTENERS = "tracker.forbidden_listeners"


def listen_for_forbidden(app: Flask, listener: Callable[[], None]) -> None:
    """Hear about every 403 (the audit log records them); domains connect here, so that core
    imports none of them."""
    app.extensions.setdefault(LISTENERS, []).append(listener)


def _tell_forbidden() -> None:
    for listener in current_app.extensions.get(LISTENERS, ()):
        listener()


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


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(code: str, message, fields: dict | None = None) -> dict:
    """The JSON of a refusal: `message` and each of `fields` as text in the language asked
    for (Accept-Language, Vietnamese by default), and `problems`: each field's stable code and
    parameters, the same in every language."""
    fields = fields or {}
    return {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {name: str(problem) for name, problem in fields.items()},
            "problems": {
                name: problem.as_json()
                if isinstance(problem, Problem)
                else {"code": "invalid", "params": {}}
                for name, problem in fields.items()
            },
        }
    }


def render_error(
    status: int, message: str | None = None, code: str | None = None, fields: dict | None = None
):
    message = str(message or _messages().get(status, _("Error")))
    if wants_json():
        return jsonify(error_body(code or str(status), message, fields)), status
    request_id = getattr(g, "request_id", None)
    return render_template(
        "errors/error.html",
        status=status,
        message=message,
        fields={name: str(problem) for name, problem in (fields or {}).items()},
        request_id=request_id,
    ), status


def on_failure(render: FailurePage) -> None:
    """If a service refuses this request with a validation error or a conflict, answer with
    `render(error)` (e.g. the form again, its fields marked) instead of an error page."""
    g.failure_page = render


def safe_rollback() -> None:
    """Roll back, even when the connection died under us (the pool replaces it)."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.registry.clear()


def answer_service_error(error: ServiceError):
    safe_rollback()
    if isinstance(error, Forbidden):
        _tell_forbidden()
    if wants_json():
        return jsonify(error_body(error.code, error.message, error.fields)), error.status
    failure_page = g.pop("failure_page", None)
    if failure_page is not None and isinstance(error, ValidationFailed | Conflict):
        response = current_app.make_response(failure_page(error))
        if not 300 <= response.status_code < 400:  # a flash-and-redirect stays a redirect
            response.status_code = error.status
        return response
    if error.status == 422:
        return render_error(error.status, fields=error.fields)
    # A refusal that says why (not your unit, only the office …) says it on the page too.
    said = error.message if isinstance(error.message, Problem) else None
    return render_error(error.status, said)


def init_app(app: Flask) -> None:
    app.register_error_handler(ServiceError, answer_service_error)

    @app.errorhandler(StaleDataError)
    def stale_data(_error):
        # Two saves raced past the version check; the loser is refused like a stale version.
        return answer_service_error(Conflict(changed_meanwhile()))

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
            safe_rollback()
            _tell_forbidden()
        description = getattr(error, "user_message", None)
        response = app.make_response(render_error(error.code or 500, description))
        # The exception's own headers, e.g. the Allow of a 405 that HTTP requires.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    @app.teardown_appcontext
    def remove_session_even_if_connection_died(_exc):
        # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run
        # in reverse): a connection killed under us (pg_terminate_backend, a failover) makes
        # the session's close raise, which would escape the app as the server's bare 500.
        try:
            db.session.remove()
        except DBAPIError:
            db.session.registry.clear()

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
        safe_rollback()
        return render_error(500)
