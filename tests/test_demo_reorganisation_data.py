"""The demo's 2025 data checked as plain data: the vendored snapshot of the 78 communes against
the units of 2021 (vietnam-provinces 0.6), the shipped reorganisation table against the data it
is made from, and the 2026 plan's tasks (no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.test_demo_plan_data import demo_class, due_from_text
from tracker.demo import units as unit_data
from tracker.demo.plan_2026 import PLAN_2026
from tracker.demo.reorganisation_2025 import (
    COLUMNS,
    DEPARTMENT_CHANGES,
    DISTRICT_SUCCESSORS,
    TABLE_FILE,
    communes_2025,
    table_bytes,
    table_rows,
)

# The day the 2026 plan's progress is told as of (its last dated change is before it).
AS_OF_2026 = date(2026, 11, 30)
OLD_COMMUNES = {
    code: (name, short, district)
    for code, name, short, district in unit_data.communes()
    + unit_data.communes(unit_data.QUANG_BINH_DISTRICTS)
}
COMMUNES = communes_2025()["communes"]


def tasks(plan: dict) -> list[dict]:
    return [task for section in plan["sections"] for task in section["tasks"]]


def test_the_shipped_table_is_the_one_the_data_makes():
    assert TABLE_FILE.read_bytes() == table_bytes(), (
        "regenerate it: python -m tracker.demo.reorganisation_2025"
    )
    assert table_rows()[0] == list(COLUMNS)


def test_the_new_province_has_78_communes_of_three_kinds():
    kinds = Counter(commune["division_type"] for commune in COMMUNES)
    assert kinds == {"xã": 69, "phường": 8, "đặc khu": 1}
    assert len({commune["code"] for commune in COMMUNES}) == 78
    assert communes_2025()["province"]["code"] == 44
    assert "1680/NQ-UBTVQH15" in communes_2025()["decision"]


def test_every_old_commune_went_into_exactly_one_new_one():
    predecessors = Counter(
        p["code"] for commune in COMMUNES for p in commune["predecessors"] if p["district_code"]
    )
    assert set(predecessors) == set(OLD_COMMUNES)
    assert set(predecessors.values()) == {1}
    assert len(OLD_COMMUNES) == 264  # 119 of Quảng Trị, 145 of Quảng Bình


def test_predecessors_are_named_and_placed_as_the_2021_units_are():
    for commune in COMMUNES:
        for p in commune["predecessors"]:
            if p["district_code"] is None:
                continue
            _name, short, district = OLD_COMMUNES[p["code"]]
            assert (p["name"], p["district_code"]) == (short, district), p


def test_a_new_commune_that_kept_a_code_continues_that_commune():
    kept = [c for c in COMMUNES if c["kept_code_of"]]
    assert len(kept) == 77
    for commune in COMMUNES:
        codes = [p["code"] for p in commune["predecessors"]]
        assert commune["kept_code_of"] == (commune["code"] if commune["code"] in codes else None)
        assert commune["partial"] is False  # each item of the resolution takes whole communes
    unchanged = [c for c in COMMUNES if [p["code"] for p in c["predecessors"]] == [c["code"]]]
    assert [c["name"] for c in unchanged] == ["Xã Tân Thành"]
    con_co = next(c for c in COMMUNES if c["division_type"] == "đặc khu")
    assert [p["code"] for p in con_co["predecessors"]] == ["471"]


def test_each_district_passes_its_work_to_a_commune_of_its_own_territory():
    districts = [code for code, *_ in unit_data.DISTRICTS + unit_data.QUANG_BINH_DISTRICTS]
    assert sorted(d for d, *_ in DISTRICT_SUCCESSORS) == sorted(set(districts) - {"471"})
    by_code = {commune["code"]: commune for commune in COMMUNES}
    for district, successor, why in DISTRICT_SUCCESSORS:
        origins = {p["district_code"] for p in by_code[successor]["predecessors"]}
        assert district in origins, (district, successor)
        assert why


def test_departments_close_once_into_a_department_of_today():
    codes = {code for code, *_ in unit_data.DEPARTMENTS}
    closing = [old for _form, olds, _new, _name, _note in DEPARTMENT_CHANGES for old in olds]
    assert len(closing) == len(set(closing)) and set(closing) <= codes
    for form, _olds, new, name, _note in DEPARTMENT_CHANGES:
        if form == "sáp nhập":
            assert new in codes - set(closing) and not name  # goes on under its name
        else:
            assert new not in codes and name.startswith("Sở ")


def test_every_row_says_which_decision_and_day():
    for row in table_rows()[1:]:
        day, form, olds, new, _name, _kind, decision, note = row
        assert day in ("01/03/2025", "01/07/2025")
        assert form in ("sáp nhập", "hợp nhất", "giải thể", "thành lập")
        assert decision and len(decision) <= 300 and note
        assert new and (olds or form == "thành lập")
    district_rows = [row for row in table_rows() if row[1] == "giải thể" and row[2] != "471"]
    assert all("dữ liệu minh họa" in row[6] for row in district_rows)


def test_the_2026_plan_says_it_is_demo_data():
    assert "minh họa" in PLAN_2026["title"] and "minh họa" in PLAN_2026["description"]
    assert PLAN_2026["code"] == "KH-CCHC-2026" and PLAN_2026["year"] == 2026


def test_the_2026_plan_is_assigned_to_units_of_its_day():
    after = {new for _form, _olds, new, _name, _note in DEPARTMENT_CHANGES}
    closed = {old for _form, olds, *_ in DEPARTMENT_CHANGES for old in olds}
    departments = {code for code, *_ in unit_data.DEPARTMENTS} - closed | after
    communes = {commune["code"] for commune in COMMUNES}
    known = departments | communes | {unit_data.OFFICE[0], "SBN", "XA"}
    for task in tasks(PLAN_2026):
        assert task["lead"] and set(task["lead"]) | set(task["cooperating"]) <= known, task
        assert set(task.get("unit_progress", {})) <= communes | departments, task["number"]


@pytest.mark.parametrize("task", tasks(PLAN_2026), ids=lambda t: t["number"])
def test_the_2026_plan_reads_like_the_2021_one(task):
    due, recurrence = due_from_text(task["deadline_text"], PLAN_2026["year"])
    assert (task["due_date"], task["recurrence"]) == (due, recurrence)
    for progress in [task["progress"], *task.get("unit_progress", {}).values()]:
        done = progress["state"] in ("done", "awaiting_confirmation")
        assert (progress["completed_on"] is not None) == done
        days = [progress.get("completed_on"), progress.get("cancelled_on")]
        extension = progress.get("extension") or {}
        days += [extension.get("requested_on"), extension.get("decided_on")]
        assert all(PLAN_2026["issued_on"] <= d <= AS_OF_2026 for d in days if d), task["number"]
    assert not task["title"].isascii()


def test_the_2026_plan_has_progress_some_late_and_a_few_overdue():
    classes = Counter(
        demo_class(task, progress, AS_OF_2026)
        for task in tasks(PLAN_2026)
        for progress in [task["progress"], *task.get("unit_progress", {}).values()]
    )
    assert {"done_on_time", "done_late", "overdue", "on_track", "no_deadline", "cancelled"} <= set(
        classes
    )
    assert classes["done_on_time"] > classes["overdue"]
