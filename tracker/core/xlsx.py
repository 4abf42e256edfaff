"""What every .xlsx we hand out shares: printed on A4 landscape, returned as bytes."""

from __future__ import annotations

from io import BytesIO


def a4_landscape_bytes(book, sheet) -> BytesIO:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out
