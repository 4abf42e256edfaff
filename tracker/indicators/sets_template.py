"""The indicator set's template workbook the pages hand out: the title rows, the two sheets'
headers, and an example (the one-stop figures of a quarterly report) to overwrite."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.core.xlsx import a4_landscape_bytes
from tracker.indicators.sets_table import (
    CHECK_COLUMNS,
    CHECKS_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
)

TITLE = (
    ("Tên bộ chỉ tiêu", "Kết quả giải quyết thủ tục hành chính"),
    ("Mã bộ chỉ tiêu", "MOT_CUA"),
    ("Năm", 2021),
    ("Kỳ báo cáo", "Hằng quý"),
)
KIND_HEADER = "Loại (số đếm / tỷ lệ % / có-không)"
COMBINE_HEADER = "Cách tổng hợp (cộng / tỷ lệ)"
EXAMPLE_INDICATORS = (
    ("TIEP_NHAN", "Số hồ sơ tiếp nhận", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("KY_TRUOC", "Số hồ sơ kỳ trước chuyển qua", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("DA_GIAI_QUYET", "Số hồ sơ đã giải quyết", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("GQ_DUNG_HAN", "Giải quyết đúng và trước hạn", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("GQ_QUA_HAN", "Giải quyết quá hạn", "hồ sơ", "số đếm", "cộng", "", "", ""),
    (
        "TL_DUNG_HAN",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "%",
        "tỷ lệ %",
        "tỷ lệ",
        "GQ_DUNG_HAN",
        "DA_GIAI_QUYET",
        "≥ 98",
    ),
    ("MOT_CUA", "Bộ phận một cửa hoạt động", "", "có/không", "cộng", "", "", "có"),
)
EXAMPLE_CHECKS = (
    (
        "KT1",
        "Đúng hạn cộng quá hạn bằng số đã giải quyết",
        "GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET",
    ),
    ("KT2", "Đã giải quyết không quá số phải giải quyết", "DA_GIAI_QUYET <= TIEP_NHAN + KY_TRUOC"),
)


def template_workbook() -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATORS_SHEET
    for label, value in TITLE:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    header = [KIND_HEADER if n == "Loại" else n for n in INDICATOR_COLUMNS]
    header = [COMBINE_HEADER if n == "Cách tổng hợp" else n for n in header]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_INDICATORS:
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGH", (16, 40, 12, 16, 16, 16, 16, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    checks = book.create_sheet(CHECKS_SHEET)
    checks.append(list(CHECK_COLUMNS))
    for cell in checks[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_CHECKS:
        checks.append(list(row))
    for letter, width in zip("ABC", (10, 50, 50), strict=True):
        checks.column_dimensions[letter].width = width
    checks.page_setup.orientation = "landscape"
    return a4_landscape_bytes(book, sheet)
