"""The criteria's edges (#19): `tracker import-criteria` (exit codes, --json), the API's
GET …/criteria, the office's import page (upload → preview → confirm), the set's pages and
the office's settings."""

from __future__ import annotations

import json
import re
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import CSRF_RE, csrf_from
from tests.index_criteria_support import ROWS, replaced, row_of, table
from tracker.extensions import db
from tracker.reform_index.criteria_import import import_criteria, read_criteria
from tracker.reform_index.criteria_template import template_workbook
from tracker.reform_index.models import CriteriaSet
from tracker.reform_index.sets import assessment_for, find_set

CONFIRM_RE = re.compile(r'action="(/index/criteria/import/[A-Za-z0-9_-]+)"')


def count_sets() -> int:
    return db.session.scalar(select(func.count()).select_from(CriteriaSet))


# --- the command ------------------------------------------------------------------------------


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import-criteria", *map(str, args)])


def test_command_exit_codes_and_json(app, app_ctx, tmp_path):
    good, bad, garbage = tmp_path / "bo.xlsx", tmp_path / "sai.xlsx", tmp_path / "rac.xlsx"
    good.write_bytes(table())
    bad.write_bytes(table(replaced(ROWS, 1, max=3), total=None))
    garbage.write_bytes(b"\x00garbage")
    dry = invoke(app, good, "--year", 2021, "--kind", "department", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert "Chạy thử" in lines[-1] and any(
        "1.1.2 Mức độ thực hiện kế hoạch CCHC [1]" in line for line in lines
    )
    assert count_sets() == 0
    done = invoke(
        app, good, "--year", 2021, "--kind", "department", "--survey-max", 30, "--demo", "--json"
    )
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert (answer["status"], answer["action"], answer["set"]["max_points"]) == (
        "imported",
        "create",
        10,
    )
    assert (answer["set"]["survey_max"], answer["set"]["is_demo"]) == (30, True)
    assert answer["set"]["items"][5]["formula"] == "plan_done"
    again = invoke(app, good, "--year", 2021, "--kind", "department", "--json")
    assert (again.exit_code, json.loads(again.stdout)["status"]) == (0, "unchanged")
    problems = invoke(app, bad, "--year", 2022, "--kind", "district")
    assert problems.exit_code == 1
    assert problems.stderr.splitlines()[0].startswith(f"Dòng {row_of('1')}, cột C: ")
    as_json = invoke(app, bad, "--year", 2022, "--kind", "district", "--json")
    assert as_json.exit_code == 1
    assert {p["code"] for p in json.loads(as_json.stdout)["problems"]} == {"index_criteria_sum"}
    assert invoke(app, garbage, "--year", 2021, "--kind", "district").exit_code == 2
    assert (
        invoke(app, tmp_path / "khong-co.xlsx", "--year", 2021, "--kind", "district").exit_code == 2
    )
    assert invoke(app, good, "--year", 2021, "--kind", "tinh").exit_code == 2  # click's usage error
    assert count_sets() == 1


# --- the API ----------------------------------------------------------------------------------


def test_api_answers_the_criteria_in_order_with_their_rules(app_ctx, api_as, make_user):
    import_criteria(
        None, table(), "bo.xlsx", 2021, "department", decision="Quyết định số 1/QĐ-UBND"
    )
    api = api_as(make_user(role="viewer"))
    answer = api.get("/index/2021/department/criteria")
    assert answer.status_code == 200
    body = answer.get_json()
    assert {
        k: body[k] for k in ("year", "kind", "state", "locked", "max_points", "survey_max")
    } == {
        "year": 2021,
        "kind": "department",
        "state": "open",
        "locked": False,
        "max_points": 10.0,
        "survey_max": 0.0,
    }
    assert body["decision"] == "Quyết định số 1/QĐ-UBND"
    assert [item["number"] for item in body["items"]] == [row[0] for row in ROWS]
    levels = body["items"][3]
    assert levels == {
        "number": "1.1.2",
        "title": "Mức độ thực hiện kế hoạch CCHC",
        "max_points": 1.0,
        "depth": 3,
        "choose_one": False,
        "guidance": ROWS[3][3],
        "evidence_required": "",
        "rule": "levels",
        "step": None,
        "levels": [
            {"label": "Hoàn thành 100 %", "points": 1.0},
            {"label": "80 – dưới 100 %", "points": 0.5},
            {"label": "dưới 80 %", "points": 0.0},
        ],
        "formula": None,
        "parameters": None,
        "leaf": True,
    }
    choose = body["items"][7]
    assert (choose["number"], choose["choose_one"], choose["leaf"]) == ("2.1", True, False)
    for path in (
        "/index/2022/department/criteria",
        "/index/2021/province/criteria",
        "/index/1999/department/criteria",
    ):
        assert api.get(path).status_code == 404, path


def test_api_says_the_set_is_locked_once_a_unit_submits(app_ctx, api_as, make_user, make_unit):
    found = import_criteria(None, table(), "bo.xlsx", 2021, "district")
    assessment_for(found, make_unit(kind="district")).state = "submitted"
    db.session.commit()
    body = api_as(make_user(role="unit_member")).get("/index/2021/district/criteria").get_json()
    assert body["locked"] is True


def test_the_api_document_describes_the_route(client):
    document = client.get("/api/v1/openapi.json").json
    route = document["paths"]["/index/{year}/{kind}/criteria"]["get"]
    year = next(p for p in route["parameters"] if p["name"] == "year")
    assert year["schema"] == {"type": "integer", "minimum": 2000, "maximum": 2100}
    assert "CriteriaAnswer" in json.dumps(route["responses"]["200"])


# --- the pages --------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "bo.xlsx", **fields):
    token = csrf_from(client, "/index/criteria/import")
    form = {
        "csrf_token": token,
        "file": (BytesIO(data), name),
        "year": "2021",
        "kind": "department",
    }
    return client.post(
        "/index/criteria/import", data=form | fields, content_type="multipart/form-data"
    )


def test_office_previews_then_confirms_an_import(client, login, make_user):
    login(make_user(role="office"))
    preview = upload(client, table(), decision="Quyết định số 9/QĐ-UBND")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-3000:]
    assert 'id="criteria-tree"' in page and "Mức độ thực hiện kế hoạch CCHC" in page
    assert "Theo mức: Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0" in page
    assert "Từ 0 đến 1, bước 0,5" in page and "Quyết định số 9/QĐ-UBND" in page
    with client.application.app_context():
        assert count_sets() == 0
    action = CONFIRM_RE.search(page).group(1)
    assert 'name="decision" type="hidden" value="Quyết định số 9/QĐ-UBND"' in page
    done = client.post(
        action,
        data={
            "csrf_token": CSRF_RE.findall(page)[-1],
            "year": "2021",
            "kind": "department",
            "decision": "Quyết định số 9/QĐ-UBND",
        },
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(
        "/index/2021/department/criteria"
    )
    criteria = client.get("/index/2021/department/criteria").get_data(as_text=True)
    assert 'id="criterion-2.1.1"' in criteria and "Quyết định số 9/QĐ-UBND" in criteria
    assert "Ảnh chụp nơi công khai" in criteria
    home = client.get("/index").get_data(as_text=True)
    assert 'id="set-2021-department"' in home and 'id="import-criteria"' in home
    overview = client.get("/index/2021/department").get_data(as_text=True)
    assert 'id="set-settings"' in overview and 'id="set-units"' in overview


def test_problems_are_shown_by_row_and_column_and_nothing_is_offered(client, login, make_user):
    login(make_user(role="office"))
    response = upload(client, table(replaced(ROWS, 4, number="1.4")))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="criteria-problems"' in page and "Ở đây cần là 1.2, không phải 1.4" in page
    assert 'id="confirm-criteria"' not in page
    garbage = upload(client, b"\x00garbage")
    assert garbage.status_code == 422 and "không đọc được" in garbage.get_data(as_text=True).lower()
    no_year = upload(client, table(), year="")
    assert no_year.status_code == 422


def test_who_sees_what(client, login, make_user, make_unit, app):
    with app.app_context():
        import_criteria(None, table(), "bo.xlsx", 2021, "department", demo=True)
    unit = make_unit(kind="department", code="SNV")
    login(make_user(role="unit_lead", unit=unit))
    assert client.get("/index/criteria/import").status_code == 403
    assert client.get("/index/2021/department").status_code == 403
    home = client.get("/index").get_data(as_text=True)
    assert 'id="own-assessments"' in home and "/index/2021/department/units/SNV" in home
    assert 'id="import-criteria"' not in home
    assert "Chỉ số CCHC" in home  # the menu's link
    criteria = client.get("/index/2021/department/criteria")
    assert criteria.status_code == 200 and 'id="demo-data"' in criteria.get_data(as_text=True)
    for path in (
        "/index/2030/department/criteria",
        "/index/2021/tinh/criteria",
        "/index/21/department/criteria",
    ):
        assert client.get(path).status_code == 404, path
    template = client.get("/index/criteria/template.xlsx")
    assert template.status_code == 200
    assert load_workbook(BytesIO(template.data)).active["A2"].value == "STT"


def test_an_appraiser_sees_the_units_but_not_the_settings(client, login, make_user, make_unit, app):
    with app.app_context():
        import_criteria(None, table(), "bo.xlsx", 2021, "district")
    make_unit(kind="district", code="DH", name="Thành phố Đông Hà")
    login(make_user(role="appraiser"))
    page = client.get("/index/2021/district").get_data(as_text=True)
    assert 'id="unit-DH"' in page and "Chưa bắt đầu" in page
    assert 'id="set-settings"' not in page
    token = csrf_from(client, "/index")
    refused = client.post("/index/2021/district/settings", data={"csrf_token": token, "name": "X"})
    assert refused.status_code == 403


def settings_form(client, path: str, **changes) -> dict:
    page = client.get(path).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = {
        "csrf_token": CSRF_RE.findall(page)[-1],
        "name": "Bộ tiêu chí 2021",
        "decision": "Quyết định số 2/QĐ-UBND",
        "self_deadline": "15/01/2022",
        "answer_days": "5",
        "survey_max": "30",
        "bands": "Xuất sắc: 95\nTốt: 85\nKhá: 70\nYếu: 0",
        "version": version,
    }
    return data | changes


def test_the_office_sets_the_deadline_days_survey_and_bands(client, login, make_user, app):
    with app.app_context():
        import_criteria(None, table(), "bo.xlsx", 2021, "department")
    login(make_user(role="office"))
    path = "/index/2021/department"
    saved = client.post(f"{path}/settings", data=settings_form(client, path))
    assert saved.status_code == 302
    with app.app_context():
        found = find_set(2021, "department")
        assert (found.name, found.answer_days, found.survey_max) == ("Bộ tiêu chí 2021", 5, 30)
        assert found.self_deadline.isoformat() == "2022-01-15"
        assert found.bands[0] == {"label": "Xuất sắc", "min": 95.0} and found.bands[-1]["min"] == 0
    page = client.get(path).get_data(as_text=True)
    assert "15/01/2022" in page and "Xuất sắc: 95" in page
    for field, value, words in (
        ("bands", "Tốt: 90\nKhá: 80", "bắt đầu từ 0"),
        ("bands", "Tốt 90", "không phải một mức xếp loại"),
        ("answer_days", "0", "từ 1 đến 90"),
        ("self_deadline", "31/02/2022", "dd/mm/yyyy"),
    ):
        refused = client.post(
            f"{path}/settings", data=settings_form(client, path, **{field: value})
        )
        assert refused.status_code == 422, field
        assert words in refused.get_data(as_text=True), field
    stale = client.post(
        f"{path}/settings", data=settings_form(client, path, version="1", name="Khác")
    )
    assert stale.status_code == 409


def test_the_template_imports_as_it_is(app_ctx):
    result = read_criteria(None, template_workbook().getvalue(), "mau.xlsx", 2021, "commune")
    assert result.status == "imported" and result.max_points == 10
    rules = {c.number: c.rule for c in result.criteria if c.leaf}
    assert rules["1.1.1"] == "levels" and rules["1.3"] == "computed" and rules["1.2"] == "number"
