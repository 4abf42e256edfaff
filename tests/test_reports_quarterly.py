"""The quarterly report (.docx): shaped like the Q3/2021 report to Bộ Nội vụ, and saying what
the status view and the assignment list say for the same plan and date."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest
from docx import Document
from docx.shared import Pt

PLAN = "5959/QĐ-UBND"
CLASSES = ("done_on_time", "done_late", "overdue", "due_soon", "on_track", "no_deadline")
KIND_LABELS = {
    "office": "Văn phòng UBND tỉnh",
    "department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "commune": "UBND cấp xã",
}
HEADINGS = [
    "I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN VÀ CÔNG TÁC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH",
    "1. Công tác chỉ đạo, điều hành",
    "2. Công tác tuyên truyền",
    "II. KẾT QUẢ ĐẠT ĐƯỢC",
    "1. Cải cách thể chế",
    "2. Cải cách thủ tục hành chính (TTHC)",
    "3. Cải cách tổ chức bộ máy hành chính",
    "4. Cải cách chế độ công vụ",
    "5. Cải cách tài chính công",
    "6. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    "III. TỒN TẠI, HẠN CHẾ",
    "IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2021",
]


@pytest.fixture
def demo(app, db_session, make_user, api_as):
    """A viewer's API on the demo as `tracker seed-demo` leaves it (its tests are marked
    `seeded`: the demo is seeded once per session)."""
    return api_as(make_user(role="viewer"))


def cli_report(app, tmp_path, quarter="2021-Q3", *extra) -> Document:
    out = tmp_path / "report.docx"
    result = app.test_cli_runner().invoke(
        args=["report", "--plan", PLAN, "--quarter", quarter, "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    return Document(str(out))


def texts(doc) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()]


def between(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1 : lines.index(end)]


def percent(value) -> str:
    """ "85,7 %", "100 %": Vietnamese writes a decimal comma and a space before the sign."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",").removesuffix(",0") + " %"


def count(value: int) -> str:
    """ "1.980": Vietnamese groups thousands with a dot."""
    return f"{value:,}".replace(",", ".")


def figures(data: dict) -> list[str]:
    return [
        count(data["total"]),
        *(count(data[c]) for c in CLASSES),
        percent(data["completion_rate"]),
        percent(data["on_time_rate"]),
    ]


@pytest.mark.seeded
def test_cli_report_has_the_seed_reports_shape(app, demo, tmp_path):
    doc = cli_report(app, tmp_path, "2021-Q3", "--number", "123")
    header = doc.tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs]
    right = [p.text for p in header[1].paragraphs]
    assert left[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"]
    assert "Số: 123/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert any(re.match(r"Quảng Trị, ngày\s+tháng 9 năm 2021$", line) for line in right)

    lines = texts(doc)
    assert lines[0] == "BÁO CÁO"
    assert lines[1] == (
        "Tình hình, kết quả thực hiện công tác cải cách hành chính Quý III năm 2021"
    )
    assert lines[2].startswith("Thực hiện Kế hoạch cải cách hành chính nhà nước tỉnh Quảng Trị")
    assert "Quyết định số 5959/QĐ-UBND ngày 31/12/2020" in lines[2]
    positions = [lines.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    assert any(
        line.startswith("Phụ lục: Tình hình thực hiện nhiệm vụ theo đơn vị") for line in lines
    )

    signature = doc.tables[1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in signature[1].paragraphs][:3] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]


@pytest.mark.seeded
def test_completed_tasks_are_listed_with_their_evidence(app, demo, tmp_path):
    lines = texts(cli_report(app, tmp_path))
    e_government = between(
        lines,
        "6. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        "III. TỒN TẠI, HẠN CHẾ",
    )
    # Finished on 04/08/2021 with Quyết định 2030/QĐ-UBND; the one of March is not this quarter.
    assert any(
        "Kiến trúc chính quyền điện tử" in line
        and "Quyết định số 2030/QĐ-UBND ngày 04/08/2021" in line
        for line in e_government
    )
    assert not any("500/QĐ-UBND" in line for line in e_government)
    # Done after its due date (30/06/2021): marked late.
    civil_service = between(lines, "4. Cải cách chế độ công vụ", "5. Cải cách tài chính công")
    assert any("2250/QĐ-UBND" in line and "quá hạn" in line for line in civil_service)
    # Awaiting the office: listed, and said so.
    institutions = between(lines, "1. Cải cách thể chế", "2. Cải cách thủ tục hành chính (TTHC)")
    assert any("161/TTr-UBND" in line and "chờ" in line for line in institutions)
    assert re.search(r"\d+/KH-UBND", "\n".join(lines))


@pytest.mark.seeded
def test_overdue_list_equals_the_api(app, demo, tmp_path):
    lines = texts(cli_report(app, tmp_path))
    listed = between(
        lines, "III. TỒN TẠI, HẠN CHẾ", "IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2021"
    )
    items = [line for line in listed if re.match(r"\d+\. ", line)]
    body = demo.get(
        "/assignments",
        plan=PLAN,
        role="lead",
        deadline_class="overdue",
        as_of="2021-09-30",
        per_page=200,
    ).json
    assert body["total"] > 0
    assert len(items) == body["total"]
    expected = sorted(
        f"{a['unit_name']}: {a['task']['title'].rstrip('.')} — " for a in body["items"]
    )
    got = sorted(re.sub(r"^\d+\. ", "", line).split(" — ")[0] + " — " for line in items)
    assert got == expected
    assert f"còn {body['total']} lượt nhiệm vụ quá hạn" in "\n".join(listed)
    assert all(re.search(r"quá hạn \d+ ngày", line) for line in items)


def annex_rows(doc):
    # The status annex; the periodic figures' annexes follow it.
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:3] == ["STT", "Đơn vị", "Tổng số"]
    assert header[-2:] == ["Tỷ lệ hoàn thành", "Tỷ lệ đúng hạn"]
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


