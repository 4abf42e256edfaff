"""Workbooks of indicator sets for the tests: built with openpyxl, row by row."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

HEADER = (
    "Mã",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Loại",
    "Cách tổng hợp",
    "Tử số",
    "Mẫu số",
    "Chỉ tiêu",
)
INDICATORS = (
    ("TIEP_NHAN", "Số hồ sơ tiếp nhận", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("DA_GIAI_QUYET", "Số hồ sơ đã giải quyết", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("GQ_DUNG_HAN", "Giải quyết đúng hạn", "hồ sơ", "số đếm", "cộng", "", "", ""),
    ("GQ_QUA_HAN", "Giải quyết quá hạn", "hồ sơ", "số đếm", "cộng", "", "", "≤ 500"),
    (
        "TL_DUNG_HAN",
        "Tỷ lệ đúng hạn",
        "%",
        "tỷ lệ %",
        "tỷ lệ",
        "GQ_DUNG_HAN",
        "DA_GIAI_QUYET",
        "≥ 98",
    ),
    ("MOT_CUA", "Có bộ phận một cửa", "", "có/không", "", "", "", "có"),
)
CHECKS = (
    ("KT1", "Đúng hạn cộng quá hạn bằng đã giải quyết", "GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET"),
    ("KT2", "Đã giải quyết không quá tiếp nhận", "DA_GIAI_QUYET <= TIEP_NHAN"),
)
TITLE = (("Tên bộ chỉ tiêu", "Kết quả một cửa"), ("Năm", 2021), ("Kỳ báo cáo", "Hằng quý"))


def workbook(indicators=INDICATORS, checks=CHECKS, title=TITLE, header=HEADER) -> bytes:
    """Title rows, an empty row, the header (row len(title) + 2), then the indicators; the
    first indicator is on row len(title) + 3. The checks' header is row 1 of "Kiểm tra"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    for row in title:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(list(header))
    for row in indicators:
        sheet.append(list(row))
    if checks is not None:
        other = book.create_sheet("Kiểm tra")
        other.append(["Mã", "Nội dung", "Biểu thức"])
        for row in checks:
            other.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


FIRST = len(TITLE) + 3  # the first indicator's row


def replaced(rows, index: int, **cells) -> tuple:
    """`rows` with row `index`'s cells changed, by header name (ascii keys: code, name, …)."""
    names = ("code", "name", "measure", "kind", "combine", "numerator", "denominator", "target")
    rows = [list(row) for row in rows]
    for key, value in cells.items():
        rows[index][names.index(key)] = value
    return tuple(tuple(row) for row in rows)
