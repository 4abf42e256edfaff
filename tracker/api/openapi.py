"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from flask import jsonify

from tracker.api.blueprint import bp
from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import ASSIGNMENT_ROLES as ROLES
from tracker.assignments.models import STATES
from tracker.assignments.workflow import REPORTABLE_STATES
from tracker.core.db import MAX_INTEGER, MIN_INTEGER
from tracker.core.permissions import public
from tracker.feeds.models import SCOPES
from tracker.plans.areas import AREA_CODES
from tracker.plans.filters import MAX_PER_PAGE, SORTS
from tracker.plans.models import RECURRENCES
from tracker.status.services import CLASSES as STATUS_CLASSES
from tracker.status.services import SORT_KEYS
from tracker.units.models import UNIT_KINDS

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}
INSTANT = {"type": "string", "format": "date-time"}
STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
INTEGER = {"type": "integer"}
STRINGS = {"type": "array", "items": STRING}
UNIT_KIND = {"type": "string", "enum": list(UNIT_KINDS)}
# Every integer the API takes is stored in or compared with an integer column.
ROW_ID = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
VERSION = {"type": "integer", "minimum": MIN_INTEGER, "maximum": MAX_INTEGER}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def answer(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    """An object the API answers with: every key always present unless named optional, and no
    other key (so a field the serializers add without describing it here fails the fuzz test)."""
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


def json_response(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": json_response(
        ref("Error"), "A browser-session caller's write without a valid X-CSRFToken header"
    ),
    "401": json_response(ref("Error"), "Not logged in and no valid token"),
    "403": json_response(ref("Error"), "Not allowed"),
    "404": json_response(ref("Error"), "Not found (also an id beyond the integer range)"),
    "409": json_response(ref("Error"), "Stale version: the row changed meanwhile"),
    "413": json_response(ref("Error"), "The body is larger than the server takes"),
    "422": json_response(ref("Error"), "Invalid input; error.fields names each field"),
}


def errors(*codes: str) -> dict:
    return {code: ERRORS[code] for code in codes}


# Every write: CSRF for session callers, the login, the role, the row, the size, the input.
WRITE_ERRORS = errors("400", "401", "403", "404", "413", "422")


def created(schema: dict, **links: dict) -> dict:
    """A 201 and the operations its answer's ids lead to (OpenAPI links)."""
    response = json_response(schema, "Created")
    response["links"] = {
        operation: {"operationId": operation, "parameters": parameters}
        for operation, parameters in links.items()
    }
    return response


ASSIGNMENT_OPERATIONS = (
    "changeAssignment",
    "reportProgress",
    "requestExtension",
    "confirmCompletion",
)


def body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ROW_ID}


def query(name: str, schema: dict, description: str = "") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


NULLABLE_RATE = {"type": "number", "nullable": True, "minimum": 0, "maximum": 1}
FIGURES = {
    "total": INTEGER,
    **{name: INTEGER for name in STATUS_CLASSES},
    "completion_rate": NULLABLE_RATE,
    "on_time_rate": NULLABLE_RATE,
    "score": {"type": "number", "nullable": True, "description": "null: nothing was due yet"},
}

CALENDAR_FEED = {
    "id": INTEGER,
    "name": STRING,
    "scope": {"type": "string", "enum": list(SCOPES)},
    "unit": {"type": "string", "nullable": True, "description": "unit code"},
    "plan": {"type": "string", "nullable": True, "description": "plan code"},
    "include_done": {"type": "boolean"},
    "include_cooperating": {"type": "boolean"},
    "created_at": INSTANT,
    "last_used_at": {**INSTANT, "nullable": True},
    "revoked_at": {**INSTANT, "nullable": True},
}

