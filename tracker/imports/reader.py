"""Reading a plan file (.xlsx or .csv) into plain rows of cells, nothing more.

What the rows mean is table.py's business. A merged range hands its top-left value to every
cell it covers, and each copy remembers where it came from: table.py lets a value run down a
column (an owner merged over two tasks) but not across columns (a section title merged over
the whole row is not also its lead unit).

Files are read as a stream, row by row, and refused at the first value past the limits: a
10 MB upload can hold millions of cells, and loading them all cost seconds and hundreds of
megabytes in the web worker before anything was checked.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook

from tracker.imports import unreadable
from tracker.imports.sheetxml import scan_sheet
from tracker.imports.unreadable import ImportUnreadable

__all__ = ["MAX_IMPORT_BYTES", "ImportUnreadable", "Sheet", "read_sheets"]

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
# For all sheets together: many full sheets in one small zip would otherwise all be kept.
MAX_CELLS = MAX_ROWS * MAX_COLUMNS


@dataclass(frozen=True, slots=True)
class Cell:
    value: object = None  # str, int, float, date or datetime; None when empty
    # The (row, column) of the merged range's top-left cell, when this cell is a copy of it.
    merged_from: tuple[int, int] | None = None


EMPTY = Cell()


@dataclass
class Sheet:
    name: str
    # rows[r - 1][c - 1]: row and column numbers as the file shows them; a row stops at its
    # last cell with a value, so read through cell().
    rows: list[list[Cell]]

    def cell(self, row: int, column: int) -> Cell:
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else EMPTY


def read_sheets(source: str | Path | BinaryIO | bytes, filename: str) -> list[Sheet]:
    """The sheets of an .xlsx file (in order) or the one table of a .csv file."""
    data = read_bytes(source)
    if not data:
        raise unreadable.file_empty()
    if len(data) > MAX_IMPORT_BYTES:
        raise unreadable.file_too_large(MAX_IMPORT_BYTES)
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise unreadable.old_xls_workbook()
    if extension in ("xlsx", "xlsm") or (extension not in ("csv", "txt") and data[:2] == b"PK"):
        return _read_xlsx(data)
    if extension in ("csv", "txt"):
        return [_read_csv(data, Path(filename).stem)]
    raise unreadable.not_a_plan_file(filename or "")


def read_bytes(source) -> bytes:
    """A file's bytes (from its path, an open file or the bytes), one past the limit at the
    most, so that a larger file is refused without reading it all."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        try:
            with Path(source).open("rb") as handle:
                return handle.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise unreadable.cannot_open(source, error) from None
    return source.read(MAX_IMPORT_BYTES + 1)


class _Rows:
    """One sheet's rows as they stream in, refused at the first value past the limits."""

    def __init__(self, sheet: str | None, budget: list[int]) -> None:
        self.sheet = sheet  # None for a .csv file, which has no sheets
        # [cells left for the whole file], shared by its sheets: every cell kept counts,
        # empty or not, and an empty row counts as one.
        self.budget = budget
        self.rows: list[list[Cell]] = []
        self.number = 0  # of the last row read; rows past the limit are not kept

    def add(self, values) -> None:
        self.number = number = self.number + 1
        values = [_clean(value) for value in values]
        while values and values[-1] is None:
            values.pop()
        if not values:
            # An empty row past the limit is not kept, nor refused: styled blank rows are
            # common below a table.
            if number <= MAX_ROWS:
                self._charge(1, number)
                self.rows.append([])
            return
        if number > MAX_ROWS:
            raise unreadable.too_many_rows(self.sheet, number, MAX_ROWS, MAX_COLUMNS)
        if len(values) > MAX_COLUMNS:
            column = next(
                c for c, v in enumerate(values, start=1) if c > MAX_COLUMNS and v is not None
            )
            raise unreadable.too_many_columns(self.sheet, number, column, MAX_ROWS, MAX_COLUMNS)
        self._charge(len(values), number)
        self.rows.append([EMPTY if value is None else Cell(value) for value in values])

    def spread(self, ranges) -> None:
        """Copy each merged range's top-left value over the cells it covers. Rows are not
        added for a range that runs below the last one: a copy alone does not make a row."""
        for left, top, right, bottom in ranges:
            bottom, right = min(bottom, len(self.rows)), min(right, MAX_COLUMNS)
            if top > bottom or left > right:
                continue
            first = self.rows[top - 1]
            own = first[left - 1] if left <= len(first) else EMPTY
            copy = Cell(own.value, (top, left))  # one object for every cell of the range
            for row in range(top, bottom + 1):
                cells = self.rows[row - 1]
                if len(cells) < right:
                    self._charge(right - len(cells), row)
                    cells.extend([EMPTY] * (right - len(cells)))
                cells[left - 1 : right] = [copy] * (right - left + 1)
            first[left - 1] = own

    def finish(self, name: str) -> Sheet:
        while self.rows and not self.rows[-1]:
            self.rows.pop()
        return Sheet(name, self.rows)

    def _charge(self, cells: int, row: int) -> None:
        self.budget[0] -= cells
        if self.budget[0] < 0:
            raise unreadable.too_many_cells(self.sheet, row, MAX_CELLS)


def _past_limits(sheet: str | None, row: int, column: int) -> ImportUnreadable:
    """The refusal of a value at (row, column), past MAX_ROWS or MAX_COLUMNS."""
    if row > MAX_ROWS:
        return unreadable.too_many_rows(sheet, row, MAX_ROWS, MAX_COLUMNS)
    return unreadable.too_many_columns(sheet, row, column, MAX_ROWS, MAX_COLUMNS)


def _read_xlsx(data: bytes) -> list[Sheet]:

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged zip or XML raises many kinds of errors
        raise unreadable.unreadable_workbook(error) from None
    budget = [MAX_CELLS]
    try:
        # Every sheet is measured before any is read: a huge second sheet is refused without
        # the time of reading the first.
        scans = []
        for worksheet in book.worksheets:
            # A read-only sheet keeps where its XML is and the file's shared strings (openpyxl
            # has no public name for either), not its merged ranges.
            with archive.open(worksheet._worksheet_path) as source:
                scan = scan_sheet(source, worksheet._shared_strings, MAX_ROWS, MAX_COLUMNS)
            if scan.beyond:
                raise _past_limits(worksheet.title, *scan.beyond)
            scans.append(scan)
        sheets = []
        for worksheet, scan in zip(book.worksheets, scans, strict=True):
            rows = _Rows(worksheet.title, budget)
            # The <dimension> a program writes can be wrong (openpyxl would stop at it):
            # read every row there is, and let the limits decide.
            worksheet.reset_dimensions()
            for values in worksheet.iter_rows(values_only=True):
                rows.add(values)
            rows.spread(scan.merges)
            sheets.append(rows.finish(worksheet.title))
    except ImportUnreadable:
        raise
    except Exception as error:  # a sheet's XML is parsed only as its rows are read
        raise unreadable.unreadable_workbook(error) from None
    finally:
        book.close()
        archive.close()
    return sheets


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_csv(data: bytes, name: str) -> Sheet:
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    rows = _Rows(None, [MAX_CELLS])
    try:
        try:
            dialect = csv.Sniffer().sniff(text.read(8192), delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        text.seek(0)
        for record in csv.reader(text, dialect):
            rows.add(record)
    except UnicodeDecodeError:
        raise unreadable.csv_not_utf8() from None
    except csv.Error as error:
        raise unreadable.unreadable_csv(error) from None
    return rows.finish(name)
