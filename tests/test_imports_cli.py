"""`tracker import-plan`: exit 0 imported, 1 errors and nothing written, 2 unreadable file."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.imports_support import SAMPLE_CSV, edited_sample, load_units


@pytest.fixture
def units(db_session):
    return load_units(db_session)


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import-plan", *map(str, args)])


def task_count(db_session) -> int:
    from tracker.plans.models import Task

    return db_session.scalar(select(func.count()).select_from(Task))


def test_import_exits_0_and_a_second_run_changes_nothing(app, db_session, units):
    result = invoke(app, SAMPLE_CSV, "--plan", "4800/KH-UBND")
    assert result.exit_code == 0, result.stderr
    assert "tasks: 10 created, 0 updated, 0 unchanged" in result.stdout
    assert task_count(db_session) == 10
    again = invoke(app, SAMPLE_CSV, "--plan", "4800/KH-UBND")
    assert again.exit_code == 0
    assert "nothing changed" in again.stdout
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
    assert lines[0].startswith('row 8, column D: unknown unit or group "Sở Thông tin"')
    assert lines[1].startswith('row 13, column E: cannot read the deadline "sớm nhất có thể"')
    assert "nothing was written" in lines[-1]
    assert task_count(db_session) == 0
    as_json = json.loads(invoke(app, bad, "--plan", "4800/KH-UBND", "--json").stdout)
    assert as_json["status"] == "errors"
    assert as_json["errors"][0] == {
        "row": 8,
        "column": "D",
        "message": as_json["errors"][0]["message"],
        "header": "Cơ quan phối hợp",
    }


@pytest.mark.parametrize("name", ["hong.xlsx", "khong-co.csv"])
def test_unreadable_or_missing_file_exits_2(app, db_session, units, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(b"PK\x03\x04 not a workbook")
    result = invoke(app, path, "--plan", "X/1", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["status"] == "unreadable"
    assert task_count(db_session) == 0
