"""Criteria tables for the import's tests, built with openpyxl row by row, shaped like the
province's (lĩnh vực → tiêu chí → tiêu chí thành phần, a "chọn 1" tiêu chí, a computed one)."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from openpyxl import Workbook

HEADER = (
    "STT",
    "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Hướng dẫn chấm điểm",
    "Tài liệu kiểm chứng",
)
TITLE = (("BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC CÁC SỞ, BAN, NGÀNH NĂM 2021",),)
ROWS = (
    ("1", "Công tác chỉ đạo, điều hành CCHC", 6, "", ""),
    ("1.1", "Kế hoạch CCHC năm", 2, "", ""),
    (
        "1.1.1",
        "Ban hành kế hoạch CCHC năm kịp thời",
        1,
        "Chấm theo mức độ, bước 0,5",
        "Kế hoạch CCHC năm",
    ),
    (
        "1.1.2",
        "Mức độ thực hiện kế hoạch CCHC",
        1,
        "Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0",
        "",
    ),
    ("1.2", "Báo cáo CCHC định kỳ", 1, "", "Các báo cáo quý, năm"),
    (
        "1.3",
        "Thực hiện nhiệm vụ UBND tỉnh giao",
        3,
        "Tự động: plan_done(plan=5959)\n100 % = 3; 80 – dưới 100 % = 1,5; dưới 80 % = 0",
        "",
    ),
    ("2", "Cải cách thủ tục hành chính", 4, "", ""),
    ("2.1", "Công khai thủ tục hành chính (chọn 1)", 2, "", "Ảnh chụp nơi công khai"),
    ("2.1.1", "Công khai đầy đủ, đúng quy định", 2, "", ""),
    ("2.1.2", "Công khai chưa đầy đủ", 1, "bước 0,5", ""),
    ("2.2", "Tiếp nhận, xử lý phản ánh, kiến nghị", 2, "", ""),
)
TOTAL = ("", "Tổng cộng", 10, "", "")
# With the title row and the header: the first criterion is on row 3.
FIRST = len(TITLE) + 2


def table(rows=ROWS, header=HEADER, title=TITLE, total=TOTAL) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    for row in title:
        sheet.append(list(row))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if total is not None:
        sheet.append(list(total))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def csv_table(rows=ROWS, header=HEADER) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [str(cell).replace(".", ",") if isinstance(cell, float) else cell for cell in row]
        )
    return out.getvalue().encode("utf-8")


def replaced(rows, index: int, **cells) -> tuple:
    """`rows` with row `index`'s cells changed: number, title, max, guidance, evidence."""
    names = ("number", "title", "max", "guidance", "evidence")
    rows = [list(row) for row in rows]
    for key, value in cells.items():
        rows[index][names.index(key)] = value
    return tuple(tuple(row) for row in rows)


def row_of(number: str, rows=ROWS) -> int:
    """The spreadsheet row of the criterion numbered so."""
    return FIRST + [row[0] for row in rows].index(number)