@pytest.mark.seeded
def test_annex_equals_the_status_api_for_the_quarters_last_day(app, demo, tmp_path):
    rows = annex_rows(cli_report(app, tmp_path))
    api = demo.get("/status/units", plan=PLAN, as_of="2021-09-30").json
    expected = []
    kinds = list(dict.fromkeys(u["kind"] for u in api["units"]))  # JSON sorts the subtotals
    assert sorted(kinds) == sorted(api["subtotals"])
    for kind in kinds:
        expected.append(["", KIND_LABELS[kind], *figures(api["subtotals"][kind])])
        units = [u for u in api["units"] if u["kind"] == kind]
        expected += [[str(n), u["unit_name"], *figures(u)] for n, u in enumerate(units, 1)]
    expected.append(["", "Tổng cộng toàn tỉnh", *figures(api["totals"])])
    got = [["" if re.fullmatch(r"[IVX]+", row[0]) else row[0], *row[1:]] for row in rows]
    assert got == expected
    # Office, departments, districts, and the communes that owe the periodic report (#18).
    assert [row[0] for row in rows if re.fullmatch(r"[IVX]+", row[0])] == ["I", "II", "III", "IV"]


@pytest.mark.seeded
def test_web_download_is_the_same_report(client, login, demo, make_user, app, tmp_path):
    login(make_user(role="viewer"))
    response = client.get("/status/report.docx", query_string={"plan": PLAN, "quarter": "2021-Q3"})
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "bao-cao-cchc-2021-Q3.docx" in response.headers["Content-Disposition"]
    web = Document(BytesIO(response.data))
    assert texts(web) == texts(cli_report(app, tmp_path))
    assert annex_rows(web) == annex_rows(cli_report(app, tmp_path))


@pytest.mark.seeded
def test_font_is_times_new_roman_for_vietnamese(app, demo, tmp_path):
    doc = cli_report(app, tmp_path)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size in (Pt(13), Pt(14))
    fonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(f"{{{fonts.nsmap['w']}}}{attr}") == "Times New Roman"
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the annex: landscape


@pytest.mark.seeded
def test_q4_report_renders_with_no_priorities(app, demo, tmp_path):
    lines = texts(cli_report(app, tmp_path, "2021-Q4"))
    assert lines[1].endswith("Quý IV năm 2021")
    priorities = between(
        lines,
        "IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ I NĂM 2022",
        "(Phụ lục kèm theo Báo cáo này)",
    )
    assert priorities == ["Không có nhiệm vụ nào của Kế hoạch đến hạn trong quý I năm 2022."]
    assert any(line.startswith("Phụ lục:") and "31/12/2021" in line for line in lines)


