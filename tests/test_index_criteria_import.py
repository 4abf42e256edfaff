"""Importing a reform index criteria set (#19): the province's table, all or nothing, problems
by row and column (numbering, sums, "chọn 1", rules, bad cells); replaced while no unit has
submitted, locked after."""

# ruff: noqa: E501  (the tables of bad rows read best one case a line)
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.index_criteria_support import FIRST, ROWS, csv_table, replaced, row_of, table
from tracker.core.exceptions import Forbidden
from tracker.extensions import db
from tracker.imports.reader import ImportUnreadable
from tracker.reform_index.criteria_import import import_criteria, read_criteria
from tracker.reform_index.criteria_results import CriteriaRefused
from tracker.reform_index.models import Assessment, CriteriaSet, Criterion
from tracker.reform_index.sets import assessment_for, find_set, item_by_number, leaf_criteria


@pytest.fixture
def office(app_ctx, make_user):
    return make_user(role="office")


def count_sets() -> int:
    return db.session.scalar(select(func.count()).select_from(CriteriaSet))


def criteria_of(found: CriteriaSet) -> dict[str, Criterion]:
    return {c.number: c for c in found.criteria}


def problems_of(data: bytes, filename: str = "bo.xlsx", **options) -> list[tuple]:
    result = read_criteria(
        None,
        data,
        filename,
        options.pop("year", 2021),
        options.pop("kind", "department"),
        **options,
    )
    assert result.unreadable is None
    return [(p.row, p.column, p.code) for p in result.problems]


def test_a_good_table_makes_the_tree_with_its_rules(office):
    found = import_criteria(office, table(), "bo.xlsx", 2021, "department")
    assert (found.year, found.kind, found.state, found.is_demo) == (
        2021,
        "department",
        "open",
        False,
    )
    assert found.name == "Bộ tiêu chí xác định Chỉ số CCHC năm 2021 của các sở, ban, ngành"
    by_number = criteria_of(found)
    assert [c.number for c in found.criteria] == [row[0] for row in ROWS]
    assert by_number["1.1.2"].parent_id == by_number["1.1"].id
    assert by_number["1"].parent_id is None and by_number["1.1"].depth == 2
    assert by_number["1.1.1"].depth == 3
    assert [c.number for c in leaf_criteria(found)] == [
        "1.1.1",
        "1.1.2",
        "1.2",
        "1.3",
        "2.1.1",
        "2.1.2",
        "2.2",
    ]
    # a free number with its step, levels, computed (its levels kept), the default step
    assert (by_number["1.1.1"].rule, by_number["1.1.1"].step) == ("number", 0.5)
    assert by_number["1.1.2"].rule == "levels"
    assert by_number["1.1.2"].levels == [
        {"label": "Hoàn thành 100 %", "points": 1.0},
        {"label": "80 – dưới 100 %", "points": 0.5},
        {"label": "dưới 80 %", "points": 0.0},
    ]
    computed = by_number["1.3"]
    assert (computed.rule, computed.formula, computed.parameters) == (
        "computed",
        "plan_done",
        {"plan": "5959"},
    )
    assert [level["points"] for level in computed.levels] == [3.0, 1.5, 0.0]
    assert (by_number["2.2"].rule, by_number["2.2"].step) == ("number", 0.25)
    # "(chọn 1)" in the title; evidence written on the tiêu chí is asked of its parts
    assert by_number["2.1"].choose_one and not by_number["2"].choose_one
    assert by_number["2.1.1"].evidence_required == "Ảnh chụp nơi công khai"
    assert by_number["2.1"].evidence_required == ""  # a parent is not scored
    assert by_number["1.1.1"].evidence_required == "Kế hoạch CCHC năm"
    assert by_number["1.1.2"].evidence_required == ""


def test_a_csv_table_with_decimal_commas_and_options(office):
    rows = replaced(ROWS, 4, max="1,5", guidance="bước 0,5")  # 1.2 now 1,5 points
    rows = replaced(rows, 0, max="6,5")
    found = import_criteria(
        office,
        csv_table(rows),
        "bo.csv",
        2022,
        "district",
        name="Bộ tiêu chí huyện 2022",
        decision="Quyết định số 12/QĐ-UBND ngày 10/01/2022",
        survey_max=20,
        demo=True,
    )
    assert (found.name, found.decision, found.survey_max, found.is_demo) == (
        "Bộ tiêu chí huyện 2022",
        "Quyết định số 12/QĐ-UBND ngày 10/01/2022",
        20,
        True,
    )
    assert criteria_of(found)["1.2"].max_points == 1.5


