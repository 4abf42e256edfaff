"""The criteria table's template the import page hands out: a title row, the header, and a
short example (a lĩnh vực with levels, a step, a computed criterion and a "chọn 1" tiêu chí)
that imports as it is, to overwrite with the decision's criteria."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tracker.core.xlsx import a4_landscape_bytes
from tracker.reform_index.criteria_table import COLUMNS

TITLE = "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (mẫu)"
EXAMPLE = (
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 6, "", ""),
    ("1.1", "Kế hoạch cải cách hành chính năm", 2, "", ""),
    (
        "1.1.1",
        "Ban hành kế hoạch CCHC năm kịp thời",
        1,
        "Ban hành trước ngày 31/01 = 1; Ban hành sau ngày 31/01 = 0,5; Không ban hành = 0",
        "Kế hoạch CCHC năm của đơn vị",
    ),
    (
        "1.1.2",
        "Mức độ thực hiện kế hoạch CCHC",
        1,
        "Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0",
        "Báo cáo kết quả thực hiện kế hoạch",
    ),
    ("1.2", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", 1, "Chấm theo số báo cáo, bước 0,25", ""),
    (
        "1.3",
        "Thực hiện nhiệm vụ UBND tỉnh giao trong kế hoạch CCHC",
        3,
        "Tự động: plan_done(plan=5959)\nHoàn thành 100 % = 3; 80 – dưới 100 % = 1,5; dưới 80 % = 0",
        "",
    ),
    ("2", "Cải cách thủ tục hành chính", 4, "", ""),
    ("2.1", "Công khai thủ tục hành chính (chọn 1)", 2, "", "Ảnh chụp, đường dẫn nơi công khai"),
    ("2.1.1", "Công khai đầy đủ, đúng quy định", 2, "", ""),
    ("2.1.2", "Công khai chưa đầy đủ", 1, "bước 0,5", ""),
    ("2.2", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 2, "bước 0,5", ""),
    ("", "Tổng cộng", 10, "", ""),
)
WIDTHS = (8, 60, 12, 60, 40)


def template_workbook() -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    sheet.append([TITLE])
    sheet.cell(1, 1).font = Font(bold=True)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in EXAMPLE:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    return a4_landscape_bytes(book, sheet)
