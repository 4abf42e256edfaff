"""What every .xlsx we hand out shares: no text that a spreadsheet would run as a formula,
printed on A4 landscape, returned as bytes."""

from __future__ import annotations

from io import BytesIO

# OWASP's list for CSV injection: a cell starting with one of these may be read as a formula
# (a tab or a carriage return before "=" still is, by some spreadsheet programs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulas(book) -> None:
    """Every text cell that starts like a formula is written as text. openpyxl takes any
    string starting with "=" for a formula, so a unit's evidence number
    `=HYPERLINK("http://evil.example","doc")` would be a live link in the office's file.
    The text is kept as typed, so the file imports back unchanged; the quote prefix keeps
    it text when someone edits the cell in Excel. Numbers, dates and empty cells are left."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def a4_landscape_bytes(book, sheet) -> BytesIO:
    """The one ending of every export: formulas defused, A4 landscape, the file's bytes."""
    defuse_formulas(book)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out
