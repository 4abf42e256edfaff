"""Reading the API's JSON bodies (tracker.api.bodies and fields): the words of each refusal,
null as "not given", the order problems are named in, and the one rule across fields."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.api.answers import Error
from tracker.api.bodies import AssignmentChange, ExtensionAsk, NewTask, ProgressReport, read_body
from tracker.core.errors import error_body
from tracker.core.exceptions import ValidationFailed


@pytest.fixture
def read(app):
    def read_as(model, body):
        with app.test_request_context("/api/v1/x", method="POST", json=body):
            return read_body(model)

    return read_as


def problems_of(read, model, body) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        read(model, body)
    return refused.value.fields


def test_each_type_words_its_refusal(read):
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
        "plan_code": "a string",
        "number": "contains a NUL character",
        "title": "required",
        "lead_units": "a list of strings",
        "cooperating_units": "an item contains a control character (U+0007)",
        "due_date": "'2021-02-30' is not a date (YYYY-MM-DD, 1900 to 2999)",
        "section_id": "a whole number from 1 to 2147483647",
        "needs_confirmation": "true or false",
    }


def test_null_is_the_same_as_leaving_a_key_out(read):
    task = read(
        NewTask, {"plan_code": "P", "number": "1", "title": "t", "needs_confirmation": None}
    )
    assert task.needs_confirmation is True and task.lead_units == [] and task.due_date is None
    assert problems_of(read, ProgressReport, {"state": "done", "version": None}) == {
        "version": "required"
    }


def test_problems_are_named_in_the_order_of_the_fields_and_nested_ones_by_path(read):
    body = {"evidence": {"document_date": 5}, "version": "1", "progress": 1.5}
    problems = problems_of(read, ProgressReport, body)
    assert list(problems) == ["state", "progress", "version", "evidence.document_date"]
    assert problems["progress"] == "a whole number from 0 to 100"
    assert problems["evidence.document_date"] == "a date as YYYY-MM-DD"
    assert problems_of(read, ProgressReport, {"state": "done", "version": 1, "evidence": []}) == {
        "evidence": "an object"
    }


def test_a_body_that_is_not_an_object_is_refused_as_a_whole(read):
    for body in ([], "x", 5, None):
        assert problems_of(read, NewTask, body) == {"body": "a JSON object"}


def test_a_change_names_a_due_date_or_cancellation(read):
    nothing = "give due_date (with a reason), state: cancelled, or both"
    assert problems_of(read, AssignmentChange, {"reason": "r"}) == {"due_date": nothing}
    assert problems_of(read, AssignmentChange, {"state": 5}) == {
        "state": "a string",
        "due_date": nothing,
    }
    assert problems_of(read, AssignmentChange, {"state": "open"}) == {
        "state": "only cancelled can be set here"
    }
    # A due_date key, even null, asks for a date.
    assert problems_of(read, AssignmentChange, {"due_date": None}) == {"due_date": "required"}
    change = read(AssignmentChange, {"due_date": "2030-01-02", "state": "cancelled"})
    assert change.due_date == date(2030, 1, 2) and change.state == "cancelled"


def test_braces_in_a_refused_value_are_not_a_template(read):
    problems = problems_of(read, ExtensionAsk, {"due_date": "{x}", "reason": "r"})
    assert problems == {"due_date": "'{x}' is not a date (YYYY-MM-DD, 1900 to 2999)"}


def test_the_boundary_answers_refusals_in_the_documented_error_shape():
    body = error_body("validation_failed", "title: required", {"title": "required"})
    assert Error.model_validate(body).as_json() == body
