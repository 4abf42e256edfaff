"""The figures' pages: a unit's form (cut-off, errors by field, the failed check on top), its
list, the office's board and its .xlsx."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD, csrf_from, local_today
from tests.indicator_reports_support import (
    GOOD,
    PERIOD,
    make_checkpoint,
    make_report_task,
    make_set,
)

FORM = f"/indicators/MOT_CUA/{PERIOD}"


@dataclass(frozen=True)
class Who:
    email: str


@pytest.fixture
def world(app, db_session, make_unit, make_user, make_plan):
    """Codes and people, built in an app context left before the requests (see conftest)."""
    with app.test_request_context():
        plan = make_plan(year=2021)
        task = make_report_task(plan)
        make_set(task=task)
        units = [make_unit(), make_unit()]
        for unit in units:
            make_checkpoint(
                task, unit, due=local_today() + timedelta(days=20), assigned_on=local_today()
            )
        member = make_user("unit_member", unit=units[0])
        office = make_user("office")
        # The login helper reads an email only.
        return [u.code for u in units], Who(member.email), Who(office.email)


def post_form(client, path, values, action):
    data = {f"v_{k}": str(v) for k, v in values.items()}
    data |= {"csrf_token": csrf_from(client, path), "action": action, "note": ""}
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    data["version"] = found.group(1) if found else ""
    return client.post(path, data=data)


def test_a_unit_fills_its_form_and_sees_what_is_wrong(client, login, world):
    (code, _other), member, _office = world
    login(member)
    path = f"{FORM}/{code}"
    page = client.get(path).get_data(as_text=True)
    assert "Số liệu từ 15/06/2021 đến 14/09/2021" in page
    assert 'inputmode="numeric"' in page and "Số hồ sơ tiếp nhận (hồ sơ)" in page
    bad = post_form(client, path, GOOD | {"TIEP_NHAN": "abc"}, "save")
    assert bad.status_code == 422
    assert 'id="v_TIEP_NHAN-error"' in bad.get_data(as_text=True)
    for action in ("save", "submit"):
        refused = post_form(client, path, GOOD | {"GQ_QUA_HAN": 7}, action)
        assert refused.status_code == 422
        body = refused.get_data(as_text=True)
        assert 'id="report-problems"' in body and "Đúng hạn + quá hạn = đã giải quyết" in body
    saved = post_form(client, path, GOOD, "save")
    assert saved.status_code == 302
    sent = post_form(client, path, GOOD, "submit")
    assert sent.status_code == 302
    after = client.get(path).get_data(as_text=True)
    assert "Đã gửi số liệu." in after and "Gửi báo cáo" not in after
    listed = client.get("/indicators/reports").get_data(as_text=True)
    assert path in listed


def test_the_office_board_counts_units_and_exports_the_period(app, client, login, world):
    (code, other), member, office = world
    login(member)
    post_form(client, f"{FORM}/{code}", GOOD, "submit")
    client = app.test_client()
    token = csrf_from(client, "/login")
    client.post("/login", data={"email": office.email, "password": PASSWORD, "csrf_token": token})
    board = client.get("/indicators/MOT_CUA/board", query_string={"period": PERIOD})
    assert board.status_code == 200
    text = board.get_data(as_text=True)
    assert "Đã gửi: 1" in text and "Chưa gửi: 1" in text
    assert f"/reminders/adhoc/{other}" in text
    assert "<svg" in text
    export = client.get("/indicators/MOT_CUA/board.xlsx", query_string={"period": PERIOD})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert any(row[0] == code and row[5] == 100 for row in rows)
    assert rows[-1][1] == "Toàn tỉnh" and rows[-1][5] == 100


def test_a_unit_cannot_open_the_board_nor_another_units_form(client, login, world):
    (_code, other), member, _office = world
    login(member)
    assert client.get("/indicators/MOT_CUA/board").status_code == 403
    assert client.get(f"{FORM}/{other}").status_code == 403
