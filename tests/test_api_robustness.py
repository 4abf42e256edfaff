"""What the schemathesis run of tests/test_api_fuzz.py found, one regression each: inputs that
reached the database or date arithmetic unchecked and answered 500, and answers that broke
the OpenAPI document. Each is now refused where the input is read (a 404 or a 422)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from tracker.api.bodies import Body
from tracker.api.fields import RowId, Version
from tracker.core.db import MAX_INTEGER

BEYOND = MAX_INTEGER + 1  # PostgreSQL: "integer out of range"


def test_ids_beyond_the_integer_range_are_not_found(workbench, api_as):
    api = api_as(workbench["office"])
    headers = api.headers
    for row_id in (BEYOND, 10**20, 0):
        assert api.get(f"/tasks/{row_id}").status_code == 404
        for path, body in (
            (f"/assignments/{row_id}/updates", {"state": "in_progress", "version": 1}),
            (f"/assignments/{row_id}/extension-requests", {"due_date": "2030-01-01"}),
            (f"/assignments/{row_id}/confirmation", {"accept": True}),
            (f"/extension-requests/{row_id}/decision", {"approve": True}),
        ):
            response = api.post(path, json=body)
            assert response.status_code == 404, path
            assert response.json["error"]["code"] == "404"
        assert api.patch(f"/assignments/{row_id}", json={"state": "cancelled"}).status_code == 404
        response = api.client.delete(f"/api/v1/feeds/{row_id}", headers=headers)
        assert response.status_code == 404
    # The largest id is still looked up, and answered as any missing row.
    assert api.get(f"/tasks/{MAX_INTEGER}").json["error"]["code"] == "not_found"


def test_integers_in_a_body_beyond_the_integer_range_are_invalid(workbench, api_as):
    api = api_as(workbench["office"])
    assignment = workbench["assignment"]
    response = api.post(
        f"/assignments/{assignment['id']}/updates", json={"state": "in_progress", "version": BEYOND}
    )
    assert response.status_code == 422
    assert "version" in response.json["error"]["fields"]
    body = {
        "plan_code": "77/KH-UBND",
        "number": "IX.1",
        "title": "Việc thử",
        "lead_units": ["SA"],
        "section_id": BEYOND,
    }
    response = api.post("/tasks", json=body)
    assert response.status_code == 422
    assert "section_id" in response.json["error"]["fields"]


@pytest.mark.parametrize("bad", ["NUL\x00byte", "lone \udc00 surrogate"])
def test_text_a_database_column_cannot_hold_is_invalid(workbench, api_as, bad):
    api = api_as(workbench["office"])
    assignment = workbench["assignment"]
    cases = [
        ("/tasks", {"plan_code": bad, "number": "IX.2", "title": "t", "lead_units": ["SA"]}),
        (
            "/tasks",
            {"plan_code": "77/KH-UBND", "number": "IX.3", "title": "t", "lead_units": [bad]},
        ),
        ("/feeds", {"scope": "unit", "unit": bad}),
        (
            f"/assignments/{assignment['id']}/updates",
            {"state": "in_progress", "note": bad, "version": assignment["version"]},
        ),
        (
            f"/assignments/{assignment['id']}/extension-requests",
            {"due_date": "2099-01-01", "reason": bad},
        ),
    ]
    for path, body in cases:
        response = api.post(path, json=body)
        assert response.status_code == 422, (path, body)
        fields = response.json["error"]["fields"]
        assert any("NUL" in message or "Unicode" in message for message in fields.values()), fields


@pytest.mark.parametrize("name", ["plan", "unit", "q"])
def test_a_nul_in_a_filter_is_invalid(workbench, api_as, name):
    api = api_as(workbench["office"])
    for path in ("/assignments", "/status/units"):
        response = api.get(path, **{name: "a\x00b"})
        assert response.status_code == 422, path
        assert name in response.json["error"]["fields"]


@pytest.mark.parametrize("section", ["²", str(BEYOND), "-1", "x"])
def test_the_section_filter_takes_only_a_row_id(workbench, api_as, section):
    response = api_as(workbench["office"]).get("/assignments", section=section)
    assert response.status_code == 422
    assert "section" in response.json["error"]["fields"]


@pytest.mark.parametrize("as_of", ["9999-12-31", "31/12/9999", "0001-01-01", "1899-12-31"])
def test_dates_outside_the_supported_years_are_invalid(workbench, api_as, as_of):
    api = api_as(workbench["office"])
    # 9999-12-31 + the due-soon days overflowed Python's dates: a 500.
    for path in ("/assignments", "/status/units"):
        response = api.get(path, as_of=as_of)
        assert response.status_code == 422, path
        assert "as_of" in response.json["error"]["fields"]
    assignment = workbench["assignment"]
    response = api.patch(
        f"/assignments/{assignment['id']}", json={"due_date": as_of, "reason": "thử"}
    )
    assert response.status_code == 422
    assert "due_date" in response.json["error"]["fields"]


def test_the_supported_years_are_accepted_at_both_ends(workbench, api_as):
    api = api_as(workbench["office"])
    for as_of in ("1900-01-01", "2999-12-31"):
        assert api.get("/assignments", as_of=as_of).status_code == 200
        assert api.get("/status/units", as_of=as_of).status_code == 200


def test_periods_outside_the_supported_years_are_invalid(workbench, api_as):
    api = api_as(workbench["office"])
    for period in ("9999-Q4", "0001", "Q1/0999", "01/01/0001..31/12/2021"):
        response = api.get("/status/units", period=period)
        assert response.status_code == 422, period


def test_a_json_date_is_yyyy_mm_dd_only(workbench, api_as):
    api = api_as(workbench["office"])
    assignment = workbench["assignment"]
    for due in ("20300101", "2030-W01-1", "01/01/2030", "２０３０-01-01"):
        response = api.patch(
            f"/assignments/{assignment['id']}", json={"due_date": due, "reason": "x"}
        )
        assert response.status_code == 422, due
        assert "due_date" in response.json["error"]["fields"]


def test_a_deadline_text_longer_than_its_column_is_invalid(workbench, api_as):
    body = {
        "plan_code": "77/KH-UBND",
        "number": "IX.4",
        "title": "Việc thử",
        "lead_units": ["SA"],
        "deadline_text": "Q" * 201,
    }
    response = api_as(workbench["office"]).post("/tasks", json=body)
    assert response.status_code == 422
    assert "deadline_text" in response.json["error"]["fields"]


def test_a_body_nested_deeper_than_the_parser_goes_is_invalid(workbench, api_as):
    api = api_as(workbench["office"])
    response = api.client.post(
        "/api/v1/tasks",
        data="[" * 100_000,
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 422
    assert response.json["error"]["problems"] == {"body": {"code": "json_object", "params": {}}}


def test_a_405_names_the_allowed_methods(workbench, api_as):
    api = api_as(workbench["office"])
    response = api.client.put("/api/v1/tasks", headers=api.headers)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    assert response.json["error"]["code"] == "405"


def test_a_session_write_without_the_csrf_header_is_a_documented_400(workbench, client, login):
    login(workbench["office"])
    response = client.post("/api/v1/feeds", json={"scope": "mine"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf"
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "get":
                assert "400" in operation["responses"], (method, path)


def test_the_document_bounds_every_path_id_to_the_integer_range(client):
    document = client.get("/api/v1/openapi.json").json
    parameters = [
        parameter
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    ]
    ids = [p["schema"] for p in parameters if p["name"].endswith("_id")]
    # with /reports/{report_id} and its /docx, and /users/{user_id} and its /invitation
    assert len(ids) == 11
    assert all(
        schema == {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER} for schema in ids
    )
    # and the codes: /units/{code} and its /lineage, /indicator-sets/{code}, a unit's figures
    # /indicator-reports/{set_code}/{period}/{unit_code} and its /submit, and the reform
    # index's kinds, units and sub-criteria
    codes = [
        p["schema"] for p in parameters if not p["name"].endswith("_id") and p["name"] != "year"
    ]
    assert len(codes) >= 9
    assert all(schema == {"type": "string", "minLength": 1, "maxLength": 40} for schema in codes)
    # the reform index's /index/{year}/{kind}/…: a year of four digits
    years = [p["schema"] for p in parameters if p["name"] == "year"]
    assert years and all(y == {"type": "integer", "minimum": 2000, "maximum": 2100} for y in years)


class Numbers(Body):
    a: Version = None
    b: Version = None
    c: Version = None
    d: RowId = None
    e: Version = None


def body_problems(model, body: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    return {".".join(map(str, e["loc"])): e["msg"] for e in refused.value.errors()}


def test_the_parsing_rules():
    from tracker.core.text import unstorable
    from tracker.core.timeutil import parse_date, parse_iso_date

    assert unstorable("Sở Nội vụ") is None
    assert unstorable("a\x00").code == "nul_character"
    assert unstorable("\ud800").code == "invalid_unicode"
    assert parse_iso_date("2021-09-30") == date(2021, 9, 30)
    assert parse_date("30/9/2021") == date(2021, 9, 30)
    for raw in ("2021-9-30", "20210930", "3000-01-01", "1899-12-31"):
        with pytest.raises(ValueError):
            parse_iso_date(raw)
    with pytest.raises(ValueError):
        parse_date("1/1/3000")
    problems = body_problems(
        Numbers, {"a": MAX_INTEGER, "b": BEYOND, "c": -(2**31) - 1, "d": 0, "e": True}
    )
    assert set(problems) == {"b", "c", "d", "e"}
    assert Numbers.model_validate({"a": MAX_INTEGER}).a == MAX_INTEGER
