"""Finding the plan's table in a sheet and reading its rows as sections and tasks.

The header is found by its text, whatever the case, diacritics and wording ("Thời hạn",
"Đơn vị chủ trì", "Kết quả/sản phẩm"), below any title rows and in any column order; a
two-row header ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp") is read as one. The table
ends at the first notes row ("Ghi chú", "Nơi nhận", the signature) after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.core.problems import Problem
from tracker.core.text import fold, tidy
from tracker.imports.numbering import Numbering, clean_stt, split_number_and_text, stt_kind
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem

FIELDS = ("number", "title", "lead", "cooperating", "deadline", "output")
REQUIRED = ("number", "title", "lead", "deadline")
HEADERS = {
    "number": "STT",
    "title": "Nội dung nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "cooperating": "Cơ quan phối hợp",
    "deadline": "Thời gian hoàn thành",
    "output": "Sản phẩm",
}
# Columns that are read past: an export's state columns, notes, budgets, start dates.
IGNORED = ("minh chung", "trang thai", "tinh trang", "ngay hoan thanh", "bat dau", "ghi chu")
IGNORED += ("kinh phi", "nguon von", "du toan")
NOTES = ("ghi chu", "luu y", "chu thich", "noi nhan", "tm ", "kt ", "chu tich", "nguoi lap")
HEADER_SEARCH_ROWS = 40
_LEAD = re.compile(r"\bchu tri\b|\b(co quan|don vi|trach nhiem)\b.*\bthuc hien\b")
_COLUMN_NUMBERS = re.compile(r"\(?\d{1,2}\)?")


@dataclass
class Row:
    row: int
    kind: str  # "section" or "task"
    number: str  # full: "II.3"
    section: str | None  # the enclosing section's number
    title: str
    lead: str = ""
    cooperating: str = ""
    deadline: object = None  # text, a date, or None when the cell is empty
    output: str = ""
    stt: str = ""  # as written


@dataclass
class Table:
    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # as the file writes them
    title_lines: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)

    def issue(self, row: int, name: str, problem: Problem) -> None:
        """A problem of the cell of `row` in the column of field `name`."""
        column = self.columns.get(name)
        self.errors.append(
            ImportProblem(
                problem,
                row,
                get_column_letter(column) if column else None,
                self.headers.get(name, HEADERS.get(name)),
            )
        )


def header_field(text: str) -> str | None:
    """Which column a header names: a field, "ignored", or None for an unknown one."""
    t = fold(text)
    if not t:
        return None
    if any(word in t for word in IGNORED):
        return "ignored"
    if "phoi hop" in t:
        return "cooperating"
    if _LEAD.search(t):
        return "lead"
    if t in ("stt", "tt", "so tt", "so thu tu"):
        return "number"
    if "san pham" in t or "ket qua" in t:
        return "output"
    if "thoi gian" in t or "thoi han" in t or "tien do" in t:
        return "deadline"
    if "noi dung" in t or "nhiem vu" in t or "cong viec" in t:
        return "title"
    return None


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return tidy(str(value))


def read_table(sheets: list[Sheet]) -> Table:
    for sheet in sheets:
        for row in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
            labels, two_rows = _header_labels(sheet, row)
            columns: dict[str, int] = {}
            for column, label in labels.items():
                name = header_field(label)
                if name and name != "ignored":
                    columns.setdefault(name, column)
            if "title" in columns and "lead" in columns and len(columns) >= 3:
                table = Table(sheet.name, row, columns)
                table.headers = {name: labels[col] for name, col in columns.items()}
                table.title_lines = [_line(sheet, r) for r in range(1, row) if _line(sheet, r)]
                missing = [HEADERS[name] for name in REQUIRED if name not in columns]
                if missing:
                    table.errors.append(
                        ImportProblem(
                            Problem(
                                "missing_columns",
                                _l("The table has no column %(columns)s."),
                                columns=missing,
                            ),
                            row,
                        )
                    )
                    return table
                _read_rows(sheet, table, row + (2 if two_rows else 1))
                return table
    no_header = Problem(
        "no_table_header",
        _l("No table header found: the plan's table needs the columns %(columns)s."),
        columns=" | ".join(HEADERS.values()),
    )
    return Table(errors=[ImportProblem(no_header)])


def _line(sheet: Sheet, row: int) -> str:
    cells = [text_of(c.value) for c in sheet.rows[row - 1] if c.merged_from is None]
    return " ".join(text for text in cells if text)


def _header_labels(sheet: Sheet, row: int) -> tuple[dict[int, str], bool]:
    """Each column's header text; a cell merged across columns takes the text below it."""
    cells = sheet.rows[row - 1]
    labels = {c: text_of(cell.value) for c, cell in enumerate(cells, start=1)}
    two_rows = False
    if row < len(sheet.rows):
        for column, cell in enumerate(cells, start=1):
            across = (cell.merged_from is not None and cell.merged_from[0] == row) or (
                sheet.cell(row, column + 1).merged_from == (row, column)
            )
            below = sheet.cell(row + 1, column)
            if across and below.merged_from is None and text_of(below.value):
                labels[column] = f"{labels[column]} {text_of(below.value)}"
                two_rows = True
    return labels, two_rows


