"""Review #12, rows 6-8 and 16: control characters, huge years, redirect targets and unit names
written in another Unicode form are refused or understood at the edge, never a 500."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from flask_wtf import FlaskForm

from tests.conftest import api_create_task, csrf_from
from tests.conftest import local_today as today
from tests.test_web_workflow import post_update

NUL = "a\x00b"
HUGE_DAY = "1/1/99999999999999999999"


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_every_form_checks_its_fields_through_the_base_form(app):
    from tracker.core.forms import TrackerForm

    forms = [f for f in all_subclasses(FlaskForm) if f.__module__.startswith("tracker.")]
    assert len(forms) > 10
    assert [f.__name__ for f in forms if not issubclass(f, TrackerForm)] == []


def test_the_control_character_rule():
    from tracker.core.text import control_character, text_problem

    assert control_character("Sở Nội vụ") is None
    assert control_character("a\x00b") == "U+0000"
    assert control_character("a\tb") == "U+0009"  # one line holds no tab
    assert control_character("dòng 1\r\n\tdòng 2", multiline=True) is None
    assert control_character("a\x0bb", multiline=True) == "U+000B"
    assert text_problem("a\x07b").as_json() == {
        "code": "control_character",
        "params": {"code": "U+0007"},
    }
    assert text_problem("a\x00b").code == "nul_character"


def _task_page_post(client, workbench, path, data):
    token = csrf_from(client, f"/tasks/{workbench['task']['id']}")
    return client.post(path, data={"csrf_token": token} | data)


def _assert_form_refused(response):
    assert response.status_code == 422
    assert "U+0000" in response.get_data(as_text=True)


def test_a_nul_in_an_update_note_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    _assert_form_refused(post_update(client, workbench, {"note": NUL}))


def test_a_nul_in_a_document_number_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    data = {"state": "done", "document_number": NUL}
    _assert_form_refused(post_update(client, workbench, data))


def test_a_nul_in_an_extension_reason_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    path = f"/assignments/{workbench['assignment']['id']}/extension"
    due = (today() + timedelta(days=40)).strftime("%d/%m/%Y")
    response = _task_page_post(client, workbench, path, {"due_date": due, "reason": NUL})
    _assert_form_refused(response)


def test_a_nul_in_a_plan_title_is_a_message_on_the_form(client, login, workbench):
    login(workbench["office"])
    token = csrf_from(client, "/plans/new")
    data = {"csrf_token": token, "code": "9/KH-UBND", "title": NUL, "year": "2026"}
    _assert_form_refused(client.post("/plans/new", data=data))


def test_a_nul_in_a_token_name_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    token = csrf_from(client, "/profile")
    _assert_form_refused(client.post("/profile/tokens", data={"csrf_token": token, "name": NUL}))


def test_a_nul_in_a_feed_name_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    token = csrf_from(client, "/calendar")
    data = {"csrf_token": token, "scope": "mine", "name": NUL}
    _assert_form_refused(client.post("/calendar", data=data))


def test_a_line_break_is_refused_in_a_one_line_field(client, login, workbench):
    login(workbench["office"])
    token = csrf_from(client, "/plans/new")
    data = {"csrf_token": token, "code": "9/KH-UBND", "title": "a\nb", "year": "2026"}
    response = client.post("/plans/new", data=data)
    assert response.status_code == 422
    assert "U+000A" in response.get_data(as_text=True)


def test_a_note_keeps_its_tabs_and_line_breaks(client, login, workbench):
    login(workbench["lead"])
    assert post_update(client, workbench, {"note": "dòng 1\r\n\tdòng 2"}).status_code == 302


def test_a_nul_in_a_reminder_note_is_refused(client, login, workbench):
    login(workbench["office"])
    token = csrf_from(client, "/reminders/adhoc/SA")
    response = client.post("/reminders/adhoc/SA", data={"csrf_token": token, "note": NUL})
    assert response.status_code == 422
    assert "NUL" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "name"),
    [("/units/a%00b", "code"), ("/admin/audit?action=a%00b", "action"), ("/tasks/?q=a%01", "q")],
)
def test_a_control_character_in_the_url_is_a_400_naming_the_parameter(
    client, login, workbench, path, name
):
    login(workbench["office"])
    response = client.get(path)
    assert response.status_code == 400
    assert f"“{name}”" in response.get_data(as_text=True)


def test_a_control_character_in_an_api_query_names_the_field(workbench, api_as):
    response = api_as(workbench["office"]).get("/assignments", as_of="2021-01-01\x1b")
    assert response.status_code == 422
    assert "as_of" in response.json["error"]["fields"]


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": HUGE_DAY},
        {"as_of": "1/99999999999999999999/2021"},
        {"period": "Q1/99999999999999999999"},
        {"period": "99999999999999999999-Q1"},
        {"period": f"2021-01-01..{HUGE_DAY}"},
    ],
)
def test_a_huge_year_in_a_query_is_refused(client, login, workbench, api_as, query):
    login(workbench["office"])
    # (The task list and the .xlsx raise the same ValidationFailed; the error boundary answers.)
    response = client.get("/status", query_string=query)
    assert response.status_code == 422
    response = api_as(workbench["office"]).get("/assignments", **query)
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == set(query)


def test_a_huge_year_in_a_form_date_is_a_message_on_the_form(client, login, workbench):
    login(workbench["lead"])
    path = f"/assignments/{workbench['assignment']['id']}/extension"
    response = _task_page_post(client, workbench, path, {"due_date": HUGE_DAY, "reason": "x"})
    assert response.status_code == 422
    assert "31/12/2999" in response.get_data(as_text=True)
    response = post_update(client, workbench, {"document_date": "1/1/3000"})
    assert response.status_code == 422


def test_dates_are_read_within_1900_to_2999_only():
    from tracker.core.timeutil import DateOutOfRange, parse_date
    from tracker.plans.filters import parse_period

    for raw in (HUGE_DAY, "1/1/3000", "31/12/1899", "99999999999999999999/1/2021"):
        with pytest.raises(ValueError):
            parse_date(raw)
    with pytest.raises(DateOutOfRange):
        parse_period("Q1/99999999999999999999")
    assert parse_period("2999-Q4")[1].isoformat() == "2999-12-31"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "",
    ],
)
def test_a_reminder_never_redirects_off_the_site(client, login, workbench, api_as, target):
    # A task due soon: something to remind of.
    api_create_task(api_as(workbench["office"]), today() + timedelta(days=2), number="II.4")
    login(workbench["office"])
    token = csrf_from(client, "/reminders/adhoc/SA")
    response = client.post(
        "/reminders/adhoc/SA", data={"csrf_token": token, "note": "Đôn đốc", "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/reminders/log"


def test_safe_next_keeps_a_path_of_this_site(app):
    from tracker.core.hygiene import safe_next

    with app.test_request_context():
        assert safe_next("/status?plan=77%2FKH-UBND&as_of=2021-09-30") == (
            "/status?plan=77%2FKH-UBND&as_of=2021-09-30"
        )
        assert safe_next("https://evil.example", "/reminders/log") == "/reminders/log"
        assert safe_next(None) == "/"


def test_login_never_redirects_off_the_site(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user(role="office")
    token = csrf_from(client, "/login")
    response = client.post(
        "/login?next=//evil.example/phish",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_unit_names_compare_in_any_unicode_form_and_case():
    from tracker.core.text import name_key

    name = "UBND các huyện thử"
    assert name_key(unicodedata.normalize("NFD", name)) == name_key(name)
    assert name_key("  ubnd CÁC   huyện thử ") == name_key(name)


def test_lead_units_written_in_nfd_are_accepted_by_the_api(workbench, api_as):
    api = api_as(workbench["office"])
    due = today() + timedelta(days=10)
    lead = unicodedata.normalize("NFD", "UBND các huyện thử")
    response = api_create_task(api, due, number="II.4", lead_units=[lead])
    assert response.status_code == 201, response.json
    assert {a["unit_code"] for a in response.json["assignments"]} == {"SA", "SB"}
    response = api_create_task(api, due, number="II.5", lead_units=["sa"])
    assert response.status_code == 201, response.json


def test_the_importer_resolves_an_nfd_owner(app_ctx, workbench):
    from tracker.imports.owners import OwnerIndex

    owners = OwnerIndex().resolve(unicodedata.normalize("NFD", "UBND các huyện thử"))
    assert owners.problems == [] and owners.codes == ["NHOM"]
