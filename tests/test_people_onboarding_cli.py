"""`tracker import-users`: exit 0 imported (or nothing to change), 1 problems and nothing written,
2 unreadable file; Vietnamese by default, English with TRACKER_LANGUAGE=en; --json for programs."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.imports_support import load_units
from tests.people_support import people_csv, people_rows, people_xlsx


@pytest.fixture
def units(db_session):
    return load_units(db_session)


def invoke(app, *args, env=None):
    return app.test_cli_runner().invoke(args=["import-users", *map(str, args)], env=env)


def people(db_session) -> int:
    from tracker.accounts.models import User

    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(User))


def test_import_exits_0_and_the_same_file_again_changes_nothing(app, db_session, units, tmp_path):
    from tracker.audit.models import AuditEvent

    path = tmp_path / "nhan-su.xlsx"
    path.write_bytes(people_xlsx(people_rows(3)))
    result = invoke(app, path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Người dùng: tạo mới 3, cập nhật 0, giữ nguyên 0.",
        "Đã nhập; 3 thư mời sẽ được gửi.",
    ]
    assert people(db_session) == 3
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "people.import"))
    assert (event.actor_id, event.details["created"], event.details["file"]) == (
        None,
        3,
        "nhan-su.xlsx",
    )
    again = invoke(app, path)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "Không có gì thay đổi."
    assert people(db_session) == 3


def test_a_change_is_listed_and_a_dry_run_writes_nothing(app, db_session, units, tmp_path):
    path = tmp_path / "nhan-su.csv"
    path.write_bytes(people_csv(people_rows(2)))
    assert invoke(app, path).exit_code == 0
    rows = people_rows(2)
    rows[1][4] = "Phó Chánh Văn phòng"
    path.write_bytes(people_csv(rows))
    result = invoke(app, path, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Người dùng: sẽ tạo mới 0, sẽ cập nhật 1, giữ nguyên 1.",
        "  nguoi2@quangtri.gov.vn: Chức vụ: “Chuyên viên” → “Phó Chánh Văn phòng”",
        "Chạy thử: chưa ghi gì vào hệ thống.",
    ]
    as_json = json.loads(invoke(app, path, "--dry-run", "--json").stdout)
    assert (as_json["status"], as_json["updated"], as_json["written"]) == ("dry_run", 1, False)
    assert as_json["people"][1]["changes"] == {"position": ["Chuyên viên", "Phó Chánh Văn phòng"]}


def test_problems_exit_1_with_row_and_column(app, db_session, units, tmp_path):
    rows = people_rows(3)
    rows[2][2] = "Sở Nội vụu"
    path = tmp_path / "nhan-su.csv"
    path.write_bytes(people_csv(rows))
    result = invoke(app, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Dòng 4, cột C: Không có đơn vị “Sở Nội vụu”; có phải “Sở Nội vụ”?",
        "Có 1 lỗi; chưa ghi gì vào hệ thống.",
    ]
    assert people(db_session) == 0
    english = invoke(app, path, env={"TRACKER_LANGUAGE": "en"})
    assert english.stderr.splitlines()[0] == (
        "Row 4, column C: There is no unit “Sở Nội vụu”; did you mean “Sở Nội vụ”?"
    )
    as_json = json.loads(invoke(app, path, "--json").stdout)
    assert as_json["problems"][0] | {"message": ""} == {
        "row": 4,
        "column": "C",
        "header": "Đơn vị",
        "code": "unknown_unit",
        "params": {"unit": "Sở Nội vụu", "closest": "Sở Nội vụ"},
        "message": "",
    }


def test_an_unreadable_file_exits_2(app, db_session, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    result = invoke(app, path)
    assert result.exit_code == 2
    assert "Không đọc được tệp .xlsx này" in result.stderr
    missing = invoke(app, tmp_path / "khong-co.csv", "--json")
    assert missing.exit_code == 2
    assert json.loads(missing.stdout)["code"] == "file_not_found"
