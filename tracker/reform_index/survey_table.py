"""Reading the sociological survey's table into rows, each cell checked on its own.

One sheet (or a .csv file) with a header row Mã đơn vị | Tên đơn vị | Điểm khảo sát (compared
without case or diacritics, in any order, within the first rows; Điểm khảo sát and one of the
other two required), one row per unit. Which unit a row names, and whether its points fit the
set, is survey.py's business: here a row is its row number and its cells' text."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.core.problems import Problem
from tracker.core.text import fold
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem
from tracker.imports.table import text_of

CODE, NAME, POINTS = "Mã đơn vị", "Tên đơn vị", "Điểm khảo sát"
COLUMNS = (CODE, NAME, POINTS)
# Other ways a header may say it (folded).
ALIASES = {
    "ma": CODE,
    "ma dv": CODE,
    "don vi": NAME,
    "ten": NAME,
    "ten co quan": NAME,
    "co quan don vi": NAME,
    "diem": POINTS,
    "diem dieu tra xa hoi hoc": POINTS,
    "diem dieu tra xhh": POINTS,
    "diem khao sat xa hoi hoc": POINTS,
}
HEADER_SEARCH_ROWS = 15


@dataclass
class SurveyRow:
    row: int
    code: str = ""
    name: str = ""
    points: object = None  # the cell's value as read: a number, or text to read as one


@dataclass
class SurveyTable:
    rows: list[SurveyRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # Column name → letter, for the problems of a row.
    letters: dict[str, str] = field(default_factory=dict)

    def issue(self, row: int | None, column: str | None, problem: Problem) -> None:
        letter = self.letters.get(column) if column else None
        self.problems.append(ImportProblem(problem, row, letter or column, column))


def column_name(text: str) -> str | None:
    folded = fold(text)
    for name in COLUMNS:
        if folded == fold(name):
            return name
    return ALIASES.get(folded)


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header's row number and each column's number, or None."""
    for number in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
        columns: dict[str, int] = {}
        for column, cell in enumerate(sheet.rows[number - 1], start=1):
            name = column_name(text_of(cell.value))
            if name is not None:
                columns.setdefault(name, column)
        if POINTS in columns and (CODE in columns or NAME in columns):
            return number, columns
    return None


def read_survey_table(sheets: list[Sheet]) -> SurveyTable:
    table = SurveyTable()
    found = next(((s, h) for s in sheets if (h := find_header(s)) is not None), None)
    if found is None:
        table.issue(
            None,
            None,
            Problem(
                "survey_no_header",
                _l(
                    "No header row found: the table needs the columns %(columns)s "
                    "(“Mã đơn vị” or “Tên đơn vị”, and “Điểm khảo sát”)."
                ),
                columns=" | ".join(COLUMNS),
            ),
        )
        return table
    sheet, (header, columns) = found
    table.letters = {name: get_column_letter(column) for name, column in columns.items()}
    for number in range(header + 1, len(sheet.rows) + 1):
        values = {name: sheet.cell(number, column).value for name, column in columns.items()}
        if all(text_of(value) == "" for value in values.values()):
            continue
        table.rows.append(
            SurveyRow(
                row=number,
                code=text_of(values.get(CODE)),
                name=text_of(values.get(NAME)),
                points=values.get(POINTS),
            )
        )
    if not table.rows:
        table.issue(
            header,
            None,
            Problem("survey_no_rows", _l("The table has no units below its header.")),
        )
    return table
