"""Errors that services raise and every edge (page, API, CLI) presents the same way."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


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


def require(fields: dict[str, str]) -> None:
    """Raise ValidationFailed when any check failed; `fields` holds only the failures."""
    if fields:
        raise ValidationFailed("; ".join(f"{k}: {v}" for k, v in fields.items()), fields)
