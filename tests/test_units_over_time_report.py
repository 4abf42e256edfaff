"""The quarterly report speaks of the units of its quarter: each assignment under the unit that
held it on the report's date, named as it was then; a unit closed during the quarter still
reports what it did, and a later reorganisation moves nothing in it."""

from __future__ import annotations

import pytest
from docx import Document

from tests.units_over_time_support import PLAN, build_reorganised_in_2025
from tracker.extensions import db
from tracker.reports.docx_writer import render_docx
from tracker.reports.figures import report_figures
from tracker.reports.quarterly import build_quarterly_report
from tracker.units.closing import close_into
from tracker.units.lifecycle import rename_unit


@pytest.fixture
def reorganised(app, db_session, make_unit, make_user, make_plan):
    return build_reorganised_in_2025(app, make_unit, make_user, make_plan)


def annex(doc) -> dict[str, list[str]]:
    """Unit name → its annex row's figures."""
    rows = [[cell.text for cell in row.cells] for row in doc.tables[-1].rows[1:]]
    return {row[1]: row[2:] for row in rows if row[0].isdigit()}


def texts(doc) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()]


def test_the_first_quarter_reports_the_units_of_its_last_day(reorganised, app_ctx):
    report = build_quarterly_report(PLAN, "2025-Q1")
    assert str(report.as_of) == "2025-03-31"
    # Done on 10/02 by the department merged on 01/03: still its work, under its name.
    ((done,),) = [t.items for tasks in report.completed.values() for t in tasks]
    assert (done.assignment.task.number, done.assignment.unit.code) == ("T2", "SKH")
    # Overdue on 31/03: STC's own task.
    assert [(o.assignment.task.number, o.assignment.unit.code) for o in report.overdue] == [
        ("T3", "STC")
    ]
    # Due in the second quarter, by the unit holding it on 31/03, named as it was then.
    priorities = {g.unit.name: [a.task.number for a in g.assignments] for g in report.priorities}
    assert priorities == {
        "Sở Tài chính": ["T1"],  # moved from SKH on 01/03
        "UBND huyện Cam Lộ": ["T4"],  # its district closed on 01/03, without a successor
        "Sở Nông nghiệp và Môi trường": ["T5"],  # renamed on 01/03: its name on 31/03
    }


def test_the_names_are_those_of_the_reports_date(reorganised, app_ctx):
    """Renamed on 01/04 (after the first quarter): the first quarter's report keeps the old
    name, the second quarter's has the new one."""
    rename_unit(reorganised.unit("STC"), "Sở Tài chính tỉnh", "Sở TC tỉnh", reorganised.days(0))
    db.session.commit()
    first = report_figures(build_quarterly_report(PLAN, "2025-Q1")).as_json()
    names = {a["unit_code"]: a["unit_name"] for a in first["assignments"]}
    assert names["STC"] == "Sở Tài chính"
    assert names["SNN"] == "Sở Nông nghiệp và Môi trường"  # renamed on 01/03, in the quarter
    units = {a["assignment_id"]: a["unit_code"] for a in first["assignments"]}
    assert units[reorganised.assignment_ids["T1"]] == "STC"
    assert units[reorganised.assignment_ids["T2"]] == "SKH"
    assert {row["unit_code"] for row in first["annex"]["units"]} == {"SKH", "STC", "HCL", "SNN"}
    assert all("valid_to" not in row for row in first["annex"]["units"])  # its shape kept


def test_a_later_reorganisation_moves_nothing_in_an_earlier_report(reorganised, app_ctx, make_unit):
    before = report_figures(build_quarterly_report(PLAN, "2025-Q1")).as_json()
    merged = make_unit(code="STCM", name="Sở Tài chính (mới)", short_name="Sở TC mới")
    close_into(reorganised.unit("STC"), reorganised.days(-1), merged, "QĐ 9", kind="merge")
    db.session.commit()
    after = report_figures(build_quarterly_report(PLAN, "2025-Q1")).as_json()
    assert after == before


def test_the_docx_annex_says_which_unit_had_closed(reorganised, app_ctx):
    doc = Document(render_docx(build_quarterly_report(PLAN, "2025-Q1")))
    rows = annex(doc)
    assert rows["Sở Kế hoạch và Đầu tư (ngừng hoạt động từ 01/03/2025)"][0] == "1"
    assert rows["Sở Tài chính"][0] == "2"  # T1 (moved in) and T3
    lines = texts(doc)
    assert any(line.startswith("1. Sở Tài chính: Nhiệm vụ T3") for line in lines)
    assert "Sở Kế hoạch và Đầu tư: " in " ".join(lines)  # T2, completed in the quarter
