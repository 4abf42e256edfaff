"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from flask import jsonify

from tracker.api.blueprint import bp
from tracker.core.permissions import public
from tracker.plans.areas import AREA_CODES
from tracker.plans.models import ROLES, STATES
from tracker.status.deadlines import DEADLINE_CLASSES

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "401": json_response(ref("Error"), "Not logged in and no valid token"),
    "403": json_response(ref("Error"), "Not allowed"),
    "404": json_response(ref("Error"), "Not found"),
    "422": json_response(ref("Error"), "Invalid input; error.fields names each field"),
}


def body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def query(name: str, schema: dict, description: str = "") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            }
        },
    },
    "Unit": {
        "type": "object",
        "required": ["code", "name", "short_name", "kind", "parent_code", "aliases"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "short_name": {"type": "string"},
            "kind": {"type": "string", "enum": ["office", "department", "district", "commune"]},
            "parent_code": {"type": "string", "nullable": True},
            "aliases": {"type": "array", "items": {"type": "string"}},
            "valid_from": NULLABLE_DATE,
            "valid_to": NULLABLE_DATE,
        },
    },
    "UnitGroup": {
        "type": "object",
        "required": ["code", "name", "unit_codes"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "aliases": {"type": "array", "items": {"type": "string"}},
            "unit_codes": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Plan": {
        "type": "object",
        "required": ["id", "code", "title", "year"],
        "properties": {
            "id": {"type": "integer"},
            "code": {"type": "string"},
            "title": {"type": "string"},
            "year": {"type": "integer"},
            "quarter": {"type": "integer", "nullable": True},
            "issued_on": NULLABLE_DATE,
            "issuing_body": {"type": "string"},
        },
    },
    "Assignment": {
        "type": "object",
        "required": [
            "id",
            "task",
            "unit_code",
            "role",
            "due_date",
            "original_due_date",
            "state",
            "deadline_class",
            "progress",
            "completed_on",
            "version",
        ],
        "properties": {
            "id": {"type": "integer"},
            "task": {
                "type": "object",
                "required": ["id", "number", "title", "plan_code", "area"],
                "properties": {
                    "id": {"type": "integer"},
                    "number": {"type": "string"},
                    "title": {"type": "string"},
                    "plan_code": {"type": "string"},
                    "area": {"type": "string", "nullable": True, "enum": [*AREA_CODES, None]},
                },
            },
            "unit_code": {"type": "string"},
            "unit_name": {"type": "string"},
            "role": {"type": "string", "enum": list(ROLES)},
            "due_date": NULLABLE_DATE,
            "original_due_date": NULLABLE_DATE,
            "state": {"type": "string", "enum": list(STATES)},
            "deadline_class": {"type": "string", "enum": list(DEADLINE_CLASSES)},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "completed_on": NULLABLE_DATE,
            "evidence": {
                "type": "object",
                "properties": {
                    "document_number": {"type": "string", "nullable": True},
                    "document_date": NULLABLE_DATE,
                    "url": {"type": "string", "nullable": True},
                },
            },
            "version": {"type": "integer"},
        },
    },
    "Task": {
        "type": "object",
        "required": ["id", "plan_code", "number", "title", "assignments"],
        "properties": {
            "id": {"type": "integer"},
            "plan_code": {"type": "string"},
            "number": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "expected_output": {"type": "string"},
            "area": {"type": "string", "nullable": True},
            "section_id": {"type": "integer", "nullable": True},
            "start_date": NULLABLE_DATE,
            "due_date": NULLABLE_DATE,
            "recurrence": {
                "type": "string",
                "nullable": True,
                "enum": ["continuous", "quarterly", None],
            },
            "deadline_text": {"type": "string"},
            "needs_confirmation": {"type": "boolean"},
            "cancelled_on": NULLABLE_DATE,
            "assignments": {"type": "array", "items": ref("Assignment")},
        },
    },
    "ExtensionRequest": {
        "type": "object",
        "required": ["id", "assignment_id", "requested_date", "reason", "decision"],
        "properties": {
            "id": {"type": "integer"},
            "assignment_id": {"type": "integer"},
            "requested_date": DATE,
            "reason": {"type": "string"},
            "decision": {"type": "string", "enum": ["pending", "approved", "rejected"]},
            "decided_on": NULLABLE_DATE,
            "decision_note": {"type": "string"},
        },
    },
    "CalendarFeed": {
        "type": "object",
        "required": ["id", "name", "scope", "include_done", "include_cooperating", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "scope": {"type": "string", "enum": ["mine", "unit", "plan"]},
            "unit": {"type": "string", "nullable": True, "description": "unit code"},
            "plan": {"type": "string", "nullable": True, "description": "plan code"},
            "include_done": {"type": "boolean"},
            "include_cooperating": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"},
            "last_used_at": {"type": "string", "format": "date-time", "nullable": True},
            "revoked_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
}


def items_of(name: str) -> dict:
    return {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref(name)}},
    }