def _values(sheet: Sheet, table: Table, row: int) -> dict[str, object]:
    values = {}
    for name, column in table.columns.items():
        cell = sheet.cell(row, column)
        # A value merged down a column applies to each row; one merged across columns
        # belongs to its first column only.
        spread_across = cell.merged_from is not None and cell.merged_from[1] != column
        values[name] = None if spread_across else cell.value
    return values


def _read_rows(sheet: Sheet, table: Table, start: int) -> None:
    numbering = Numbering()
    for row in range(start, len(sheet.rows) + 1):
        texts = [text_of(c.value) for c in sheet.rows[row - 1] if c.merged_from is None]
        texts = [t for t in texts if t]
        values = _values(sheet, table, row)
        if not texts and not any(text_of(v) for v in values.values()):
            continue
        # "Ghi chú: …", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN": no owner, the table is over.
        if texts and not text_of(values.get("lead")) and fold(texts[0] + " ").startswith(NOTES):
            break
        if len(texts) >= 3 and all(_COLUMN_NUMBERS.fullmatch(t) for t in texts):
            continue  # the "(1) (2) (3)" row under a header
        _read_row(table, numbering, row, values)


def _read_row(table: Table, numbering: Numbering, row: int, values: dict) -> None:
    stt = clean_stt(values.get("number"))
    title = text_of(values.get("title"))
    lead = text_of(values.get("lead"))
    cooperating = text_of(values.get("cooperating"))
    deadline = values.get("deadline")
    deadline = deadline if isinstance(deadline, date | int | float) else text_of(deadline)
    output = text_of(values.get("output"))
    if not title and (split := split_number_and_text(stt)):
        stt, title = split  # "II. CẢI CÁCH THỂ CHẾ" merged over the STT and content cells
    elif not stt and (split := split_number_and_text(title)):
        stt, title = split  # "a) Rà soát …" with an empty STT cell
    kind = stt_kind(stt)
    if kind == "bad":
        table.issue(
            row,
            "number",
            Problem(
                "bad_row_number",
                _l("“%(value)s” is not a row number such as I, 1, 1.2 or a."),
                value=stt,
            ),
        )
        return
    if not title:
        table.issue(row, "title", Problem("row_without_content", _l("The row has no content.")))
        return
    if kind == "none" and lead:
        table.issue(
            row, "number", Problem("task_without_number", _l("The task has no number (STT)."))
        )
        return
    if kind == "roman" and lead:
        table.issue(
            row,
            "lead",
            Problem(
                "section_with_lead_unit",
                _l("Row %(number)s is a section (roman numeral): it has no lead unit."),
                number=stt,
            ),
        )
    elif not lead and (cooperating or deadline):
        table.issue(
            row,
            "lead",
            Problem(
                "no_lead_unit",
                _l("The task has no lead unit (a row without one is a section heading)."),
            ),
        )
        return
    is_section = not lead or kind == "roman"
    number, section = numbering.place(stt, is_section)
    if is_section:
        table.rows.append(Row(row, "section", number, section, title, stt=stt))
    else:
        table.rows.append(
            Row(row, "task", number, section, title, lead, cooperating, deadline, output, stt)
        )
