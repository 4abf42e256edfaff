"""Builders of onboarding files (.csv and .xlsx) for the people import tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.imports_support import csv_bytes

HEADER = ["Họ và tên", "Email", "Đơn vị", "Vai trò", "Chức vụ", "Điện thoại"]


def people_rows(n: int, unit: str = "Sở Nội vụ", start: int = 1) -> list[list[str]]:
    """n people of a unit: the first its lead, the others its staff."""
    rows = []
    for i in range(start, start + n):
        role = "Lãnh đạo đơn vị" if i == start else "Cán bộ/Chuyên viên đơn vị"
        rows.append(
            [
                f"Nguyễn Văn Thử {i}",
                f"nguoi{i}@quangtri.gov.vn",
                unit,
                role,
                "Chuyên viên" if i > start else "Giám đốc",
                f"0912{i:06d}",
            ]
        )
    return rows


def people_csv(rows: list[list], header: list[str] = HEADER, bom: bool = True) -> bytes:
    return csv_bytes([header, *rows], bom=bom)


def people_xlsx(rows: list[list], header: list[str] = HEADER, title: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