@pytest.mark.parametrize(
    ("rows", "number", "column", "code"),
    [
        (replaced(ROWS, 1, number="I"), "1.1", "A", "index_criteria_numbering_form"),
        (replaced(ROWS, 1, number=""), "1.1", "A", "required"),
        (replaced(ROWS, 4, number="1.1"), "1.2", "A", "index_criteria_number_twice"),
        (replaced(ROWS, 4, number="1.4"), "1.2", "A", "index_criteria_number_gap"),
        (replaced(ROWS, 10, number="3.1"), "2.2", "A", "index_criteria_no_parent"),
        (replaced(ROWS, 1, title=""), "1.1", "B", "required"),
        (replaced(ROWS, 2, max="một"), "1.1.1", "C", "index_criteria_points"),
        (replaced(ROWS, 2, max=""), "1.1.1", "C", "required"),
        (replaced(ROWS, 2, max=0), "1.1.1", "C", "index_criteria_points"),
        (replaced(ROWS, 2, max="0,125"), "1.1.1", "C", "index_criteria_points"),
        (replaced(ROWS, 3, guidance="Tự động: doan_mo(x=1)"), "1.1.2", "D", "formula_unknown"),
        (
            replaced(ROWS, 3, guidance="Tự động: plan_done(5959)"),
            "1.1.2",
            "D",
            "index_formula_parameter",
        ),
        (
            replaced(ROWS, 3, guidance="Đạt = 2; Không đạt = 0"),
            "1.1.2",
            "D",
            "index_level_above_max",
        ),
        (replaced(ROWS, 3, guidance="bước 0,3"), "1.1.2", "D", "index_step_misses_max"),
        (replaced(ROWS, 3, title="x" * 1001), "1.1.2", "B", "too_long"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(app_ctx, rows, number, column, code):
    assert problems_of(table(rows, total=None)) == [(row_of(number), column, code)]


def test_a_parents_maximum_is_the_sum_of_its_childrens(app_ctx):
    rows = replaced(replaced(ROWS, 1, max=3), 0, max=7)  # 1.1 says 3, its parts add up to 2
    assert problems_of(table(rows, total=None)) == [(row_of("1.1"), "C", "index_criteria_sum")]
    rows = replaced(ROWS, 0, max=7)  # 1 says 7, its tiêu chí add up to 6
    assert problems_of(table(rows, total=None)) == [(row_of("1"), "C", "index_criteria_sum")]


def test_a_choose_one_parent_is_worth_its_best_child(app_ctx):
    # 2.1 (chọn 1) is worth 2, the largest of its parts (2 and 1): fine as it is; a part of 3 is not
    rows = replaced(ROWS, 8, max=3)
    assert problems_of(table(rows, total=None)) == [
        (row_of("2.1"), "C", "index_criteria_choose_one_max")
    ]
    # without "(chọn 1)", 2 + 1 ≠ 2: the sum's problem names the way out
    rows = replaced(ROWS, 7, title="Công khai thủ tục hành chính")
    assert problems_of(table(rows, total=None)) == [(row_of("2.1"), "C", "index_criteria_sum")]
    # said in the guidance instead of the title
    rows = replaced(rows, 7, guidance="Đơn vị chọn một trong hai trường hợp")
    assert problems_of(table(rows, total=None)) == []


def test_the_tables_total_row_is_checked(app_ctx):
    assert problems_of(table()) == []
    assert problems_of(table(total=("", "TỔNG ĐIỂM", 12, "", ""))) == [
        (FIRST + len(ROWS), "C", "index_criteria_total")
    ]


def test_all_or_nothing_every_problem_at_once_in_row_order(app_ctx):
    rows = replaced(ROWS, 10, max="x")
    rows = replaced(rows, 1, number="1.5")
    rows = replaced(rows, 3, guidance="Tự động: khong_co()")
    result = read_criteria(None, table(rows, total=None), "bo.xlsx", 2021, "department")
    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)
    assert len(result.problems) >= 3
    assert str(result.problems[0]).startswith(f"Dòng {row_of('1.1')}, cột A: ")
    assert count_sets() == 0
    with pytest.raises(CriteriaRefused) as refused:
        import_criteria(None, table(rows, total=None), "bo.xlsx", 2021, "department")
    assert len(refused.value.problems) == len(result.problems)
    assert count_sets() == 0


def test_year_kind_and_options_are_checked(app_ctx):
    assert problems_of(table(), year=1999) == [(None, "year", "index_criteria_year")]
    assert problems_of(table(), kind="province") == [(None, "kind", "index_criteria_kind")]
    assert problems_of(table(), survey_max=-1) == [(None, "survey_max", "index_survey_max")]
    assert problems_of(table(), name="x" * 301) == [(None, "name", "too_long")]


def test_a_control_character_in_a_csv_cell_is_refused(app_ctx):
    rows = replaced(ROWS, 3, title="Có\x07chuông")
    assert problems_of(csv_table(rows), "bo.csv") == [
        (row_of("1.1.2") - 1, "B", "control_character")
    ]


def test_no_header_and_garbage(app_ctx):
    no_header = table(header=("Số", "Nội dung công việc", "Ghi chú"))
    assert problems_of(no_header) == [(None, None, "index_criteria_no_header")]
    result = read_criteria(None, b"\x00garbage", "bo.xlsx", 2021, "department")
    assert result.status == "unreadable"
    with pytest.raises(ImportUnreadable):
        import_criteria(None, b"", "bo.xlsx", 2021, "department")


def test_headers_in_any_order_with_other_words(office):
    header = ("Tài liệu kiểm chứng", "STT", "Nội dung tiêu chí", "Điểm chuẩn", "Cách chấm điểm")
    rows = [(r[4], r[0], r[1], r[2], r[3]) for r in ROWS]
    found = import_criteria(
        office, table(rows, header=header, total=None), "bo.xlsx", 2021, "commune"
    )
    assert criteria_of(found)["1.1.2"].rule == "levels"
    assert criteria_of(found)["1.2"].evidence_required == "Các báo cáo quý, năm"


def test_dry_run_says_what_it_would_make_and_writes_nothing(office):
    result = read_criteria(office, table(), "bo.xlsx", 2021, "department", dry_run=True)
    assert (result.status, result.action, result.max_points, result.set) == (
        "dry_run",
        "create",
        10,
        None,
    )
    assert [c.number for c in result.criteria if c.leaf][0] == "1.1.1"
    assert result.as_dict()["set"]["items"][3]["levels"][1] == {
        "label": "80 – dưới 100 %",
        "points": 0.5,
    }
    assert count_sets() == 0


def test_replaced_while_drafts_then_locked_once_a_unit_submits(office, make_unit):
    found = import_criteria(office, table(), "bo.xlsx", 2021, "department")
    unit = make_unit(kind="department")
    draft = assessment_for(found, unit)
    item_by_number(draft, "2.2").self_points = 1.5
    item_by_number(draft, "1.2").self_points = 1
    db.session.commit()
    again = read_criteria(office, table(), "bo.xlsx", 2021, "department")
    assert (again.status, again.action) == ("unchanged", "unchanged")
    # 1.2 is split into two parts: its points go; 2.2 keeps the unit's
    rows = (
        ROWS[:5]
        + (("1.2.1", "Báo cáo quý", 0.5, "", ""), ("1.2.2", "Báo cáo năm", 0.5, "", ""))
        + ROWS[5:]
    )
    changed = read_criteria(office, table(rows), "bo.xlsx", 2021, "department")
    assert (changed.status, changed.action, changed.drafts) == ("imported", "replace", 1)
    draft = assessment_for(find_set(2021, "department"), unit)
    assert item_by_number(draft, "2.2").self_points == 1.5
    assert item_by_number(draft, "1.2.1").self_points is None
    assert "1.2" not in {item.criterion.number for item in draft.items}
    draft.state = "submitted"
    db.session.commit()
    locked = read_criteria(office, table(), "bo.xlsx", 2021, "department")
    assert [p.code for p in locked.problems] == ["index_criteria_set_locked"]
    assert "1.2.1" in criteria_of(find_set(2021, "department"))
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 1


def test_only_the_office_imports(app_ctx, make_user):
    for role in ("unit_lead", "appraiser", "viewer"):
        with pytest.raises(Forbidden):
            read_criteria(make_user(role=role), table(), "bo.xlsx", 2021, "department")
    assert read_criteria(make_user(role="admin"), table(), "bo.xlsx", 2021, "department").written
