"""A quick pass over a worksheet's XML before openpyxl reads its cells: the merged ranges
(a read-only sheet does not know them) and the first value that lies past the limits.

openpyxl makes Python objects of every cell, which for a sheet of a million cells took
seconds before the limits were even looked at. Here expat reports element names and
attributes only, and the text of just the cells past the limits, so such a sheet is refused
after a fraction of that. Whether a cell past the limits holds a value is decided as openpyxl
would (a shared string of spaces is empty); when unsure this pass says nothing and the row
by row read, which checks the limits again, has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

from openpyxl.utils import column_index_from_string, range_boundaries

_DIGITS = "0123456789"


class _Found(Exception):
    """Stops expat at the first value past the limits; the rest is not read."""


@dataclass
class SheetScan:
    # (min_col, min_row, max_col, max_row) of each merged range that starts within the limits
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row, column) of the first cell past the limits that holds a value, if any
    beyond: tuple[int, int] | None = None


def scan_sheet(source: BinaryIO, shared_strings, max_rows: int, max_columns: int) -> SheetScan:
    scan = SheetScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    columns: dict[str, int] = {}  # "AB" → 28, worked out once per letters
    where = [0, 0]  # row, column of the cell being read
    cell = {"type": "n", "past": False}
    text: list[str] = []

    def settle() -> None:
        """After the text of a value past the limits: stop if it is a value."""
        parser.CharacterDataHandler = None
        value = "".join(text)
        text.clear()
        if _has_value(value, cell["type"], shared_strings):
            scan.beyond = (where[0], where[1])
            raise _Found

    def start(name: str, attributes: dict) -> None:
        if parser.CharacterDataHandler is not None:
            settle()
        tag = name.rpartition(" ")[2]
        if tag == "c":
            ref = attributes.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = column_index_from_string(letters)
                where[1] = column
            else:
                where[1] += 1
            cell["type"] = attributes.get("t", "n")
            cell["past"] = where[0] > max_rows or where[1] > max_columns
        elif tag == "row":
            where[0] = int(attributes["r"]) if attributes.get("r") else where[0] + 1
            where[1] = 0
        elif tag in ("v", "t") and cell["past"]:
            parser.CharacterDataHandler = text.append
        elif tag == "mergeCell" and attributes.get("ref"):
            merge = range_boundaries(attributes["ref"])
            if merge[0] <= max_columns and merge[1] <= max_rows:
                # Ranges do not overlap in a sound file; more than the cells is a broken one.
                if len(scan.merges) >= max_rows * max_columns:
                    raise ValueError("more merged ranges than cells")
                scan.merges.append(merge)

    parser.StartElementHandler = start
    try:
        parser.ParseFile(source)
        if parser.CharacterDataHandler is not None:
            settle()
    except _Found:
        pass
    return scan


def _has_value(text: str, kind: str, shared_strings) -> bool:
    if kind == "s":
        try:
            return bool(str(shared_strings[int(text)]).strip())
        except (ValueError, IndexError):
            return False  # left to openpyxl, which will say what is wrong
    return bool(text.strip())
