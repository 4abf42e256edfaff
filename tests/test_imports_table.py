"""Finding the plan's table in real-looking files: title rows, merged cells, a two-row header,
columns in any order, empty rows, notes after the table; and reading the files themselves."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from tests.imports_support import csv_bytes
from tracker.imports.numbering import Numbering, clean_stt, stt_kind
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.imports.table import header_field, read_table


def annex_workbook() -> bytes:
    """A plan annex as provinces write them, columns shuffled, a two-row header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phu luc"
    sheet["A1"] = "UBND TỈNH QUẢNG TRỊ"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"
    sheet.merge_cells("A2:F2")
    # Header on rows 4–5: "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"; the others
    # merged down both rows. Deadline before the owners, output last.
    for column, text in zip(
        "ABCF", ["TT", "Nội dung", "Thời hạn", "Kết quả/sản phẩm"], strict=True
    ):
        sheet[f"{column}4"] = text
        sheet.merge_cells(f"{column}4:{column}5")
    sheet["D4"] = "Cơ quan thực hiện"
    sheet.merge_cells("D4:E4")
    sheet["D5"], sheet["E5"] = "Chủ trì", "Phối hợp"
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])  # row 6
    sheet.append(["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"])  # row 7
    sheet.merge_cells("B7:F7")
    sheet.append([1, "Ban hành Kế hoạch CCHC năm 2022", "Quý I/2022", "Sở Nội vụ", "STP", "KH"])
    sheet.append([2, "Tuyên truyền CCHC", "Tháng 6/2022", "Sở TT&TT", None, "Tin bài"])
    sheet.append([3, "Kiểm tra CCHC", datetime(2022, 6, 30), None, None, "Thông báo"])
    sheet.merge_cells("D9:D10")  # one lead unit written once for two tasks
    sheet.append([])  # row 11
    sheet.append(["II. CẢI CÁCH THỂ CHẾ"])  # row 12, number and title in one merged cell
    sheet.merge_cells("A12:F12")
    sheet.append([1, "Xây dựng văn bản quy phạm pháp luật"])  # row 13: no owner → section
    sheet.append(["a)", "Nghị quyết HĐND", "Quý III, IV/2022", "Sở Tư pháp", None, "NQ"])
    sheet.append(["b", "Quyết định UBND", "Thường xuyên", "Sở Tư pháp", "Các sở, ban, ngành"])
    sheet.append([2, "Rà soát văn bản", "Cả năm", "STP", None, "Báo cáo"])  # row 16
    sheet.append(["2.1", "Hệ thống hóa", "30/6/2022", "STP", None, "Báo cáo"])  # row 17
    sheet.append([])
    sheet.append(["Ghi chú: các đơn vị báo cáo trước ngày 10 của tháng cuối quý."])  # row 19
    sheet.merge_cells("A19:F19")
    sheet.append([9, "Không phải nhiệm vụ", "Quý I", "Sở Nội vụ"])  # after the notes
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_header_is_found_below_title_rows_with_merged_cells_and_columns_in_any_order():
    table = read_table(read_sheets(annex_workbook(), "phu-luc.xlsx"))
    assert table.errors == []
    assert table.sheet == "Phu luc"
    assert table.header_row == 4
    assert table.columns == {
        "number": 1,
        "title": 2,
        "deadline": 3,
        "lead": 4,
        "cooperating": 5,
        "output": 6,
    }
    assert table.title_lines == ["UBND TỈNH QUẢNG TRỊ", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"]
    rows = [(r.row, r.kind, r.number, r.section) for r in table.rows]
    assert rows == [
        (7, "section", "I", None),
        (8, "task", "I.1", "I"),
        (9, "task", "I.2", "I"),
        (10, "task", "I.3", "I"),
        (12, "section", "II", None),
        (13, "section", "II.1", "II"),
        (14, "task", "II.1.a", "II.1"),
        (15, "task", "II.1.b", "II.1"),
        (16, "task", "II.2", "II"),
        (17, "task", "II.2.1", "II"),
    ]
    by_number = {r.number: r for r in table.rows}
    assert by_number["I"].title == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"  # not also its lead unit
    assert by_number["II"].title == "CẢI CÁCH THỂ CHẾ"
    assert by_number["I.1"].cooperating == "STP"
    assert by_number["I.3"].lead == "Sở TT&TT"  # merged down from the task above
    assert by_number["I.3"].deadline == datetime(2022, 6, 30)
    assert by_number["II.1.b"].cooperating == "Các sở, ban, ngành"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("STT", "number"),
        ("Số TT", "number"),
        ("Nội dung nhiệm vụ", "title"),
        ("NỘI DUNG", "title"),
        ("Nhiệm vụ", "title"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan thực hiện", "lead"),
        ("Cơ quan thực hiện Chủ trì", "lead"),
        ("co quan phoi hop", "cooperating"),
        ("Cơ quan thực hiện Phối hợp", "cooperating"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Thời gian thực hiện", "deadline"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Sản phẩm", "output"),
        ("Kết quả/sản phẩm", "output"),
        ("Sản phẩm đầu ra", "output"),
        ("Trạng thái", "ignored"),
        ("Tình trạng thời hạn", "ignored"),
        ("Ngày hoàn thành", "ignored"),
        ("Sản phẩm/minh chứng", "ignored"),
        ("Ghi chú", "ignored"),
        ("Họ và tên", None),
    ],
)
def test_header_variants(header, field):
    assert header_field(header) == field