PATHS = {
    "/units": {
        "get": {
            "summary": "Units",
            "responses": {"200": json_response(items_of("Unit")), "401": ERRORS["401"]},
        }
    },
    "/unit-groups": {
        "get": {
            "summary": "Unit groups",
            "responses": {"200": json_response(items_of("UnitGroup")), "401": ERRORS["401"]},
        }
    },
    "/plans": {
        "get": {
            "summary": "Plans",
            "responses": {"200": json_response(items_of("Plan")), "401": ERRORS["401"]},
        }
    },
    "/tasks": {
        "post": {
            "summary": "Create a task and its assignments (office)",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["plan_code", "number", "title", "lead_units"],
                    "properties": {
                        "plan_code": {"type": "string"},
                        "number": {"type": "string"},
                        "title": {"type": "string"},
                        "lead_units": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "unit codes or group names/codes",
                        },
                        "cooperating_units": {"type": "array", "items": {"type": "string"}},
                        "due_date": DATE,
                        "recurrence": {"type": "string", "enum": ["continuous", "quarterly"]},
                        "deadline_text": {"type": "string"},
                        "expected_output": {"type": "string"},
                        "description": {"type": "string"},
                        "area": {"type": "string", "enum": list(AREA_CODES)},
                        "section_id": {"type": "integer"},
                        "needs_confirmation": {"type": "boolean"},
                    },
                }
            ),
            "responses": {"201": json_response(ref("Task"), "Created"), **ERRORS},
        }
    },
    "/tasks/{task_id}": {
        "get": {
            "summary": "A task with every assignment",
            "parameters": [id_param("task_id")],
            "responses": {
                "200": json_response(ref("Task")),
                "401": ERRORS["401"],
                "404": ERRORS["404"],
            },
        }
    },
    "/assignments": {
        "get": {
            "summary": "Assignments, filtered and paginated",
            "parameters": [
                query("plan", {"type": "string"}),
                query("unit", {"type": "string"}),
                query("role", {"type": "string", "enum": list(ROLES)}),
                query("state", {"type": "string", "enum": list(STATES)}),
                query("deadline_class", {"type": "string", "enum": list(DEADLINE_CLASSES)}),
                query("due_from", DATE),
                query("due_to", DATE),
                query("as_of", DATE, "the date the deadline class is computed for (today)"),
                query("q", {"type": "string"}, "text in the title or number"),
                query("area", {"type": "string", "enum": list(AREA_CODES)}),
                query(
                    "unit_kind",
                    {"type": "string", "enum": ["office", "department", "district", "commune"]},
                ),
                query("page", {"type": "integer", "minimum": 1, "maximum": 100000}),
                query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
                query(
                    "sort",
                    {
                        "type": "string",
                        "enum": [
                            "urgency",
                            "due_date",
                            "-due_date",
                            "number",
                            "unit",
                            "state",
                            "updated",
                        ],
                    },
                ),
            ],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["items", "total"],
                        "properties": {
                            "items": {"type": "array", "items": ref("Assignment")},
                            "total": {"type": "integer"},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                            "as_of": DATE,
                        },
                    }
                ),
                "401": ERRORS["401"],
                "422": ERRORS["422"],
            },
        }
    },
    "/assignments/{assignment_id}": {
        "patch": {
            "summary": "Change the due date (with a reason) or cancel (office)",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "properties": {
                        "due_date": DATE,
                        "reason": {"type": "string"},
                        "state": {"type": "string", "enum": ["cancelled"]},
                        "version": {"type": "integer"},
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                "409": json_response(ref("Error"), "Stale version"),
                **ERRORS,
            },
        }
    },
    "/assignments/{assignment_id}/updates": {
        "post": {
            "summary": "A unit's progress report",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["state", "version"],
                    "properties": {
                        "state": {
                            "type": "string",
                            "enum": ["not_started", "in_progress", "paused", "done"],
                        },
                        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                        "note": {"type": "string"},
                        "evidence": {
                            "type": "object",
                            "properties": {
                                "document_number": {"type": "string"},
                                "document_date": DATE,
                                "url": {"type": "string"},
                            },
                        },
                        "version": {"type": "integer"},
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                "409": json_response(ref("Error"), "Stale version"),
                **ERRORS,
            },
        }
    },
    "/assignments/{assignment_id}/extension-requests": {
        "post": {
            "summary": "Ask for a later due date, before the due date",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["due_date", "reason"],
                    "properties": {"due_date": DATE, "reason": {"type": "string"}},
                }
            ),
            "responses": {"201": json_response(ref("ExtensionRequest"), "Created"), **ERRORS},
        }
    },
    "/extension-requests/{request_id}/decision": {
        "post": {
            "summary": "Approve or reject an extension request (office)",
            "parameters": [id_param("request_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["approve"],
                    "properties": {"approve": {"type": "boolean"}, "note": {"type": "string"}},
                }
            ),
            "responses": {"200": json_response(ref("ExtensionRequest")), **ERRORS},
        }
    },
    "/assignments/{assignment_id}/confirmation": {
        "post": {
            "summary": "Confirm a reported completion or send it back (office)",
            "parameters": [id_param("assignment_id")],
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["accept"],
                    "properties": {
                        "accept": {"type": "boolean"},
                        "note": {"type": "string"},
                        "version": {"type": "integer"},
                    },
                }
            ),
            "responses": {
                "200": json_response(ref("Assignment")),
                "409": json_response(ref("Error"), "Stale version"),
                **ERRORS,
            },
        }
    },
    "/status/units": {
        "get": {
            "summary": "Figures per unit (lead assignments), as the status page shows them",
            "parameters": [
                query("plan", {"type": "string"}),
                query("area", {"type": "string", "enum": list(AREA_CODES)}),
                query("period", {"type": "string"}, "2021, 2021-Q3 or dd/mm/yyyy..dd/mm/yyyy"),
                query(
                    "unit_kind",
                    {"type": "string", "enum": ["office", "department", "district", "commune"]},
                ),
                query("as_of", DATE),
                query("order", {"type": "string"}),
                query("desc", {"type": "string", "enum": ["1"]}),
            ],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["as_of", "units", "totals"],
                        "properties": {
                            "as_of": DATE,
                            "filters": {"type": "object"},
                            "units": {"type": "array", "items": {"type": "object"}},
                            "subtotals": {"type": "object"},
                            "totals": {"type": "object"},
                        },
                    }
                ),
                "401": ERRORS["401"],
                "422": ERRORS["422"],
            },
        }
    },
    "/feeds": {
        "get": {
            "summary": "The caller's calendar feeds (without their URLs)",
            "responses": {"200": json_response(items_of("CalendarFeed")), "401": ERRORS["401"]},
        },
        "post": {
            "summary": "Create an iCalendar feed; its secret URL is in this answer only",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["scope"],
                    "properties": {
                        "scope": {
                            "type": "string",
                            "enum": ["mine", "unit", "plan"],
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
                "201": json_response(
                    {
                        "allOf": [
                            ref("CalendarFeed"),
                            {
                                "type": "object",
                                "required": ["url"],
                                "properties": {"url": {"type": "string", "format": "uri"}},
                            },
                        ]
                    },
                    "Created",
                ),
                **ERRORS,
            },
        },
    },
    "/feeds/{feed_id}": {
        "delete": {
            "summary": "Revoke one of the caller's feeds: its URL answers 404 from now on",
            "parameters": [id_param("feed_id")],
            "responses": {
                "204": {"description": "Revoked"},
                "401": ERRORS["401"],
                "404": ERRORS["404"],
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
