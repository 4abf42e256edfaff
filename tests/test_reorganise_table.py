"""A bad reorganisation table writes nothing (#17): each problem by row (as the file numbers
it, header = 1) and column (its header name), in Vietnamese; the table's format itself (.xlsx
with date cells, columns in any order, .csv with a BOM)."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import local_today
from tests.reorganise_support import DAY, DECISION, EFFECTIVE, HEADER, build_province, row, table
from tracker.extensions import db
from tracker.reorganisations.services import reorganise
from tracker.units.models import Reorganisation, Unit, UnitLink


@pytest.fixture
def province(app_ctx, make_unit, make_user, make_plan, make_group):
    return build_province(make_unit, make_user, make_plan, make_group)


def problems_of(*rows, **options) -> list[tuple[int | None, str | None, str, str]]:
    """(row, column, code, message) of each problem; asserts nothing was written."""
    units_before = db.session.scalar(select(func.count()).select_from(Unit))
    result = reorganise(table(*rows, **options), "sap-xep.csv")
    assert not result.applied
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Unit)) == units_before
    assert db.session.scalar(select(func.count(Unit.id)).where(Unit.valid_to.is_not(None))) == 0
    assert db.session.scalar(select(func.count()).select_from(UnitLink)) == 0
    assert db.session.scalar(select(func.count()).select_from(Reorganisation)) == 0
    return [(p.row, p.column, p.code, p.message) for p in result.problems]


def test_an_unknown_unit_is_named_with_the_closest_ones(province):
    ((line, column, code, message),) = problems_of(
        row("sáp nhập", "Sở Kế hoạch Đầu tư", "STC"), row("sáp nhập", "SNN", "STC")
    )
    assert (line, column, code) == (2, "Đơn vị cũ", "unknown_unit")
    assert "“Sở Kế hoạch Đầu tư”" in message and "Sở Kế hoạch và Đầu tư" in message


def test_a_missing_or_bad_or_future_date_is_said_and_nothing_is_written(province):
    ahead = (local_today() + timedelta(days=3)).strftime("%d/%m/%Y")
    found = problems_of(
        ["", "sáp nhập", "SKH", "STC", "", "", DECISION],
        ["31/02/2025", "sáp nhập", "SNN", "STC", "", "", DECISION],
        [ahead, "sáp nhập", "STN", "STC", "", "", DECISION],
        row("đổi tên", "SNV", "", "Sở Nội vụ mới"),
    )
    assert [(r, c, code) for r, c, code, _m in found] == [
        (2, "Ngày hiệu lực", "reorganisation_date_required"),
        (3, "Ngày hiệu lực", "not_a_date"),
        (4, "Ngày hiệu lực", "reorganisation_date_ahead"),
    ]
    assert "chưa đến" in found[2][3]


def test_a_split_without_successors_is_refused(province):
    found = problems_of(row("chia tách", "SLD"), row("chia tách", "SNV", "SNV2", "Sở Hai", "sở"))
    assert (found[0][0], found[0][1], found[0][2]) == (
        2,
        "Đơn vị mới",
        "reorganisation_split_without_successors",
    )
    assert (found[-1][0], found[-1][2]) == (3, "reorganisation_split_without_successors")


def test_form_decision_and_kind_are_words_of_the_table(province):
    found = problems_of(
        row("nhập vào", "SKH", "STC"),
        [DAY, "sáp nhập", "SKH", "STC", "", "", ""],
        row("thành lập", "", "SMOI", "Sở Mới", "tổng cục"),
    )
    assert [(r, c, code) for r, c, code, _m in found] == [
        (2, "Hình thức", "reorganisation_unknown_form"),
        (3, "Văn bản", "decision_required"),
        (4, "Loại", "reorganisation_unknown_kind"),
    ]
    assert "hợp nhất, sáp nhập, đổi tên, giải thể, thành lập, chia tách" in found[0][3]


def test_a_new_code_taken_by_a_unit_outside_the_change_is_refused(province):
    ((line, column, code, message),) = problems_of(
        row("hợp nhất", "STN;SNN", "SNV", "Sở Nông nghiệp và Môi trường")
    )
    assert (line, column, code) == (2, "Đơn vị mới", "reorganisation_code_taken")
    assert "Sở Nội vụ [SNV]" in message


def test_a_unit_closed_before_by_another_change_is_refused(province):
    other = EFFECTIVE - timedelta(days=5)
    assert reorganise(
        table([other.strftime("%d/%m/%Y"), "sáp nhập", "SKH", "SNV", "", "", "QĐ khác"]),
        "truoc.csv",
    ).applied
    result = reorganise(table(row("sáp nhập", "SKH", "STC")), "sap-xep.csv")
    ((problem),) = result.problems
    assert (problem.row, problem.column, problem.code) == (
        2,
        "Đơn vị cũ",
        "reorganisation_unit_closed",
    )
    assert other.strftime("%d/%m/%Y") in problem.message


def test_a_unit_in_two_conflicting_changes_is_refused(province):
    found = problems_of(row("sáp nhập", "SKH", "STC"), row("giải thể", "SKH"))
    assert [(r, c, code) for r, c, code, _m in found] == [
        (3, "Đơn vị cũ", "reorganisation_conflict")
    ]
    found = problems_of(row("sáp nhập", "SKH", "STC"), row("sáp nhập", "STC", "SNV"))
    assert [(r, code) for r, _c, code, _m in found] == [(2, "reorganisation_conflict")]


def test_an_assignment_not_open_at_the_split_unit_is_refused(province):
    done, elsewhere = province["assignments"]["2"], province["assignments"]["1"]
    three, four = province["assignments"]["3"], province["assignments"]["4"]
    found = problems_of(
        row("chia tách", "SLD", "SNV", task=three.id),
        row("chia tách", "SLD", "STC", task=four.id),
        row("chia tách", "SLD", "STC", task=done.id),
        row("chia tách", "SLD", "STC", task=elsewhere.id),
        row("chia tách", "SLD", "STC", task="một"),
    )
    assert [(r, c, code) for r, c, code, _m in found] == [
        (4, "Nhiệm vụ", "reorganisation_not_open_assignment"),
        (5, "Nhiệm vụ", "reorganisation_not_open_assignment"),
        (6, "Nhiệm vụ", "reorganisation_not_an_assignment"),
    ]


def test_a_table_without_its_columns_is_refused(province):
    found = problems_of(["01/07/2025", "sáp nhập", "SKH"], header=HEADER[:3])
    ((line, column, code, message),) = found
    assert (line, code) == (1, "reorganisation_missing_columns")
    assert "Đơn vị mới" in message and "Văn bản" in message


def test_an_xlsx_table_with_date_cells_and_columns_in_another_order(province):
    book = Workbook()
    sheet = book.active
    order = [HEADER[i] for i in (6, 1, 2, 3, 0, 4, 5)]
    sheet.append([h.upper() for h in order])
    values = {"Văn bản": DECISION, "Hình thức": "Sáp nhập", "Đơn vị cũ": "skh"}
    values |= {
        "Đơn vị mới": "Sở TC",
        "Ngày hiệu lực": datetime.combine(EFFECTIVE, datetime.min.time()),
    }
    sheet.append([values.get(h, None) for h in order])
    out = BytesIO()
    book.save(out)
    result = reorganise(out.getvalue(), "sap-xep.xlsx")
    assert result.problems == [] and result.applied
    assert result.units_closed == ["SKH"]
