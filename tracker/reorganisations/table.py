"""Reading a reorganisation table (.xlsx or .csv) into rows, each cell checked on its own.

The header holds exactly these names, in any order (compared without case or diacritics):
Ngày hiệu lực | Hình thức | Đơn vị cũ | Đơn vị mới | Tên đơn vị mới | Loại | Văn bản, and
optionally Nhiệm vụ (the assignment whose successor a split chooses). Other columns (notes) are
read past. What the rows mean together is plan.py's business."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem, not_a_date, required
from tracker.core.text import fold, text_problem
from tracker.core.timeutil import local_today, parse_date
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem
from tracker.imports.table import text_of
from tracker.reorganisations.vocabulary import FORMS, kind_of
from tracker.units.fields import decision_problem, name_problem

DAY, FORM, OLD, NEW = "Ngày hiệu lực", "Hình thức", "Đơn vị cũ", "Đơn vị mới"
NEW_NAME, KIND, DECISION, ASSIGNMENT = "Tên đơn vị mới", "Loại", "Văn bản", "Nhiệm vụ"
REQUIRED = (DAY, FORM, OLD, NEW, NEW_NAME, KIND, DECISION)
HEADER_SEARCH_ROWS = 10
_SEPARATOR = re.compile(r"[;\n\r]+")


@dataclass
class Row:
    """One row of the table, its cells read; `problems` says which could not be."""

    row: int
    day: date | None = None
    form: str | None = None  # merge, absorb, rename, dissolve, establish, split
    old: list[str] = field(default_factory=list)
    new: str = ""
    new_name: str = ""
    kind: tuple[str, str | None] | None = None  # (kind, division type)
    decision: str = ""
    assignment: int | None = None
    cells: dict[str, str] = field(default_factory=dict)  # as written, for the fingerprint
    problems: list[ImportProblem] = field(default_factory=list)

    def issue(self, column: str | None, problem: Problem) -> None:
        self.problems.append(ImportProblem(problem, self.row, column, column))


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def all_problems(self) -> list[ImportProblem]:
        return self.problems + [p for row in self.rows for p in row.problems]


def read_table(sheets: list[Sheet]) -> Table:
    wanted = {fold(name): name for name in (*REQUIRED, ASSIGNMENT)}
    best: tuple[int, Sheet, int, dict[str, int]] | None = None
    for sheet in sheets:
        for number in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
            columns: dict[str, int] = {}
            for column, cell in enumerate(sheet.rows[number - 1], start=1):
                name = wanted.get(fold(text_of(cell.value)))
                if name is not None:
                    columns.setdefault(name, column)
            if len(columns) >= 3 and (best is None or len(columns) > best[0]):
                best = (len(columns), sheet, number, columns)
    if best is None:
        return Table(problems=[ImportProblem(no_header())])
    _count, sheet, header, columns = best
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problem = Problem(
            "reorganisation_missing_columns",
            _l("The table has no column %(columns)s: its header needs %(all)s."),
            columns=missing,
            all=" | ".join(REQUIRED),
        )
        return Table(problems=[ImportProblem(problem, header)])
    table = Table()
    for number in range(header + 1, len(sheet.rows) + 1):
        values = {name: sheet.cell(number, column).value for name, column in columns.items()}
        if any(text_of(value) for value in values.values()):
            table.rows.append(read_row(number, values))
    if not table.rows:
        table.problems.append(
            ImportProblem(
                Problem("reorganisation_no_rows", _l("The table has no rows below its header.")),
                header,
            )
        )
    return table


def no_header() -> Problem:
    return Problem(
        "reorganisation_no_header",
        _l("No table header found: a reorganisation table has the columns %(columns)s."),
        columns=" | ".join(REQUIRED),
    )


def read_row(number: int, values: dict[str, object]) -> Row:
    row = Row(number, cells={name: text_of(value) for name, value in values.items()})
    for name, text in row.cells.items():
        if problem := text_problem(text):
            row.issue(name, problem)
    if row.problems:
        return row
    row.day = _day(row, values.get(DAY))
    row.form = _form(row, row.cells[FORM])
    row.old = [part.strip() for part in _SEPARATOR.split(row.cells[OLD]) if part.strip()]
    row.new = row.cells[NEW]
    if _SEPARATOR.search(row.new):
        row.issue(
            NEW,
            Problem(
                "reorganisation_one_new_unit",
                _l(
                    "Write one unit in this column (a row for each new unit); several old "
                    "units go in “%(column)s”, separated by “;”."
                ),
                column=OLD,
            ),
        )
    row.new_name = row.cells[NEW_NAME]
    if row.new_name and (problem := name_problem(row.new_name)):
        row.issue(NEW_NAME, problem)
    if row.cells[KIND]:
        row.kind = kind_of(row.cells[KIND])
        if row.kind is None:
            row.issue(KIND, unknown_kind(row.cells[KIND]))
    row.decision = row.cells[DECISION]
    if problem := decision_problem(row.decision):
        row.issue(DECISION, problem)
    row.assignment = _assignment(row, values.get(ASSIGNMENT))
    return row


def _day(row: Row, value) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = row.cells[DAY]
        if not text:
            row.issue(
                DAY,
                Problem(
                    "reorganisation_date_required",
                    _l("Give the day the change took effect (dd/mm/yyyy)."),
                ),
            )
            return None
        try:
            value = parse_date(text)
        except ValueError:
            row.issue(DAY, not_a_date(text))
            return None
    if value > local_today():
        row.issue(
            DAY,
            Problem(
                "reorganisation_date_ahead",
                _l(
                    "%(day)s is still to come: a reorganisation is applied once it has taken "
                    "effect, not before."
                ),
                day=value,
            ),
        )
        return None
    return value


def _form(row: Row, text: str) -> str | None:
    if not text:
        row.issue(FORM, required())
        return None
    form = FORMS.get(fold(text))
    if form is None:
        row.issue(
            FORM,
            Problem(
                "reorganisation_unknown_form",
                _l("“%(value)s” is not a kind of change: write one of %(choices)s."),
                value=text,
                choices=list(dict.fromkeys(FORM_WORDS)),
            ),
        )
    return form


FORM_WORDS = ("hợp nhất", "sáp nhập", "đổi tên", "giải thể", "thành lập", "chia tách")


def unknown_kind(text: str) -> Problem:
    return Problem(
        "reorganisation_unknown_kind",
        _l("“%(value)s” is not a kind of unit: write one of %(choices)s."),
        value=text,
        choices=[
            "văn phòng",
            "sở",
            "ban",
            "huyện",
            "thị xã",
            "thành phố",
            "xã",
            "phường",
            "thị trấn",
            "đặc khu",
        ],
    )


def _assignment(row: Row, value) -> int | None:
    text = row.cells.get(ASSIGNMENT, "")
    if not text:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        digits = text.lstrip("#").strip()
        number = int(digits) if digits.isascii() and digits.isdigit() else None
    if number is None or not 0 < number < 2**31:
        row.issue(
            ASSIGNMENT,
            Problem(
                "reorganisation_not_an_assignment",
                _l(
                    "“%(value)s” is not an assignment number: write the number (#) the "
                    "assignment has on its task's page."
                ),
                value=text,
            ),
        )
        return None
    return number
