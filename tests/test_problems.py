"""Problems are named once and put into words at the edge: Vietnamese by default, English when
chosen (the API by Accept-Language), with the same code and parameters in both."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.core.exceptions import ValidationFailed, require
from tracker.core.problems import Problem, required, too_long


def test_a_problem_reads_in_the_language_of_the_moment(app):
    problem = Problem(
        "not_after_due", _l("Choose a day after %(current)s."), current=date(2021, 9, 30)
    )
    with app.test_request_context("/"):
        with force_locale("en"):
            assert problem.text == "Choose a day after 30/09/2021."
        assert str(required()) == "Vui lòng nhập trường này."
        assert str(too_long(1980)) == "Tối đa 1.980 ký tự."
    assert problem.as_json() == {"code": "not_after_due", "params": {"current": "2021-09-30"}}


def test_a_refusal_names_no_field_in_its_message(app):
    with app.test_request_context("/"):
        try:
            require({"note": required()})
        except ValidationFailed as error:
            assert str(error) == "Một số trường chưa hợp lệ: Vui lòng nhập trường này."
            assert "note" not in str(error)


def test_the_api_answers_in_the_language_asked_for(workbench, api_as):
    api = api_as(workbench["lead"])
    path = f"/assignments/{workbench['assignment']['id']}/updates"
    body = {"version": workbench["assignment"]["version"], "state": "done", "progress": 100}

    default = api.client.post(f"/api/v1{path}", headers=api.headers, json=body)
    english = api.client.post(
        f"/api/v1{path}", headers=api.headers | {"Accept-Language": "en-US,en;q=0.8"}, json=body
    )

    assert default.status_code == english.status_code == 422
    default_error, english_error = default.json["error"], english.json["error"]
    assert default_error["problems"] == english_error["problems"]
    assert set(default_error["fields"]) == set(english_error["fields"]) == {"evidence"}
    assert default_error["fields"]["evidence"] != english_error["fields"]["evidence"]
    assert default_error["message"].startswith("Một số trường chưa hợp lệ")
    assert english_error["message"].startswith("Some fields are not valid")
