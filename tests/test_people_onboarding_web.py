"""The import page /admin/users/import: upload → preview (a dry run: counts, the rows, every
problem in Vietnamese) → confirm, all or nothing; a unit's lead for their own staff; the blank
list to fill in."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import CSRF_RE, csrf_from
from tests.imports_support import load_units
from tests.people_support import people_csv, people_rows, people_xlsx

CONFIRM_RE = re.compile(r'action="(/admin/users/import/[A-Za-z0-9_-]+)"')


@pytest.fixture
def units(db_session):
    return load_units(db_session)


def upload(client, data: bytes, name="nhan-su.xlsx"):
    token = csrf_from(client, "/admin/users/import")
    return client.post(
        "/admin/users/import",
        data={"csrf_token": token, "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def people(db_session) -> int:
    from tracker.accounts.models import User

    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(User))


def confirm(client, page: str):
    action = CONFIRM_RE.search(page).group(1)
    return client.post(action, data={"csrf_token": CSRF_RE.findall(page)[-1]})


def test_the_office_previews_then_confirms(client, login, make_user, db_session, units):
    login(make_user(role="office"))
    listed = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users/import"' in listed
    before = people(db_session)
    preview = upload(client, people_xlsx(people_rows(3)))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-3000:]
    assert "Nguyễn Văn Thử 3" in page and "nguoi2@quangtri.gov.vn" in page
    assert re.search(r"Thêm mới</span> <strong>3</strong>", page), page
    assert people(db_session) == before  # a preview writes nothing
    done = confirm(client, page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/users")
    assert people(db_session) == before + 3
    flashed = client.get("/admin/users").get_data(as_text=True)
    assert "Đã tạo và gửi lời mời cho 3 người, cập nhật 0, giữ nguyên 0." in flashed
    # The same file again: nothing to import, no button to do it.
    again = upload(client, people_xlsx(people_rows(3))).get_data(as_text=True)
    assert "nhập tệp sẽ không thay đổi gì" in again and "confirm-import" not in again
    # The kept file is gone once confirmed.
    gone = confirm(client, page)
    assert gone.headers["Location"].endswith("/admin/users/import")


def test_problems_are_listed_and_nothing_is_written(client, login, make_user, db_session, units):
    login(make_user(role="office"))
    rows = people_rows(4)
    rows[1][3] = "Trưởng nhóm"
    rows[2][2] = "Sở Nội vụu"
    before = people(db_session)
    preview = upload(client, people_csv(rows), name="nhan-su.csv")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "2 lỗi" in page
    assert "Dòng 3, cột D: “Trưởng nhóm” không phải là một vai trò" in page
    assert "Dòng 4, cột C: Không có đơn vị “Sở Nội vụu”; có phải “Sở Nội vụ”?" in page
    assert "confirm-import" not in page and 'id="people-import-form"' in page
    assert people(db_session) == before


def test_an_unreadable_file_is_refused_by_the_file_field(client, login, make_user, units):
    login(make_user(role="office"))
    refused = upload(client, b"PK\x03\x04 broken", name="hong.xlsx")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Không đọc được tệp hong.xlsx: Không đọc được tệp .xlsx này" in page
    empty = client.post(
        "/admin/users/import",
        data={"csrf_token": csrf_from(client, "/admin/users/import")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422
    assert "Hãy chọn tệp danh sách người dùng." in empty.get_data(as_text=True)


def test_a_lead_imports_their_staff_and_is_told_about_other_rows(
    client, login, make_user, db_session, units
):
    login(make_user(role="unit_lead", unit=units["SNV"]))
    rows = [
        ["Cán Bộ Một", "cb1@quangtri.gov.vn", "SNV", "Chuyên viên", "", ""],
        ["Cán Bộ Hai", "cb2@quangtri.gov.vn", "STP", "Chuyên viên", "", ""],
    ]
    page = upload(client, people_csv(rows), name="a.csv").get_data(as_text=True)
    assert "Dòng 3, cột C: Lãnh đạo đơn vị chỉ quản lý tài khoản cán bộ của đơn vị mình." in page
    preview = upload(client, people_csv(rows[:1]), name="a.csv")
    assert preview.status_code == 200
    assert confirm(client, preview.get_data(as_text=True)).status_code == 302
    from tracker.accounts.models import User

    created = db_session.scalar(select(User).where(User.email == "cb1@quangtri.gov.vn"))
    assert (created.role, created.unit.code) == ("unit_member", "SNV")


@pytest.mark.parametrize("role", ["viewer", "unit_member"])
def test_who_manages_nobody_is_refused(client, login, make_user, units, role):
    login(make_user(role=role, unit=units["SNV"] if role == "unit_member" else None))
    assert client.get("/admin/users/import").status_code == 403
    assert client.get("/admin/users/import/template.xlsx").status_code == 403


def test_the_blank_list_imports_as_nothing_and_lists_roles_and_units(
    client, login, make_user, units
):
    login(make_user(role="unit_lead", unit=units["SNV"]))
    blank = client.get("/admin/users/import/template.xlsx")
    assert blank.status_code == 200
    book = load_workbook(BytesIO(blank.data))
    assert [c.value for c in book["Danh sách"][1]] == [
        "Họ và tên",
        "Email",
        "Đơn vị",
        "Vai trò",
        "Chức vụ",
        "Điện thoại",
    ]
    guide = [[c.value for c in row] for row in book["Hướng dẫn"].iter_rows()]
    # A lead may name one role and one unit: their own.
    assert ["Chuyên viên", "unit_member"] in guide and ["Sở Nội vụ", "SNV"] in guide
    assert not any(row[0] == "Sở Tư pháp" for row in guide)
    preview = upload(client, blank.data)
    assert preview.status_code == 200
    assert "nhập tệp sẽ không thay đổi gì" in preview.get_data(as_text=True)