SCHEMAS = {
    "Error": answer(
        {
            "error": answer(
                {
                    "code": STRING,
                    "message": STRING,
                    "fields": {"type": "object", "additionalProperties": STRING},
                }
            )
        }
    ),
    "Unit": answer(
        {
            "code": STRING,
            "name": STRING,
            "short_name": STRING,
            "kind": UNIT_KIND,
            "parent_code": NULLABLE_STRING,
            "aliases": STRINGS,
            "valid_from": NULLABLE_DATE,
            "valid_to": NULLABLE_DATE,
        }
    ),
    "UnitGroup": answer(
        {"code": STRING, "name": STRING, "aliases": STRINGS, "unit_codes": STRINGS}
    ),
    "Plan": answer(
        {
            "id": INTEGER,
            "code": STRING,
            "title": STRING,
            "year": INTEGER,
            "quarter": {"type": "integer", "nullable": True, "minimum": 1, "maximum": 4},
            "issued_on": NULLABLE_DATE,
            "issuing_body": STRING,
        }
    ),
    "Assignment": answer(
        {
            "id": INTEGER,
            "task": answer(
                {
                    "id": INTEGER,
                    "number": STRING,
                    "title": STRING,
                    "plan_code": STRING,
                    "area": {"type": "string", "nullable": True, "enum": [*AREA_CODES, None]},
                }
            ),
            "unit_code": STRING,
            "unit_name": STRING,
            "role": {"type": "string", "enum": list(ROLES)},
            "due_date": NULLABLE_DATE,
            "original_due_date": NULLABLE_DATE,
            "state": {"type": "string", "enum": list(STATES)},
            "deadline_class": {"type": "string", "enum": list(DEADLINE_CLASSES)},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "completed_on": NULLABLE_DATE,
            "evidence": answer(
                {
                    "document_number": NULLABLE_STRING,
                    "document_date": NULLABLE_DATE,
                    "url": NULLABLE_STRING,
                }
            ),
            "version": INTEGER,
        }
    ),
    "Task": answer(
        {
            "id": INTEGER,
            "plan_code": STRING,
            "number": STRING,
            "title": STRING,
            "description": STRING,
            "expected_output": STRING,
            "area": {"type": "string", "nullable": True, "enum": [*AREA_CODES, None]},
            "section_id": {"type": "integer", "nullable": True},
            "start_date": NULLABLE_DATE,
            "due_date": NULLABLE_DATE,
            "recurrence": {"type": "string", "nullable": True, "enum": [*RECURRENCES, None]},
            "deadline_text": STRING,
            "needs_confirmation": {"type": "boolean"},
            "cancelled_on": NULLABLE_DATE,
            "assignments": {"type": "array", "items": ref("Assignment")},
        }
    ),
    "ExtensionRequest": answer(
        {
            "id": INTEGER,
            "assignment_id": INTEGER,
            "requested_date": DATE,
            "reason": STRING,
            "decision": {"type": "string", "enum": ["pending", "approved", "rejected"]},
            "decided_on": NULLABLE_DATE,
            "decision_note": STRING,
        }
    ),
    "CalendarFeed": answer(CALENDAR_FEED),
    # The answer to a creation: the feed and, this once, its secret URL.
    "CreatedCalendarFeed": answer(CALENDAR_FEED | {"url": {"type": "string", "format": "uri"}}),
    "UnitFigures": answer({"unit_code": STRING, "unit_name": STRING, "kind": UNIT_KIND, **FIGURES}),
    "Figures": answer(FIGURES),
}


def items_of(name: str) -> dict:
    return answer({"items": {"type": "array", "items": ref(name)}})


