"""The quarterly report's periodic figures (#18): section II's sentences built from the
province's totals of the demo's indicator set (the seed report's sentence, number for number),
the annex of the set's totals, and section IV naming the recurring tasks' checkpoints due next
quarter with their period ("I.12 · Quý IV/2021")."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from tracker.reports.archive import compare_with_live, issue_report
from tracker.reports.docx_writer import render_docx
from tracker.reports.quarterly import build_quarterly_report

PLAN = "5959/QĐ-UBND"
SEED_SENTENCE = (
    "Tính đến ngày 14/09/2021, các cơ quan hành chính nhà nước 3 cấp (tỉnh, huyện, xã) đã tiếp "
    "nhận 104.671 hồ sơ trên Hệ thống thông tin một cửa điện tử tỉnh, trong đó đã giải quyết "
    "100.151 hồ sơ (giải quyết đúng và trước hạn 99.618 hồ sơ, quá hạn 533 hồ sơ); đang giải "
    "quyết 4.520 hồ sơ (trong hạn 4.464 hồ sơ, quá hạn 56 hồ sơ), tổng số hồ sơ quá hạn trong kỳ "
    "là 589 hồ sơ (chiếm 0,56 %). Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt 99,47 %, đạt chỉ "
    "tiêu kế hoạch (≥ 98 %)."
)


@pytest.fixture
def seeded(app, db_session):
    """The demo before the 2025 reorganisation, `seed_demo(reorganisation=False)`: its tests
    are marked `seeded("before_2025")` (seeded once per session)."""
    with app.app_context():
        yield db_session


def lines_of(report) -> list[str]:
    doc = Document(render_docx(report))
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()], doc


def between(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1 : lines.index(end)]


@pytest.mark.seeded("before_2025")
def test_q3_sentences_are_the_seed_reports_built_from_the_totals(app, seeded):
    report = build_quarterly_report(PLAN, "2021-Q3")
    assert report.as_of == date(2021, 9, 30)
    [figures] = report.indicators
    assert figures.indicator_set.code == "CCHC_QUY" and figures.missing == 0
    lines, _doc = lines_of(report)
    procedures = between(
        lines, "2. Cải cách thủ tục hành chính (TTHC)", "3. Cải cách tổ chức bộ máy hành chính"
    )
    assert SEED_SENTENCE in procedures
    assert (
        "Toàn tỉnh có 20/20 sở, ban, ngành, 10/10 huyện, thành phố, thị xã và 119/119 xã, "
        "phường, thị trấn triển khai thực hiện cơ chế một cửa, một cửa liên thông."
    ) in procedures
    assert any("với 20 sở, ban, ngành và 09 UBND" in line for line in procedures)
    assert any("số lượng hồ sơ sử dụng dịch vụ BCCI là 163.763" in line for line in procedures)
    assert any(
        "17 phản ánh, kiến nghị" in line and "03 phản ánh, kiến nghị đang" in line
        for line in procedures
    )
    civil = between(lines, "4. Cải cách chế độ công vụ", "5. Cải cách tài chính công")
    assert any("21.503 CBCCVC và NLĐ kê khai dữ liệu" in line and "100 %" in line for line in civil)
    finance = between(
        lines,
        "5. Cải cách tài chính công",
        "6. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    )
    assert any("37 cơ quan, đơn vị cấp tỉnh và 151" in line for line in finance)


@pytest.mark.seeded("before_2025")
def test_the_annex_lists_every_indicator_with_its_total_and_target(app, seeded):
    report = build_quarterly_report(PLAN, "2021-Q3")
    lines, doc = lines_of(report)
    assert any(line.startswith("Phụ lục 2: ") and "14/09/2021" in line for line in lines)
    assert any("149/149, 16 đơn vị gửi muộn" in line for line in lines)
    table = doc.tables[-1]
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert len(rows) == len(report.indicators[0].indicators)
    assert rows["Số hồ sơ TTHC tiếp nhận trong kỳ"][3:5] == ["96.078", "104.671"]
    assert rows["Tỷ lệ hồ sơ giải quyết đúng và trước hạn"][4:] == ["99,47 %", "≥ 98 %", "Đạt"]


@pytest.mark.seeded("before_2025")
def test_a_report_before_every_unit_sent_says_whose_figures_it_holds(app, seeded):
    report = build_quarterly_report(PLAN, "2021-Q3", as_of=date(2021, 9, 20))
    [figures] = report.indicators
    assert figures.missing > 0
    lines, _doc = lines_of(report)
    coverage = f"(số liệu của {figures.submitted}/149 đơn vị đã gửi báo cáo đến ngày 20/09/2021)"
    sentence = next(line for line in lines if "đã tiếp nhận" in line)
    assert coverage in sentence
    assert "104.671" not in sentence


@pytest.mark.seeded("before_2025")
def test_section_four_names_the_checkpoints_due_next_quarter_with_their_period(app, seeded):
    report = build_quarterly_report(PLAN, "2021-Q3")
    lines, _doc = lines_of(report)
    section = between(
        lines,
        "IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2021",
        "(Phụ lục kèm theo Báo cáo này)",
    )
    recurring = section[section.index("Các nhiệm vụ định kỳ đến hạn trong quý IV năm 2021:") + 1 :]
    assert (
        "- I.12 · Quý IV/2021: Báo cáo định kỳ công tác CCHC hằng quý (thời hạn 15/12/2021; 149 "
        "đơn vị chủ trì chưa hoàn thành)."
    ) in recurring
    assert any(line.startswith("- I.11 · Quý IV/2021: ") for line in recurring)
    # One-off tasks are still listed by owner, and no checkpoint among them.
    assert section[0].startswith("Các nhiệm vụ của Kế hoạch đến hạn trong quý IV năm 2021")
    assert not any("Quý IV/2021" in line for line in section[: section.index(recurring[0]) - 1])


@pytest.mark.seeded("before_2025")
def test_an_issued_report_keeps_its_figures(app, seeded, make_user):
    office = make_user(role="office")
    issued = issue_report(office, PLAN, "2021-Q3", "12")
    kept = issued.docx
    assert compare_with_live(issued).same
    assert SEED_SENTENCE in [
        p.text for p in Document(render_docx(build_quarterly_report(PLAN, "2021-Q3"))).paragraphs
    ]
    assert issued.docx == kept
