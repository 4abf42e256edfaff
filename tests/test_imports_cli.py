"""`tracker import-plan`: exit 0 imported, 1 errors and nothing written, 2 unreadable file; it
speaks Vietnamese (English with TRACKER_LANGUAGE=en), and --json gives the problems' codes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.imports_support import SAMPLE_CSV, edited_sample, load_units


@pytest.fixture
def units(db_session):
    return load_units(db_session)


def invoke(app, *args, env=None):
    return app.test_cli_runner().invoke(args=["import-plan", *map(str, args)], env=env)


def task_count(db_session) -> int:
    from tracker.plans.models import Task

    return db_session.scalar(select(func.count()).select_from(Task))


def test_import_exits_0_and_a_second_run_changes_nothing(app, db_session, units):
    result = invoke(app, SAMPLE_CSV, "--plan", "4800/KH-UBND")
    assert result.exit_code == 0, result.stderr
    assert "Nhiệm vụ: đã tạo 10, đã cập nhật 0, giữ nguyên 0." in result.stdout
    assert task_count(db_session) == 10
    again = invoke(app, SAMPLE_CSV, "--plan", "4800/KH-UBND")
    assert again.exit_code == 0
    assert "Không có gì thay đổi." in again.stdout
    assert task_count(db_session) == 10


def test_dry_run_writes_nothing(app, db_session, units):
    result = invoke(app, SAMPLE_CSV, "--plan", "4800/KH-UBND", "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "dry_run" and data["written"] is False
    assert data["plan"] == {
        "code": "4800/KH-UBND",
        "title": "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
        "year": 2022,
        "exists": False,
    }
    assert [t["number"] for t in data["tasks"]["create"]][:3] == ["I.1", "I.2", "I.3"]
    assert task_count(db_session) == 0


def test_errors_exit_1_with_row_and_column(app, db_session, units, tmp_path):
    bad = tmp_path / "ke-hoach.csv"
    bad.write_bytes(edited_sample(r8c4="Sở Thông tin", r13c5="sớm nhất có thể"))
    result = invoke(app, bad, "--plan", "4800/KH-UBND")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "Dòng 8, cột D: Không có đơn vị hay nhóm đơn vị nào tên “Sở Thông tin”; tên gần giống"
    )
    assert lines[1].startswith("Dòng 13, cột E: Không đọc được thời hạn “sớm nhất có thể”")
    assert lines[-1] == "Có 2 lỗi; chưa ghi gì vào hệ thống."
    assert task_count(db_session) == 0
    english = invoke(app, bad, "--plan", "4800/KH-UBND", env={"TRACKER_LANGUAGE": "en"})
    assert english.exit_code == 1
    assert english.stderr.splitlines()[1].startswith(
        "Row 13, column E: Cannot read the deadline “sớm nhất có thể”"
    )
    as_json = json.loads(invoke(app, bad, "--plan", "4800/KH-UBND", "--json").stdout)
    assert as_json["status"] == "errors"
    first = as_json["errors"][0]
    assert {k: first[k] for k in ("row", "column", "header", "code")} == {
        "row": 8,
        "column": "D",
        "header": "Cơ quan phối hợp",
        "code": "unknown_unit",
    }
    assert first["params"]["name"] == "Sở Thông tin"
    assert "Sở Thông tin và Truyền thông" in first["params"]["closest"]
    assert as_json["errors"][1]["code"] == "deadline_unreadable"


@pytest.mark.parametrize("name", ["hong.xlsx", "khong-co.csv"])
def test_unreadable_or_missing_file_exits_2(app, db_session, units, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(b"PK\x03\x04 not a workbook")
    result = invoke(app, path, "--plan", "X/1", "--json")
    assert result.exit_code == 2
    answer = json.loads(result.stdout)
    assert answer["status"] == "unreadable"
    assert answer["code"] == ("unreadable_xlsx" if name.endswith(".xlsx") else "file_not_found")
    assert task_count(db_session) == 0
