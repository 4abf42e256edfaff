"""The office's import page: upload → preview (a dry run) → confirm, with CSRF; the export."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import CSRF_RE, csrf_from
from tests.imports_support import SAMPLE_CSV, edited_sample, load_units

CONFIRM_RE = re.compile(r'action="(/plans/import/[A-Za-z0-9_-]+)"')


@pytest.fixture
def units(db_session):
    return load_units(db_session)


def upload(client, data: bytes, code="4800/KH-UBND", name="ke-hoach.csv"):
    token = csrf_from(client, "/plans/import")
    return client.post(
        "/plans/import",
        data={"csrf_token": token, "plan_code": code, "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def plan_count(db_session) -> int:
    from tracker.plans.models import Plan

    return db_session.scalar(select(func.count()).select_from(Plan))


def test_office_previews_then_confirms_an_import(client, login, make_user, db_session, units, app):
    from tracker.plans.models import Plan

    login(make_user(role="office"))
    preview = upload(client, SAMPLE_CSV.read_bytes())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-2000:]
    assert "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022" in page
    assert "IV.2" in page and "Các sở, ban, ngành (20)" in page
    assert plan_count(db_session) == 0  # a preview writes nothing
    action = CONFIRM_RE.search(page).group(1)
    # The confirmation needs the CSRF token of the page.
    assert client.post(action, data={"plan_code": "4800/KH-UBND"}).status_code in (302, 400)
    assert plan_count(db_session) == 0
    form_token = CSRF_RE.findall(page)[-1]
    done = client.post(action, data={"csrf_token": form_token, "plan_code": "4800/KH-UBND"})
    assert done.status_code == 302
    plan = db_session.scalar(select(Plan).where(Plan.code == "4800/KH-UBND"))
    assert done.headers["Location"].endswith(f"/plans/{plan.id}")
    assert len(plan.tasks) == 10
    # The kept file is gone: confirming twice imports nothing more.
    again = client.post(action, data={"csrf_token": form_token, "plan_code": "4800/KH-UBND"})
    assert again.status_code == 302 and again.headers["Location"].endswith("/plans/import")


def test_preview_lists_errors_with_row_and_column_and_offers_no_import(
    client, login, make_user, db_session, units
):
    login(make_user(role="office"))
    response = upload(client, edited_sample(r8c4="Sở Thông tin", r13c5="Quý V/2022"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r">8</td><td>D <small", page)
    assert "Không có đơn vị hay nhóm đơn vị nào tên “Sở Thông tin”; tên gần giống nhất:" in page
    assert "Sở Thông tin và Truyền thông" in page
    assert re.search(r">13</td><td>E <small", page)
    assert "“Quý V/2022”: không có quý V." in page
    assert "2 lỗi; chưa ghi dữ liệu nào" in page
    assert CONFIRM_RE.search(page) is None
    assert plan_count(db_session) == 0


def test_an_unreadable_upload_is_refused_on_the_form(client, login, make_user, units):
    login(make_user(role="office"))
    response = upload(client, b"PK\x03\x04 hong", name="ke-hoach.xlsx")
    assert response.status_code == 422
    assert "ke-hoach.xlsx" in response.get_data(as_text=True)


def test_another_users_upload_cannot_be_confirmed(client, login, make_user, db_session, units):
    login(make_user(role="office"))
    page = upload(client, SAMPLE_CSV.read_bytes()).get_data(as_text=True)
    action = CONFIRM_RE.search(page).group(1)
    client.post("/logout", data={"csrf_token": csrf_from(client, "/plans/")})
    login(make_user(role="admin"))
    token = csrf_from(client, "/plans/import")
    response = client.post(action, data={"csrf_token": token, "plan_code": "4800/KH-UBND"})
    assert response.status_code == 302 and plan_count(db_session) == 0


@pytest.mark.parametrize("role", ["unit_lead", "unit_member", "viewer"])
def test_only_the_office_reaches_the_import_page(client, login, make_user, role):
    login(make_user(role=role))
    assert client.get("/plans/import").status_code == 403
    assert client.post("/plans/import/" + "x" * 32).status_code in (400, 403)


def test_plan_page_links_an_xlsx_export_that_reads_back(client, login, make_user, app, units):
    from tracker.imports.reader import read_sheets
    from tracker.imports.services import CommandLine, import_plan
    from tracker.imports.table import read_table

    with app.test_request_context():
        import_plan(CommandLine(), SAMPLE_CSV, SAMPLE_CSV.name, "4800/KH-UBND")
        from tracker.imports.services import load_plan

        plan_id = load_plan("4800/KH-UBND").id
    login(make_user(role="viewer"))
    page = client.get(f"/plans/{plan_id}?as_of=30/09/2022").get_data(as_text=True)
    link = re.search(r'id="export-plan" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "ke-hoach-4800-kh-ubnd-2022-09-30.xlsx" in response.headers["Content-Disposition"]
    table = read_table(read_sheets(response.data, "export.xlsx"))
    assert table.errors == [] and len([r for r in table.rows if r.kind == "task"]) == 10
    sheet = load_workbook(BytesIO(response.data)).active
    header = [c.value for c in sheet[5]]
    assert header[6:] == [
        "Trạng thái",
        "Tình trạng thời hạn",
        "Ngày hoàn thành",
        "Sản phẩm/minh chứng",
    ]