@pytest.mark.seeded
def test_q3_priorities_are_the_tasks_due_in_q4_by_owner(app, demo, tmp_path):
    lines = texts(cli_report(app, tmp_path))
    priorities = between(
        lines,
        "IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV NĂM 2021",
        "(Phụ lục kèm theo Báo cáo này)",
    )
    body = demo.get(
        "/assignments", plan=PLAN, role="lead", period="2021-Q4", as_of="2021-09-30", per_page=200
    ).json
    open_ones = [a for a in body["items"] if a["deadline_class"] in ("due_soon", "on_track")]
    assert open_ones
    # One-off tasks by owner; recurring tasks' checkpoints once per task and period (#18).
    one_off = [a for a in open_ones if a["period"] is None]
    owners = {a["unit_name"] for a in one_off}
    assert {re.sub(r"^\d+\. ", "", line) for line in priorities if re.match(r"\d+\. ", line)} == (
        owners
    )
    recurring = {(a["task"]["number"], a["period"]) for a in open_ones if a["period"]}
    assert recurring
    checkpoint_lines = [line for line in priorities if re.match(r"- \S+ · Quý IV/2021: ", line)]
    assert len(checkpoint_lines) == len(recurring)
    assert len([line for line in priorities if line.startswith("- ")]) == len(one_off) + len(
        recurring
    )


@pytest.mark.seeded
def test_bad_quarter_or_plan_is_a_usage_error(app, demo, tmp_path):
    runner = app.test_cli_runner()
    out = str(tmp_path / "r.docx")
    for args in (
        ["--plan", PLAN, "--quarter", "2021"],
        ["--plan", PLAN, "--quarter", "2021-Q5"],
        ["--plan", "không-có", "--quarter", "2021-Q3"],
        ["--plan", PLAN, "--quarter", "2099-Q1"],  # not begun
        ["--plan", PLAN, "--quarter", "9999-Q4"],
        ["--plan", PLAN, "--quarter", "0000-Q1"],
    ):
        result = runner.invoke(args=["report", *args, "-o", out])
        assert result.exit_code == 2, result.output


@pytest.mark.seeded
def test_web_refuses_a_bad_quarter_and_needs_a_login(client, login, demo, make_user):
    response = client.get("/status/report.docx", query_string={"plan": PLAN, "quarter": "2021-Q3"})
    assert response.status_code in (302, 401)
    login(make_user(role="viewer"))
    bad = client.get("/status/report.docx", query_string={"plan": PLAN, "quarter": "quý 5"})
    assert bad.status_code == 422
    assert "“quý 5” không phải là một quý" in bad.get_data(as_text=True)
    later = client.get("/status/report.docx", query_string={"plan": PLAN, "quarter": "2999-Q1"})
    assert later.status_code == 422
    assert "Quý I/2999 chưa bắt đầu." in later.get_data(as_text=True)
    written = client.get(
        "/status/report.docx", query_string={"plan": PLAN, "quarter": "Quý III/2021"}
    )
    assert written.status_code == 200 and written.mimetype.endswith("wordprocessingml.document")
    assert client.get("/status/report.docx", query_string={"quarter": "2021-Q3"}).status_code == 404


@pytest.mark.seeded
def test_status_page_offers_the_report_for_the_chosen_plan(client, login, demo, make_user):
    login(make_user(role="office"))
    page = client.get("/status", query_string={"plan": PLAN, "as_of": "30/09/2021"}).get_data(
        as_text=True
    )
    assert 'id="quarterly-report"' in page and 'action="/status/report.docx"' in page
    assert '<option value="2021-Q3" selected>' in page
    assert "Báo cáo quý (.docx)" in page
    plain = client.get("/status").get_data(as_text=True)
    assert 'form="quarterly-report" disabled' in plain


@pytest.mark.seeded
def test_text_xml_cannot_hold_is_dropped_not_fatal(app, demo, tmp_path, db_session):
    from sqlalchemy import select

    from tracker.plans.models import Task

    task = db_session.scalar(select(Task).where(Task.number == "6.2"))
    task.title = "Kiến trúc\x0b chính quyền điện tử"
    db_session.commit()
    lines = texts(cli_report(app, tmp_path, "2021-Q3", "--number", "12\x01"))
    assert any("Kiến trúc chính quyền điện tử" in line for line in lines)