def test_a_sheet_without_the_table_is_an_error():
    table = read_table(read_sheets(csv_bytes([["a", "b"], ["c", "d"]]), "x.csv"))
    assert table.rows == []
    assert table.errors[0].code == "no_table_header"
    assert "Thời gian hoàn thành" in table.errors[0].message


def test_a_missing_required_column_is_an_error():
    data = csv_bytes([["STT", "Nội dung", "Cơ quan chủ trì"], ["1", "Việc", "SNV"]])
    table = read_table(read_sheets(data, "x.csv"))
    assert table.errors[0].row == 1
    assert table.errors[0].code == "missing_columns"
    assert table.errors[0].problem.params["columns"] == ["Thời gian hoàn thành"]


def test_row_problems_name_the_row_and_column():
    data = csv_bytes(
        [
            ["Nội dung", "STT", "Chủ trì", "Thời hạn"],
            ["Việc một", "1/", "SNV", "Quý I/2022"],
            ["Việc hai", "", "SNV", "Quý I/2022"],
            ["Việc ba", "3", "", "Quý I/2022"],
            ["", "4", "SNV", "Quý I/2022"],
        ]
    )
    table = read_table(read_sheets(data, "x.csv"))
    assert [(e.row, e.column, e.header) for e in table.errors] == [
        (2, "B", "STT"),
        (3, "B", "STT"),
        (4, "C", "Chủ trì"),
        (5, "A", "Nội dung"),
    ]
    assert [e.code for e in table.errors] == [
        "bad_row_number",
        "task_without_number",
        "no_lead_unit",
        "row_without_content",
    ]


@pytest.mark.parametrize(
    ("value", "stt", "kind"),
    [
        ("II.", "II", "roman"),
        (3, "3", "arabic"),
        (3.0, "3", "arabic"),
        ("1.2", "1.2", "dotted"),
        ("II.3", "II.3", "absolute"),
        ("a)", "a", "letter"),
        ("(1)", "1", "arabic"),
        ("-", "-", "none"),
        ("Mục", "Mục", "bad"),
    ],
)
def test_stt_cells(value, stt, kind):
    assert clean_stt(value) == stt
    assert stt_kind(stt) == kind


def test_export_numbers_read_back_the_same():
    numbering = Numbering()
    rows = [
        ("I", None, True),
        ("I.1", "I", False),
        ("I.1.a", "I", False),
        ("1", None, True),  # an arabic section after a roman one, as the demo plan has
        ("1.1", "1", False),
        ("V", None, True),
        ("2", "V", False),
    ]
    written = [numbering.stt_for(number, section, s) for number, section, s in rows]
    assert written == ["I", "1", "a", "1", "1.1", "V", "2"]


def test_csv_with_bom_and_semicolons_is_read():
    data = "\ufeffSTT;Nội dung;Chủ trì;Thời hạn\n1;Việc;SNV;Quý I/2022\n".encode()
    sheet = read_sheets(data, "ke-hoach.csv")[0]
    assert [c.value for c in sheet.rows[0]] == ["STT", "Nội dung", "Chủ trì", "Thời hạn"]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "x.xlsx", "file_empty"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "unreadable_xlsx"),
        ("STT,Đơn vị chủ trì\n".encode("cp1258", "replace"), "x.csv", "csv_not_utf8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.xls", "old_xls_workbook"),
        (b"%PDF-1.4", "x.pdf", "not_a_plan_file"),
    ],
)
def test_unreadable_files_are_refused(data, name, code):
    with pytest.raises(ImportUnreadable) as refused:
        read_sheets(data, name)
    assert refused.value.message.code == refused.value.fields["file"].code == code
