"""Errors that services raise and every edge (page, API, CLI) presents the same way.

The message and each field's entry are Problems (core.problems): a stable code with its
parameters, put into words in the reader's language only when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem


class ServiceError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: Problem | str, fields: dict[str, Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(ServiceError):
    """Bad input; `fields` maps each field to what is wrong with it."""

    status = 422
    code = "validation_failed"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The row changed since the client read it (optimistic locking)."""

    status = 409
    code = "conflict"


def require(fields: dict[str, Problem]) -> None:
    """Raise ValidationFailed when any check failed; `fields` holds only the failures."""
    if fields:
        raise ValidationFailed(
            Problem(
                "invalid_fields",
                _l("Some fields are not valid: %(problems)s"),
                problems=list(fields.values()),
            ),
            fields,
        )