PATHS = {
    "/units": {
        "get": {
            "operationId": "listUnits",
            "summary": "Units",
            "responses": {"200": json_response(items_of("Unit")), **errors("401")},
        }
    },
    "/unit-groups": {
        "get": {
            "operationId": "listUnitGroups",
            "summary": "Unit groups",
            "responses": {"200": json_response(items_of("UnitGroup")), **errors("401")},
        }
    },
    "/plans": {
        "get": {
            "operationId": "listPlans",
            "summary": "Plans",
            "responses": {"200": json_response(items_of("Plan")), **errors("401")},
        }
    },
    "/tasks": {
        "post": {
            "operationId": "createTask",
            "summary": "Create a task and its assignments (office)",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["plan_code", "number", "title", "lead_units"],
                    "properties": {
                        "plan_code": {"type": "string", "minLength": 1},
                        "number": {"type": "string", "minLength": 1, "maxLength": 20},
                        "title": {"type": "string", "minLength": 1, "maxLength": 5000},
                        "lead_units": {
                            "type": "array",
                            "items": STRING,
                            "minItems": 1,
                            "description": "unit codes or group names/codes",
                        },
                        "cooperating_units": STRINGS,
                        "due_date": DATE,
                        "recurrence": {"type": "string", "enum": list(RECURRENCES)},
                        "deadline_text": {"type": "string", "maxLength": 200},
                        "expected_output": STRING,
                        "description": STRING,
                        "area": {"type": "string", "enum": list(AREA_CODES)},
                        "section_id": ROW_ID,
                        "needs_confirmation": {"type": "boolean"},
                    },
                }
            ),
            "responses": {
                "201": created(
                    ref("Task"),
                    getTask={"task_id": "$response.body#/id"},
                    **{
                        operation: {"assignment_id": "$response.body#/assignments/0/id"}
                        for operation in ASSIGNMENT_OPERATIONS
                    },
                ),
                **WRITE_ERRORS,
            },
        }
    },
    "/tasks/{task_id}": {
        "get": {
            "operationId": "getTask",
            "summary": "A task with every assignment",
            "parameters": [id_param("task_id")],
            "responses": {"200": json_response(ref("Task")), **errors("401", "404")},
        }
    },
    "/assignments": {
        "get": {
            "operationId": "listAssignments",
            "summary": "Assignments, filtered and paginated",
            "parameters": [
                query("plan", STRING),
                query("unit", STRING),
                query("role", {"type": "string", "enum": list(ROLES)}),
                query("state", {"type": "string", "enum": list(STATES)}),
                query("deadline_class", {"type": "string", "enum": list(DEADLINE_CLASSES)}),
                query("due_from", DATE),
                query("due_to", DATE),
                query("as_of", DATE, "the date the deadline class is computed for (today)"),
                query("q", STRING, "text in the title or number"),
                query("area", {"type": "string", "enum": list(AREA_CODES)}),
                query("section", ROW_ID, "a section id"),
                query("unit_kind", UNIT_KIND),
                query("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
                query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
                query("sort", {"type": "string", "enum": list(SORTS)}),
            ],
            "responses": {
                "200": json_response(
                    answer(
                        {
                            "items": {"type": "array", "items": ref("Assignment")},
                            "total": INTEGER,
                            "page": INTEGER,
                            "per_page": INTEGER,
                            "as_of": DATE,
                        }
                    )
                ),
                **errors("401", "422"),
            },
        }
    },
    "/assignments/{assignment_id}": {
        "patch": {
            "operationId": "changeAssignment",
            "summary": "Change the due date (with a reason), cancel, or both at once (office)",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "properties": {
                        "due_date": DATE,
                        "reason": {"type": "string", "minLength": 1, "maxLength": 2000},
                        "state": {"type": "string", "enum": ["cancelled"]},
                        "version": VERSION,
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                **WRITE_ERRORS,
                **errors("409"),
            },
        }
    },
    "/assignments/{assignment_id}/updates": {
        "post": {
            "operationId": "reportProgress",
            "summary": "A unit's progress report",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["state", "version"],
                    "properties": {
                        "state": {"type": "string", "enum": list(REPORTABLE_STATES)},
                        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                        "note": {"type": "string", "maxLength": 5000},
                        "evidence": {
                            "type": "object",
                            "properties": {
                                "document_number": {"type": "string", "maxLength": 100},
                                "document_date": DATE,
                                "url": {"type": "string", "maxLength": 1000},
                            },
                        },
                        "version": VERSION,
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                **WRITE_ERRORS,
                **errors("409"),
            },
        }
    },
    "/assignments/{assignment_id}/extension-requests": {
        "post": {
            "operationId": "requestExtension",
            "summary": "Ask for a later due date, before the due date",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["due_date", "reason"],
                    "properties": {
                        "due_date": DATE,
                        "reason": {"type": "string", "minLength": 1, "maxLength": 2000},
                    },
                }
            ),
            "responses": {
                "201": created(
                    ref("ExtensionRequest"), decideExtension={"request_id": "$response.body#/id"}
                ),
                **WRITE_ERRORS,
            },
        }
    },
    "/extension-requests/{request_id}/decision": {
        "post": {
            "operationId": "decideExtension",
            "summary": "Approve or reject an extension request (office)",
            "parameters": [id_param("request_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["approve"],
                    "properties": {"approve": {"type": "boolean"}, "note": STRING},
                }
            ),
            "responses": {
                "200": json_response(ref("ExtensionRequest")),
                **WRITE_ERRORS,
                # Approving moves the assignment's due date, which a concurrent update may race.
                **errors("409"),
            },
        }
    },
    "/assignments/{assignment_id}/confirmation": {
        "post": {
            "operationId": "confirmCompletion",
            "summary": "Confirm a reported completion or send it back (office)",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["accept"],
                    "properties": {
                        "accept": {"type": "boolean"},
                        "note": STRING,
                        "version": VERSION,
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                **WRITE_ERRORS,
                **errors("409"),
            },
        }
    },
    "/status/units": {
        "get": {
            "operationId": "statusByUnit",
            "summary": "Figures per unit (lead assignments), as the status page shows them",
            "parameters": [
                query("plan", STRING),
                query("area", {"type": "string", "enum": list(AREA_CODES)}),
                query("period", STRING, "2021, 2021-Q3 or dd/mm/yyyy..dd/mm/yyyy"),
                query("unit_kind", UNIT_KIND),
                query("as_of", DATE),
                query("order", {"type": "string", "enum": list(SORT_KEYS)}),
                query("desc", {"type": "string", "enum": ["1"]}),
            ],
            "responses": {
                "200": json_response(
                    answer(
                        {
                            "as_of": DATE,
                            "filters": answer(
                                {
                                    "plan": NULLABLE_STRING,
                                    "area": NULLABLE_STRING,
                                    "period": NULLABLE_STRING,
                                    "unit_kind": NULLABLE_STRING,
                                }
                            ),
                            "units": {"type": "array", "items": ref("UnitFigures")},
                            "subtotals": {
                                "type": "object",
                                "description": "by unit kind, for the kinds with units",
                                "properties": {kind: ref("Figures") for kind in UNIT_KINDS},
                                "additionalProperties": False,
                            },
                            "totals": ref("Figures"),
                        }
                    )
                ),
                **errors("401", "422"),
            },
        }
    },
    "/feeds": {
        "get": {
            "operationId": "listFeeds",
            "summary": "The caller's calendar feeds (without their URLs)",
            "responses": {"200": json_response(items_of("CalendarFeed")), **errors("401")},
        },
        "post": {
            "operationId": "createFeed",
            "summary": "Create an iCalendar feed; its secret URL is in this answer only",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["scope"],
                    "properties": {
                        "scope": {
                            "type": "string",
                            "enum": list(SCOPES),
                            "description": "mine: the caller's unit, followed if it changes",
                        },
                        "unit": {"type": "string", "description": "unit code, for scope unit"},
                        "plan": {"type": "string", "description": "plan code, for scope plan"},
                        "name": {"type": "string", "maxLength": 100},
                        "include_done": {"type": "boolean"},
                        "include_cooperating": {"type": "boolean"},
                    },
                }
            ),
            "responses": {
                "201": created(
                    ref("CreatedCalendarFeed"), revokeFeed={"feed_id": "$response.body#/id"}
                ),
                **errors("400", "401", "403", "413", "422"),
            },
        },
    },
    "/feeds/{feed_id}": {
        "delete": {
            "operationId": "revokeFeed",
            "summary": "Revoke one of the caller's feeds: its URL answers 404 from now on",
            "parameters": [id_param("feed_id")],
            "responses": {
                "204": {"description": "Revoked"},
                **errors("400", "401", "404"),
            },
        }
    },
}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Reform-plan tracker API",
            "version": "1.0.0",
            "description": "Tasks and deadlines of a provincial administrative-reform "
            "plan. Authenticate with `Authorization: Bearer <token>` "
            "(create one on your profile page) or the browser session "
            "(then send X-CSRFToken on writes).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": PATHS,
    }


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(openapi_document())
