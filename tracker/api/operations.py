"""What each API route is, for /api/v1/openapi.json: its body, its query, its answers and
refusals, and the routes its answer leads to. A view says it once, with @operation; the views
themselves read their bodies with bodies.read_body and answer with answers.answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from tracker.api.answers import Answer
from tracker.api.bodies import Body

# The refusals a route may answer with, each as an answers.Error.
REFUSALS = {
    400: "A browser-session caller's write without a valid X-CSRFToken header",
    401: "Not logged in and no valid token",
    403: "Not allowed",
    404: "Not found (also an id beyond the integer range)",
    409: "Stale version: the row changed meanwhile",
    413: "The body is larger than the server takes",
    422: "Invalid input; error.fields names each field",
}
# Every write: CSRF for session callers, the login, the role, the row, the size, the input.
WRITE_REFUSALS = (400, 401, 403, 404, 413, 422)


class FormFields(BaseModel):
    """The fields of a multipart/form-data body (a file upload), for the document only: each
    field is one part. Never instantiated: the route reads request.files and request.form."""


class QueryParameters(BaseModel):
    """The query parameters of a route, for the document only: each field is one optional
    parameter (its type and limits the schema's). Never instantiated: the routes read their
    queries with the parsers they share with the pages (tracker.plans.filters)."""


@dataclass(frozen=True)
class FileAnswer:
    """An answer that is a file, not JSON (a report's .docx): its media type for the document."""

    media_type: str
    description: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    summary: str
    # status → the answer's model, a FileAnswer, or None for an answer without a body (204)
    answers: dict[int, type[Answer] | FileAnswer | None]
    refusals: tuple[int, ...]
    body: type[Body] | None = None
    query: type[QueryParameters] | None = None
    form: type[FormFields] | None = None  # a multipart body instead of a JSON one
    # OpenAPI links of the success answer: operationId → {parameter: runtime expression}.
    # The fuzz test's stateful phase follows them (create a task, then report on it).
    links: dict[str, dict[str, str]] = field(default_factory=dict)


OPERATION_ATTRIBUTE = "api_operation"


def operation(
    operation_id: str,
    summary: str,
    *,
    answers: dict[int, type[Answer] | FileAnswer | None],
    refusals: tuple[int, ...],
    body: type[Body] | None = None,
    query: type[QueryParameters] | None = None,
    links: dict[str, dict[str, str]] | None = None,
    form: type[FormFields] | None = None,
) -> Callable:
    described = Operation(
        operation_id, summary, answers, refusals, body, query, form=form, links=links or {}
    )

    def mark(view: Callable) -> Callable:
        setattr(view, OPERATION_ATTRIBUTE, described)
        return view

    return mark


def operation_of(endpoint: str, view: Callable) -> Operation:
    described = getattr(view, OPERATION_ATTRIBUTE, None)
    if described is None:
        raise LookupError(f"the API route {endpoint} has no @operation")
    return described
