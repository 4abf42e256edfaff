"""Reading the API's JSON bodies (tracker.api.bodies and fields): the problem each refusal
names (its code and parameters, worded in the reader's language), null as "not given", the
order problems are named in, the one rule across fields, and pydantic's own refusals."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest
from flask_babel import force_locale
from pydantic import ConfigDict, Field

from tracker.api.answers import Error
from tracker.api.bodies import (
    AssignmentChange,
    Body,
    ExtensionAsk,
    NewTask,
    ProgressReport,
    read_body,
)
from tracker.api.refusals import pydantic_problem
from tracker.core.errors import error_body
from tracker.core.exceptions import ValidationFailed
from tracker.core.problems import required


@pytest.fixture
def read(app):
    def read_as(model, body):
        with app.test_request_context("/api/v1/x", method="POST", json=body):
            return read_body(model)

    return read_as


def problems_of(read, model, body) -> dict[str, tuple[str, dict]]:
    """Each refused field's code and parameters (as the API's "problems" gives them)."""
    with pytest.raises(ValidationFailed) as refused:
        read(model, body)
    return {
        name: (problem.as_json()["code"], problem.as_json()["params"])
        for name, problem in refused.value.fields.items()
    }


def test_each_type_names_its_refusal(read):
    body = {
        "plan_code": 5,
        "number": "a\x00b",
        "title": " ",
        "lead_units": ["SA", 1],
        "cooperating_units": ["a\x07"],
        "due_date": "2021-02-30",
        "section_id": 0,
        "needs_confirmation": 1,
    }
    assert problems_of(read, NewTask, body) == {
        "plan_code": ("string_type", {}),
        "number": ("nul_character", {}),
        "title": ("required", {}),
        "lead_units": ("list_of_strings", {}),
        "cooperating_units": (
            "invalid_item",
            {"problem": {"code": "control_character", "params": {"code": "U+0007"}}},
        ),
        "due_date": ("not_a_date", {"value": "2021-02-30", "first": "1900", "last": "2999"}),
        "section_id": ("out_of_range", {"min": 1, "max": 2147483647}),
        "needs_confirmation": ("bool_type", {}),
    }


def test_a_refusal_reads_in_vietnamese_by_default_and_english_when_chosen(app):
    with app.test_request_context("/api/v1/x", method="POST", json={"due_date": "2021-02-30"}):
        with pytest.raises(ValidationFailed) as refused:
            read_body(ExtensionAsk)
        problems = refused.value.fields
        assert str(problems["due_date"]) == (
            "“2021-02-30” không phải là ngày: hãy nhập theo dạng YYYY-MM-DD (năm từ 1900 đến 2999)."
        )
        assert str(problems["reason"]) == "Vui lòng nhập trường này."
        with force_locale("en"):
            assert str(problems["due_date"]) == (
                "“2021-02-30” is not a date: write it as YYYY-MM-DD (years 1900 to 2999)."
            )


def test_null_is_the_same_as_leaving_a_key_out(read):
    task = read(
        NewTask, {"plan_code": "P", "number": "1", "title": "t", "needs_confirmation": None}
    )
    assert task.needs_confirmation is True and task.lead_units == [] and task.due_date is None
    assert problems_of(read, ProgressReport, {"state": "done", "version": None}) == {
        "version": ("required", {})
    }


def test_problems_are_named_in_the_order_of_the_fields_and_nested_ones_by_path(read):
    body = {"evidence": {"document_date": 5}, "version": "1", "progress": 1.5}
    problems = problems_of(read, ProgressReport, body)
    assert list(problems) == ["state", "progress", "version", "evidence.document_date"]
    assert problems["progress"] == ("out_of_range", {"min": 0, "max": 100})
    assert problems["version"] == ("int_type", {})
    assert problems["evidence.document_date"] == ("date_type", {})
    assert problems_of(read, ProgressReport, {"state": "done", "version": 1, "evidence": []}) == {
        "evidence": ("dict_type", {})
    }


def test_a_body_that_is_not_an_object_is_refused_as_a_whole(read):
    for body in ([], "x", 5, None):
        assert problems_of(read, NewTask, body) == {"body": ("json_object", {})}


def test_a_change_names_a_due_date_or_cancellation(read):
    nothing = ("change_required", {})
    assert problems_of(read, AssignmentChange, {"reason": "r"}) == {"due_date": nothing}
    assert problems_of(read, AssignmentChange, {"state": 5}) == {
        "state": ("string_type", {}),
        "due_date": nothing,
    }
    assert problems_of(read, AssignmentChange, {"state": "open"}) == {
        "state": ("one_of", {"choices": ["cancelled"]})
    }
    # A due_date key, even null, asks for a date.
    assert problems_of(read, AssignmentChange, {"due_date": None}) == {"due_date": ("required", {})}
    change = read(AssignmentChange, {"due_date": "2030-01-02", "state": "cancelled"})
    assert change.due_date == date(2030, 1, 2) and change.state == "cancelled"


def test_braces_and_percents_in_a_refused_value_are_not_a_template(app, read):
    for value in ("{x}", "%(value)s %s"):
        problems = problems_of(read, ExtensionAsk, {"due_date": value, "reason": "r"})
        assert problems == {
            "due_date": ("not_a_date", {"value": value, "first": "1900", "last": "2999"})
        }
    with app.test_request_context("/"), force_locale("en"):
        assert pydantic_problem("literal_error", expected="'a{b}'").text == "Choose one of: a{b}."


class Strict(Body):
    """A body with pydantic's own types and constraints, as a domain's body may declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int
    kind: Literal["lead", "cooperating"]
    code: str = Field(max_length=3)
    day: date
    share: int = Field(ge=1, le=5)


def test_pydantic_s_own_refusals_keep_its_type_as_the_code_with_its_parameters(app, read):
    body = {"count": "z", "kind": "x", "code": "abcd", "day": "2021-01-01T10:00", "share": 9}
    problems = problems_of(read, Strict, body | {"other": 1})
    assert problems == {
        "count": ("int_parsing", {}),
        "kind": ("literal_error", {"expected": ["lead", "cooperating"]}),
        "code": ("string_too_long", {"max_length": 3}),
        "day": ("date_from_datetime_inexact", {}),
        "share": ("less_than_equal", {"le": 5}),
        "other": ("extra_forbidden", {}),
    }
    assert problems_of(
        read, Strict, {"kind": "lead", "code": "a", "day": "2021-01-01", "share": 1}
    )["count"] == ("missing", {})
    with app.test_request_context("/api/v1/x", method="POST", json=body):
        with pytest.raises(ValidationFailed) as refused:
            read_body(Strict)
        texts = {name: str(problem) for name, problem in refused.value.fields.items()}
        with force_locale("en"):
            english = {name: str(problem) for name, problem in refused.value.fields.items()}
    assert texts["code"] == "Tối đa 3 ký tự."
    assert texts["kind"] == "Chọn một trong các giá trị: lead, cooperating."
    assert english["share"] == "Give a number of at most 5."
    assert english["day"] == "Give a date as YYYY-MM-DD."


def test_the_boundary_answers_refusals_in_the_documented_error_shape(app):
    with app.test_request_context("/"):
        body = error_body("validation_failed", "Một số trường chưa hợp lệ", {"title": required()})
    assert body["error"]["problems"] == {"title": {"code": "required", "params": {}}}
    assert body["error"]["fields"] == {"title": "Vui lòng nhập trường này."}
    assert Error.model_validate(body).as_json() == body
