"""Reading a plan file (.xlsx or .csv) into plain rows of cells, nothing more.

What the rows mean is table.py's business. A merged range hands its top-left value to every
cell it covers, and each copy remembers where it came from: table.py lets a value run down a
column (an owner merged over two tasks) but not across columns (a section title merged over
the whole row is not also its lead unit).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40


class ImportUnreadable(Exception):
    """The file is not a spreadsheet this importer can open; nothing in it was looked at."""


@dataclass(frozen=True)
class Cell:
    value: object = None  # str, int, float, date or datetime; None when empty
    # The (row, column) of the merged range's top-left cell, when this cell is a copy of it.
    merged_from: tuple[int, int] | None = None


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[r - 1][c - 1]: row and column numbers as the file shows them

    def cell(self, row: int, column: int) -> Cell:
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else Cell()


def read_sheets(source: str | Path | BinaryIO | bytes, filename: str) -> list[Sheet]:
    """The sheets of an .xlsx file (in order) or the one table of a .csv file."""
    data = _read_bytes(source)
    if not data:
        raise ImportUnreadable("the file is empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportUnreadable(f"the file is {len(data) / 1048576:.1f} MB; at most 10 MB")
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportUnreadable("this is an old .xls workbook; save it as .xlsx or CSV UTF-8")
    if extension in ("xlsx", "xlsm") or (extension not in ("csv", "txt") and data[:2] == b"PK"):
        return _read_xlsx(data)
    if extension in ("csv", "txt"):
        return [_read_csv(data, Path(filename).stem)]
    raise ImportUnreadable(f"{filename or 'the file'}: expected an .xlsx or a .csv file")


def _read_bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()[: MAX_IMPORT_BYTES + 1]
        except OSError as error:
            raise ImportUnreadable(f"cannot read {source}: {error.strerror}") from None
    return source.read(MAX_IMPORT_BYTES + 1)


def _read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # a damaged zip or XML raises many kinds of errors
        raise ImportUnreadable(f"not a readable .xlsx workbook ({type(error).__name__})") from None
    return [_sheet_rows(sheet) for sheet in book.worksheets]


def _sheet_rows(sheet) -> Sheet:
    height = min(sheet.max_row, MAX_ROWS)
    width = min(sheet.max_column, MAX_COLUMNS)
    rows = [
        [Cell(_clean(value)) for value in values]
        for values in sheet.iter_rows(min_row=1, max_row=height, max_col=width, values_only=True)
    ]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if top > height or left > width:
            continue
        value = rows[top - 1][left - 1].value
        for row in range(top, min(merged.max_row, height) + 1):
            for column in range(left, min(merged.max_col, width) + 1):
                if (row, column) != (top, left):
                    rows[row - 1][column - 1] = Cell(value, (top, left))
    return Sheet(sheet.title, rows)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_csv(data: bytes, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportUnreadable(
            "the .csv file is not UTF-8; in Excel save it as “CSV UTF-8 (Comma delimited)”"
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ImportUnreadable(f"not a readable .csv file ({error})") from None
    rows = [[Cell(_clean(value)) for value in record[:MAX_COLUMNS]] for record in records]
    return Sheet(name, rows[:MAX_ROWS])
