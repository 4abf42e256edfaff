"""Reading the province's table of criteria into rows, each cell checked on its own.

STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối đa | Hướng dẫn chấm điểm | Tài liệu
kiểm chứng: the header is found by its words (whatever the case and diacritics, in any order,
below any title rows; STT, the criterion and its maximum are required), one row per criterion
numbered "1", "1.1", "1.1.2". A row without a number whose words begin "Tổng" is the table's
total. What the rows mean together (the numbering, the sums) is criteria_checks.py's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.core.problems import Problem, required, too_long
from tracker.core.text import fold, text_problem
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem
from tracker.imports.table import text_of
from tracker.reform_index.rules import read_points

NUMBER, TITLE, MAX = "STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa"
GUIDANCE, EVIDENCE = "Hướng dẫn chấm điểm", "Tài liệu kiểm chứng"
COLUMNS = (NUMBER, TITLE, MAX, GUIDANCE, EVIDENCE)
REQUIRED = (NUMBER, TITLE, MAX)
# Other ways a header may say it (folded).
ALIASES = {
    "so thu tu": NUMBER,
    "tt": NUMBER,
    "noi dung": TITLE,
    "tieu chi": TITLE,
    "linh vuc tieu chi": TITLE,
    "ten tieu chi": TITLE,
    "noi dung tieu chi": TITLE,
    "diem": MAX,
    "diem chuan": MAX,
    "thang diem": MAX,
    "diem toi da": MAX,
    "cach cham diem": GUIDANCE,
    "cach tinh diem": GUIDANCE,
    "huong dan": GUIDANCE,
    "phuong phap cham diem": GUIDANCE,
    "tai lieu": EVIDENCE,
    "minh chung": EVIDENCE,
    "tai lieu minh chung": EVIDENCE,
}
HEADER_SEARCH_ROWS = 20
TITLE_MAX, TEXT_MAX, NUMBER_MAX = 1000, 4000, 20
POINTS_LIMIT = 1000
_NUMBERING = re.compile(r"\d{1,3}(?:\.\d{1,3})*")


@dataclass
class CriteriaRow:
    row: int
    number: str = ""
    title: str = ""
    max_points: float | None = None
    guidance: str = ""
    evidence: str = ""


@dataclass
class CriteriaTable:
    rows: list[CriteriaRow] = field(default_factory=list)
    # The table's own total ("Tổng cộng | 100"), and its row, when it has one.
    total: tuple[int, float | None] | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column name → letter

    def issue(self, row: int | None, column: str | None, problem: Problem) -> None:
        letter = self.letters.get(column) if column else None
        self.problems.append(ImportProblem(problem, row, letter or column, column))


def read_table(sheets: list[Sheet]) -> CriteriaTable:
    table = CriteriaTable()
    found = next(((s, h) for s in sheets if (h := _header(s)) is not None), None)
    if found is None:
        table.issue(
            None,
            None,
            Problem(
                "index_criteria_no_header",
                _l("No table header found: its header is %(columns)s."),
                columns=" | ".join(COLUMNS),
            ),
        )
        return table
    sheet, (header, columns) = found
    table.letters = {name: get_column_letter(column) for name, column in columns.items()}
    for number in range(header + 1, len(sheet.rows) + 1):
        cells = {name: text_of(sheet.cell(number, c).value) for name, c in columns.items()}
        if any(cells.values()):
            _row(table, number, cells)
    if not table.rows:
        table.issue(
            header,
            None,
            Problem("index_criteria_no_rows", _l("The table has no criteria below its header.")),
        )
    return table


def _column_name(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    # Longest first: "Lĩnh vực, tiêu chí, …" before its alias "tiêu chí".
    for name in sorted(COLUMNS, key=lambda n: -len(n)):
        if folded == fold(name) or folded.startswith(fold(name) + " "):
            return name
    return ALIASES.get(folded)


def _header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for number in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
        columns: dict[str, int] = {}
        for column, cell in enumerate(sheet.rows[number - 1], start=1):
            name = _column_name(text_of(cell.value))
            if name is not None:
                columns.setdefault(name, column)
        if all(name in columns for name in REQUIRED):
            return number, columns
    return None


def _row(table: CriteriaTable, number: int, cells: dict[str, str]) -> None:
    def issue(column: str, problem: Problem) -> None:
        table.issue(number, column, problem)

    bad = set()
    for name, text in cells.items():
        if problem := text_problem(text, multiline=name != NUMBER):
            issue(name, problem)
            bad.add(name)
    # The other cells are read still: a bad title does not hide the row's number or points.
    cells = {name: "" if name in bad else text for name, text in cells.items()}
    stt = cells[NUMBER].strip().rstrip(".")
    if not stt and fold(cells[TITLE]).startswith("tong"):
        table.total = (number, _points(cells[MAX], lambda p: issue(MAX, p)))
        return
    row = CriteriaRow(number)
    table.rows.append(row)
    if not stt:
        if NUMBER not in bad:
            issue(NUMBER, required())
    elif len(stt) > NUMBER_MAX or not _NUMBERING.fullmatch(stt):
        issue(
            NUMBER,
            Problem(
                "index_criteria_numbering_form",
                _l("“%(value)s” is not a criterion's number: write 1, 1.1 or 1.1.2."),
                value=stt,
            ),
        )
    else:
        row.number = ".".join(str(int(part)) for part in stt.split("."))
    row.title = cells[TITLE]
    if not row.title:
        if TITLE not in bad:
            issue(TITLE, required())
    elif len(row.title) > TITLE_MAX:
        issue(TITLE, too_long(TITLE_MAX))
    if not cells[MAX]:
        if MAX not in bad:
            issue(MAX, required())
    else:
        row.max_points = _points(cells[MAX], lambda p: issue(MAX, p))
    for column, attribute in ((GUIDANCE, "guidance"), (EVIDENCE, "evidence")):
        text = cells.get(column, "")
        if len(text) > TEXT_MAX:
            issue(column, too_long(TEXT_MAX))
        else:
            setattr(row, attribute, text)


def _points(text: str, issue) -> float | None:
    points = read_points(text.removesuffix("điểm").strip())
    if points is None or not 0 < points <= POINTS_LIMIT or round(points, 2) != points:
        issue(
            Problem(
                "index_criteria_points",
                _l(
                    "“%(value)s” is not a maximum: write points above 0 and at most %(limit)s, "
                    "with at most two decimals, such as 1 or 0,25."
                ),
                value=text,
                limit=POINTS_LIMIT,
            )
        )
        return None
    return points
