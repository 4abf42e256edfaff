"""Bulk onboarding: a file of people (.xlsx or .csv) becomes accounts with invitations, all or
nothing; problems name their row and column in Vietnamese (an unknown unit the closest one);
the same file again changes nothing and sends nothing; a unit's lead only for their staff."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.imports_support import load_units
from tests.people_support import HEADER, people_csv, people_rows, people_xlsx


@pytest.fixture
def units(db_session):
    return load_units(db_session)


@pytest.fixture
def office(make_user, units):
    return make_user(role="office", email="vanphong@quangtri.gov.vn")


def run(actor, data, filename="nhan-su.csv", **options):
    from tracker.people.onboarding import import_people

    return import_people(actor, data, filename, **options)


def counts(db_session) -> dict:
    from tracker.accounts.models import AccountLink, User
    from tracker.audit.models import AuditEvent
    from tracker.reminders.models import ReminderDelivery

    db_session.expire_all()
    models = (User, AccountLink, ReminderDelivery, AuditEvent)
    return {m.__name__: db_session.scalar(select(func.count()).select_from(m)) for m in models}


def person(db_session, email):
    from tracker.accounts.models import User

    db_session.expire_all()
    return db_session.scalar(select(User).where(User.email == email))


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_a_csv_file_creates_each_person_with_an_invitation(app_ctx, db_session, office):
    before = counts(db_session)
    result = run(office, people_csv(people_rows(3)))
    assert messages(result) == []
    assert (result.status, result.written) == ("imported", True)
    assert [(i.row, i.action) for i in result.items] == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
    ]
    after = counts(db_session)
    assert after["User"] - before["User"] == 3
    # One invitation link and one pending mail per person, written with the accounts.
    assert after["AccountLink"] - before["AccountLink"] == 3
    assert after["ReminderDelivery"] - before["ReminderDelivery"] == 3
    lead = person(db_session, "nguoi1@quangtri.gov.vn")
    assert (lead.full_name, lead.role, lead.unit.code) == ("Nguyễn Văn Thử 1", "unit_lead", "SNV")
    assert (lead.position, lead.phone, lead.password_hash) == ("Giám đốc", "0912000001", None)
    assert person(db_session, "nguoi2@quangtri.gov.vn").role == "unit_member"


def test_an_xlsx_file_in_any_column_order_below_title_rows(app_ctx, db_session, office):
    header = ["STT", "Vai trò", "Email", "Họ và tên", "Điện thoại", "Đơn vị", "Chức vụ"]
    rows = [
        [1, "Văn phòng UBND tỉnh", "Hoa.Le@QuangTri.gov.vn", "Lê Thị Hoa", 912345678, "", ""],
        [2, "unit_member", "an@quangtri.gov.vn", "Trần An", "0233 3852 111", "STP", "Chuyên viên"],
        [3, "Xem báo cáo", "xem2@quangtri.gov.vn", "Phan Xem", None, None, None],
    ]
    data = people_xlsx(rows, header=header, title="DANH SÁCH CÁN BỘ SỬ DỤNG PHẦN MỀM")
    result = run(office, data, filename="Danh sach.xlsx")
    assert messages(result) == []
    assert result.sheet == "Danh sách"
    assert [i.row for i in result.items] == [4, 5, 6]
    hoa = person(db_session, "hoa.le@quangtri.gov.vn")
    # A phone number the spreadsheet took for a number lost its leading 0: put back.
    assert (hoa.role, hoa.unit, hoa.phone) == ("office", None, "0912345678")
    an = person(db_session, "an@quangtri.gov.vn")
    assert (an.role, an.unit.code, an.phone) == ("unit_member", "STP", "0233 3852 111")
    assert person(db_session, "xem2@quangtri.gov.vn").role == "viewer"


def test_problems_name_their_row_and_column_in_vietnamese(app_ctx, db_session, office):
    rows = people_rows(6)
    rows[1][3] = "Trưởng nhóm"  # row 3: no such role
    rows[2][2] = "Sở Nội vụu"  # row 4: a typo of a unit
    rows[3][1] = "khong-phai-email"  # row 5
    rows[4][0] = ""  # row 6: no name
    rows[5][1] = "NGUOI1@quangtri.gov.vn"  # row 7: the email of row 2 again
    before = counts(db_session)
    result = run(office, people_csv(rows))
    assert result.status == "problems" and not result.written
    assert messages(result) == [
        "Dòng 3, cột D: “Trưởng nhóm” không phải là một vai trò; hãy ghi một trong: "
        "Quản trị hệ thống, Văn phòng UBND tỉnh, Lãnh đạo đơn vị, Chuyên viên, Người xem, "
        "Thành viên tổ thẩm định.",
        "Dòng 4, cột C: Không có đơn vị “Sở Nội vụu”; có phải “Sở Nội vụ”?",
        "Dòng 5, cột B: “khong-phai-email” không phải là địa chỉ email.",
        "Dòng 6, cột A: Vui lòng nhập trường này.",
        "Dòng 7, cột B: nguoi1@quangtri.gov.vn đã có ở dòng 2 của tệp.",
    ]
    assert counts(db_session) == before


def test_a_refusal_of_the_people_services_is_the_row_s_problem(app_ctx, db_session, office):
    rows = people_rows(3)
    rows[1][1] = "khong-phai-email"  # row 3: the email rule of every account
    rows[2][5] = "số máy bàn"  # row 4: not a phone number
    rows[0][2] = ""  # row 2: a unit's lead without a unit
    result = run(office, people_csv(rows))
    where = [(p.row, p.column, p.code) for p in result.problems]
    assert where == [(2, "C", "unit_required"), (3, "B", "not_an_email"), (4, "F", "not_a_phone")]
    assert messages(result)[1] == "Dòng 3, cột B: “khong-phai-email” không phải là địa chỉ email."


def test_one_bad_row_writes_nothing_at_all(app_ctx, db_session, office):
    rows = people_rows(20)
    rows[17][2] = "Sở Không Có"
    before = counts(db_session)
    result = run(office, people_csv(rows))
    assert [(p.row, p.column) for p in result.problems] == [(19, "C")]
    assert counts(db_session) == before
    assert person(db_session, "nguoi1@quangtri.gov.vn") is None


def test_the_same_file_again_changes_nothing_and_sends_nothing(app_ctx, db_session, office):
    data = people_csv(people_rows(5))
    assert run(office, data).written
    before = counts(db_session)
    again = run(office, data)
    assert (again.status, again.written) == ("unchanged", False)
    assert [i.action for i in again.items] == ["unchanged"] * 5
    assert counts(db_session) == before
    # So does the same people written otherwise: in .xlsx, with their email in capitals.
    rows = people_rows(5)
    rows[0][1] = rows[0][1].upper()
    assert run(office, people_xlsx(rows), filename="lai.xlsx").status == "unchanged"
    assert counts(db_session) == before


def test_a_known_email_is_updated_in_place(app_ctx, db_session, office, make_user, units):
    member = make_user(
        role="unit_member",
        unit=units["SNV"],
        email="nguoi2@quangtri.gov.vn",
        position="Chuyên viên",
        phone="0912000002",
    )
    old_name = member.full_name
    rows = people_rows(2)
    rows[1][0] = "Nguyễn Văn Thử Hai"
    rows[1][2] = "Sở Tư pháp"  # moves to another unit
    before = counts(db_session)
    result = run(office, people_csv(rows))
    assert messages(result) == []
    created, updated = result.items
    assert (created.action, updated.action) == ("create", "update")
    assert updated.changes == {
        "full_name": [old_name, "Nguyễn Văn Thử Hai"],
        "unit": ["SNV", "STP"],
    }
    after = counts(db_session)
    # Only the new person is invited; the known one already has a password.
    assert after["ReminderDelivery"] - before["ReminderDelivery"] == 1
    moved = person(db_session, "nguoi2@quangtri.gov.vn")
    assert (moved.full_name, moved.unit.code, moved.password_hash) == (
        "Nguyễn Văn Thử Hai",
        "STP",
        member.password_hash,
    )


def test_without_the_position_and_phone_columns_those_stay(app_ctx, db_session, office, make_user):
    make_user(role="viewer", email="xem@quangtri.gov.vn", position="Phó Giám đốc", phone="0905")
    header = ["Họ và tên", "Email", "Đơn vị", "Vai trò"]
    result = run(
        office, people_csv([["Người Xem", "xem@quangtri.gov.vn", "", "Người xem"]], header)
    )
    assert messages(result) == []
    viewer = person(db_session, "xem@quangtri.gov.vn")
    assert (viewer.full_name, viewer.position, viewer.phone) == (
        "Người Xem",
        "Phó Giám đốc",
        "0905",
    )


def test_a_dry_run_counts_and_writes_nothing(app_ctx, db_session, office):
    before = counts(db_session)
    result = run(office, people_csv(people_rows(4)), dry_run=True)
    assert (result.status, result.written) == ("dry_run", False)
    assert (result.count("create"), result.invitations) == (4, 4)
    assert counts(db_session) == before


def test_a_file_without_its_columns_says_which(app_ctx, db_session, office):
    result = run(office, people_csv([["An", "an@quangtri.gov.vn", "SNV"]], HEADER[:3]))
    assert messages(result) == ["Dòng 1: Bảng không có cột Vai trò."]
    no_header = run(office, people_csv([["a", "b"]], ["Tên", "Tuổi"]))
    assert [p.code for p in no_header.problems] == ["no_people_header"]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "trong.csv", "file_empty"),
        (b"PK\x03\x04 not a zip", "hong.xlsx", "unreadable_xlsx"),
        (b"\xd0\xcf\x11\xe0old", "cu.xls", "old_xls_workbook"),
        (b"H\xf4 t\xean,Email\n", "ansi.csv", "csv_not_utf8"),
        (b"%PDF-1.4", "danh-sach.pdf", "not_a_people_file"),
    ],
)
def test_an_unreadable_file_is_refused_whole(app_ctx, office, data, filename, code):
    from tracker.people.onboarding import ImportUnreadable

    with pytest.raises(ImportUnreadable) as refused:
        run(office, data, filename=filename)
    assert refused.value.message.code == code


def test_a_file_past_the_row_limit_is_refused(app_ctx, office):
    from tracker.people.onboarding import ImportUnreadable

    rows = [[f"N {i}", f"n{i}@quangtri.gov.vn", "SNV", "unit_member", "", ""] for i in range(5001)]
    with pytest.raises(ImportUnreadable) as refused:
        run(office, people_csv(rows))
    assert refused.value.message.code == "too_many_rows"
    with pytest.raises(ImportUnreadable) as refused:
        run(office, people_csv(rows[:1001]))
    assert str(refused.value) == (
        "Tệp có 1.001 người; mỗi lần nhập tối đa 1.000 người: hãy chia danh sách thành nhiều tệp."
    )


def test_a_unit_lead_imports_only_the_staff_of_their_unit(app_ctx, db_session, units, make_user):
    lead = make_user(role="unit_lead", unit=units["SNV"], email="lanhdao@quangtri.gov.vn")
    other = make_user(role="unit_member", unit=units["STP"], email="stp@quangtri.gov.vn")
    rows = [
        ["Cán Bộ Một", "cb1@quangtri.gov.vn", "SNV", "Chuyên viên", "", ""],
        ["Cán Bộ Hai", "cb2@quangtri.gov.vn", "STP", "Chuyên viên", "", ""],  # another unit
        ["Phó Phòng", "pho@quangtri.gov.vn", "SNV", "Lãnh đạo đơn vị", "", ""],  # not staff
        ["Người Khác", other.email, "SNV", "Chuyên viên", "", ""],  # someone else's staff
    ]
    before = counts(db_session)
    result = run(lead, people_csv(rows))
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (3, "C", "own_unit_staff_only"),
        (4, "D", "own_unit_staff_only"),
        (5, "B", "own_unit_staff_only"),
    ]
    assert counts(db_session) == before
    assert run(lead, people_csv(rows[:1])).written
    assert person(db_session, "cb1@quangtri.gov.vn").unit.code == "SNV"


def test_who_manages_nobody_cannot_import(app_ctx, make_user, units):
    from tracker.core.exceptions import Forbidden

    for role in ("viewer", "unit_member"):
        with pytest.raises(Forbidden):
            run(make_user(role=role, unit=units["SNV"] if role == "unit_member" else None), b"x")


def test_what_no_cell_may_hold_is_refused_in_its_cell(app_ctx, db_session, office):
    rows = people_rows(3)
    rows[0][0] = "Nguyễn\x07Văn A"  # row 2: a control character
    rows[1][2] = "Sở " + "x" * 300  # row 3: longer than any unit's name
    rows[2][3] = "Vai trò " + "y" * 300  # row 4: quoted shortly
    result = run(office, people_csv(rows))
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (2, "A", "control_character"),
        (3, "C", "too_long"),
        (4, "D", "unknown_role"),
    ]
    assert len(result.problems[2].problem.params["role"]) == 80


def test_the_closest_unit_is_sought_for_the_first_unknown_names_only(app_ctx, office):
    rows = [
        [f"Người {i}", f"n{i}@quangtri.gov.vn", f"Sở Nội vụ {i}x", "Chuyên viên", "", ""]
        for i in range(40)
    ]
    result = run(office, people_csv(rows))
    suggested = ["closest" in p.problem.params for p in result.problems]
    assert suggested == [True] * 30 + [False] * 10
    # The same unknown name again is one lookup: still suggested.
    rows = [[f"Người {i}", f"n{i}@quangtri.gov.vn", "Sở Nội vụu", "Chuyên viên"] for i in range(40)]
    again = run(office, people_csv(rows, HEADER[:4]))
    assert all(p.problem.params.get("closest") == "Sở Nội vụ" for p in again.problems)
