"""/api/v1/openapi.json, generated: the routes from the app's URL map, their shapes from the
pydantic models their @operation names (answers.py, bodies.py), nothing written twice."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from tracker.api.answers import Error
from tracker.api.blueprint import bp
from tracker.api.fields import ROW_ID
from tracker.api.operations import REFUSALS, FileAnswer, Operation, operation_of
from tracker.core.permissions import public
from tracker.core.routing import FIRST_YEAR, LAST_YEAR

COMPONENTS = "#/components/schemas/{model}"
# Every path parameter is a row id (tracker.core.routing.RowIdConverter) or a code
# (`<string:code>`, a unit's) or a year (`<year:year>`, the reform index's); a new converter fails
# here until it is described.
PATH_PARAMETERS = {
    "id": ROW_ID,
    "string": {"type": "string", "minLength": 1, "maxLength": 40},
    "year": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
SELF = "api.openapi_json"


class OpenApiSchema(GenerateJsonSchema):
    # A title on every property only repeats its name.
    def field_title_should_be_set(self, schema) -> bool:
        return False


def api_routes() -> list[tuple[str, str, Operation, list[dict]]]:
    """(path, method, operation, path parameters) of every route on the API blueprint."""
    routes = []
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}.") or rule.endpoint == SELF:
            continue
        described = operation_of(rule.endpoint, current_app.view_functions[rule.endpoint])
        parameters = [
            {
                "name": match["name"],
                "in": "path",
                "required": True,
                "schema": PATH_PARAMETERS[match["converter"]],
            }
            for match in _PARAMETER.finditer(rule.rule)
        ]
        path = _PARAMETER.sub(r"{\g<name>}", rule.rule.removeprefix(bp.url_prefix))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((path, method.lower(), described, parameters))
    return routes


def _query_parameters(model) -> list[dict]:
    schema = model.model_json_schema(schema_generator=OpenApiSchema)
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {k: v for k, v in prop.items() if k != "description"},
            "description": prop.get("description", ""),
        }
        for name, prop in schema["properties"].items()
    ]


def _content(ref: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _answer_text(status: int) -> str:
    """An answer with a body of its own: a success, or a refusal that is not an Error (the
    problems of an uploaded file, listed by row and column)."""
    if status >= 400:
        return "Refused: the body says why"
    return {201: "Created", 202: "Accepted"}.get(status, "OK")


def _responses(described: Operation, refs: dict) -> dict:
    responses: dict[str, Any] = {}
    for status, model in described.answers.items():
        if model is None:
            responses[str(status)] = {"description": "No content"}
            continue
        if isinstance(model, FileAnswer):
            responses[str(status)] = {
                "description": model.description,
                "content": {model.media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
            continue
        responses[str(status)] = _content(refs[model, "serialization"], _answer_text(status))
        if described.links:
            responses[str(status)]["links"] = {
                target: {"operationId": target, "parameters": parameters}
                for target, parameters in described.links.items()
            }
    for status in described.refusals:
        responses[str(status)] = _content(refs[Error, "serialization"], REFUSALS[status])
    return responses


def _operation(described: Operation, path_parameters: list[dict], refs: dict) -> dict:
    document: dict[str, Any] = {
        "operationId": described.operation_id,
        "summary": described.summary,
        "responses": _responses(described, refs),
    }
    parameters = path_parameters + (_query_parameters(described.query) if described.query else [])
    if parameters:
        document["parameters"] = parameters
    if described.body:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[described.body, "validation"]}},
        }
    if described.form:
        document["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": refs[described.form, "validation"]}},
        }
    return document


def openapi_document() -> dict:
    routes = api_routes()
    models = {(Error, "serialization")}
    for _path, _method, described, _parameters in routes:
        models |= {
            (m, "serialization")
            for m in described.answers.values()
            if m is not None and not isinstance(m, FileAnswer)
        }
        models |= {(m, "validation") for m in (described.body, described.form) if m}
    refs, definitions = models_json_schema(
        sorted(models, key=lambda pair: pair[0].__name__),
        ref_template=COMPONENTS,
        schema_generator=OpenApiSchema,
    )
    paths: dict[str, dict] = {}
    for path, method, described, parameters in routes:
        paths.setdefault(path, {})[method] = _operation(described, parameters, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Reform-plan tracker API",
            "version": "1.0.0",
            "description": "Tasks and deadlines of a provincial administrative-reform "
            "plan. Authenticate with `Authorization: Bearer <token>` "
            "(create one on your profile page) or the browser session "
            "(then send X-CSRFToken on writes).",
        },
        "servers": [{"url": bp.url_prefix}],
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": definitions.get("$defs", {}),
        },
        "paths": paths,
    }


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(openapi_document())
