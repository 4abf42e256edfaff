"""`tracker reorganise FILE [--dry-run] [--json]` (#17): exit 0 applied or nothing to change, 1
problems (nothing written), 2 unreadable; in Vietnamese, and --json for programs."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.reorganise_support import build_province, row, table
from tracker.extensions import db
from tracker.units.models import Unit


@pytest.fixture
def province(app_ctx, make_unit, make_user, make_plan, make_group):
    return build_province(make_unit, make_user, make_plan, make_group)


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["reorganise", *map(str, args)])


def closed(code: str) -> bool:
    db.session.expire_all()
    return db.session.scalar(select(Unit).where(Unit.code == code)).valid_to is not None


def test_applied_exit_0_and_the_second_run_changes_nothing(app, province, tmp_path):
    path = tmp_path / "sap-xep.csv"
    path.write_bytes(table(row("sáp nhập", "SKH", "STC"), bom=True))
    first = invoke(app, path)
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert "Đơn vị thôi hoạt động: Sở Kế hoạch và Đầu tư [SKH] → Sở Tài chính [STC]" in lines
    assert "Nhiệm vụ đang mở được chuyển giao: 1" in lines
    assert lines[-1] == "Đã sắp xếp lại đơn vị."
    assert closed("SKH")
    again = invoke(app, path, "--json")
    assert again.exit_code == 0
    answer = json.loads(again.stdout)
    assert answer["applied"] is False and answer["nothing_to_change"] is True
    assert {"applied", "units_created", "units_closed", "moved", "kept", "problems"} <= set(answer)


def test_dry_run_json_says_what_would_change_and_writes_nothing(app, province, tmp_path):
    path = tmp_path / "sap-xep.csv"
    path.write_bytes(table(row("hợp nhất", "STN;SNN", "SNNMT", "Sở Nông nghiệp và Môi trường")))
    result = invoke(app, path, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["applied"] is False and answer["units_created"] == ["SNNMT"]
    assert sorted(answer["units_closed"]) == ["SNN", "STN"]
    opened = province["assignments"]["8"].id
    assert answer["moved"] == [{"assignment_id": opened, "from": "STN", "to": "SNNMT"}]
    assert answer["problems"] == []
    assert not closed("STN")


def test_problems_exit_1_by_row_and_column_and_nothing_is_written(app, province, tmp_path):
    path = tmp_path / "sap-xep.csv"
    path.write_bytes(
        table(row("sáp nhập", "SKH", "STC"), ["", "sáp nhập", "Sở Không Có", "STC", "", "", "QĐ 1"])
    )
    result = invoke(app, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Dòng 3, cột Ngày hiệu lực: Hãy ghi ngày có hiệu lực (dd/mm/yyyy)."
    assert lines[-1] == "Có 1 lỗi; chưa ghi gì vào hệ thống."
    assert not closed("SKH")
    answer = json.loads(invoke(app, path, "--json").stdout)
    (problem,) = answer["problems"]
    assert {k: problem[k] for k in ("row", "column", "code")} == {
        "row": 3,
        "column": "Ngày hiệu lực",
        "code": "reorganisation_date_required",
    }
    assert problem["message"].startswith("Hãy ghi ngày có hiệu lực")


def test_an_unreadable_file_exits_2(app, province, tmp_path):
    path = tmp_path / "sap-xep.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert invoke(app, path).exit_code == 2
    assert invoke(app, tmp_path / "khong-co.csv").exit_code == 2
    answer = json.loads(invoke(app, path, "--json").stdout)
    assert answer["status"] == "unreadable"


def test_a_new_division_type_is_said_as_such_not_as_a_rename_to_the_same_name(
    app, province, tmp_path
):
    path = tmp_path / "sap-xep.csv"
    path.write_bytes(table(row("đổi tên", "19165", "", "Xã Một", "xã")))
    lines = invoke(app, path).stdout.splitlines()
    assert "Đổi tên: 19165 “Phường 1” → “Xã Một”" in lines
    assert "Loại đơn vị hành chính: 19165 “Xã Một” → Xã" in lines
    assert not any("“Xã Một” → “Xã Một”" in line for line in lines)
