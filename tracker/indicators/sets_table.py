"""Reading an indicator set's workbook into rows, each cell checked on its own.

Sheet "Chỉ tiêu" (or a .csv file): a few title rows "Tên bộ chỉ tiêu | …", "Năm | 2021",
"Kỳ báo cáo | Hằng quý" (optional; also "Năm: 2021" in one cell), then the header
Mã | Tên chỉ tiêu | Đơn vị tính | Loại | Cách tổng hợp | Tử số | Mẫu số | Chỉ tiêu
(compared without case or diacritics, in any order; Mã, Tên chỉ tiêu and Loại required), one
row per indicator. Sheet "Kiểm tra" (optional): Mã | Nội dung | Biểu thức, one row per check.
What the rows mean together (codes known, ratios of counts) is sets_checks.py's business."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.core.problems import Problem, required, too_long
from tracker.core.text import fold, text_problem
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem
from tracker.imports.table import text_of
from tracker.indicators import sets_words as words

CODE, NAME, MEASURE, KIND = "Mã", "Tên chỉ tiêu", "Đơn vị tính", "Loại"
COMBINE, NUMERATOR, DENOMINATOR, TARGET = "Cách tổng hợp", "Tử số", "Mẫu số", "Chỉ tiêu"
INDICATOR_COLUMNS = (CODE, NAME, MEASURE, KIND, COMBINE, NUMERATOR, DENOMINATOR, TARGET)
INDICATOR_REQUIRED = (CODE, NAME, KIND)
CHECK_NAME, EXPRESSION = "Nội dung", "Biểu thức"
CHECK_COLUMNS = (CODE, CHECK_NAME, EXPRESSION)
CHECK_REQUIRED = (CODE, EXPRESSION)
INDICATORS_SHEET, CHECKS_SHEET = "Chỉ tiêu", "Kiểm tra"
# Other ways a header may say it (folded).
ALIASES = {
    "ma chi tieu": CODE,
    "ma kiem tra": CODE,
    "ten": NAME,
    "dvt": MEASURE,
    "loai chi tieu": KIND,
    "kieu": KIND,
    "tong hop": COMBINE,
    "muc tieu": TARGET,
    "chi tieu ke hoach": TARGET,
    "cong thuc": EXPRESSION,
    "ten kiem tra": CHECK_NAME,
}
# Title rows above the header: the set's name, code, year and periodicity.
TITLE_LABELS = {
    "ten bo chi tieu": "name",
    "bo chi tieu": "name",
    "ma bo chi tieu": "code",
    "nam": "year",
    "nam ap dung": "year",
    "ky bao cao": "periodicity",
    "dinh ky": "periodicity",
    "tan suat": "periodicity",
}
HEADER_SEARCH_ROWS = 15
NAME_MAX, MEASURE_MAX, SET_NAME_MAX, EXPRESSION_MAX = 500, 40, 300, 500


@dataclass(frozen=True)
class SetProblem(ImportProblem):
    """A problem of the workbook; `sheet` is named for the checks' sheet, so that its rows are
    not taken for the indicators' ("Dòng 4, cột C: …" is always the sheet "Chỉ tiêu")."""

    sheet: str | None = None

    def __str__(self) -> str:
        where = ImportProblem.__str__(self)
        if self.sheet is None:
            return where
        return _("Sheet “%(sheet)s”: %(problem)s", sheet=self.sheet, problem=where)

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, **ImportProblem.as_dict(self)}


@dataclass
class IndicatorRow:
    row: int
    code: str = ""
    name: str = ""
    measure: str = ""
    kind: str | None = None
    combine: str | None = None
    numerator: str = ""
    denominator: str = ""
    target: tuple[str, float] | None = None


@dataclass
class CheckRow:
    row: int
    code: str = ""
    name: str = ""
    expression: str = ""


@dataclass
class Workbook:
    # From the title rows: name, code, year (int), periodicity; and where each was written.
    title: dict[str, object] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    problems: list[SetProblem] = field(default_factory=list)
    # (sheet name or None, column name) → letter, for the problems sets_checks.py finds.
    letters: dict[tuple[str | None, str], str] = field(default_factory=dict)

    def issue(self, row, column: str | None, problem: Problem, sheet: str | None = None):
        letter = self.letters.get((sheet, column)) if column else None
        self.problems.append(SetProblem(problem, row, letter or column, column, sheet))


def read_workbook(sheets: list[Sheet]) -> Workbook:
    book = Workbook()
    indicators, checks = _sheet_for(sheets, INDICATORS_SHEET), _sheet_for(sheets, CHECKS_SHEET)
    if indicators is None:
        indicators = next((s for s in sheets if _header(s, INDICATOR_REQUIRED)), sheets[0])
    found = _header(indicators, INDICATOR_REQUIRED)
    if found is None:
        book.issue(None, None, _no_header(INDICATORS_SHEET, INDICATOR_COLUMNS))
        return book
    header, columns = found
    book.letters.update({(None, n): get_column_letter(c) for n, c in columns.items()})
    _read_title(book, indicators, header)
    for number in range(header + 1, len(indicators.rows) + 1):
        cells = {n: text_of(indicators.cell(number, c).value) for n, c in columns.items()}
        if any(cells.values()):
            book.indicators.append(_indicator(book, number, cells))
    if not book.indicators:
        book.issue(
            header,
            None,
            Problem("indicator_set_no_rows", _l("The sheet has no indicators below its header.")),
        )
    if checks is None:
        others = (s for s in sheets if s is not indicators and _header(s, CHECK_REQUIRED))
        checks = next(others, None)
    if checks is not None and checks is not indicators:
        _read_checks(book, checks)
    return book


def _sheet_for(sheets: list[Sheet], name: str) -> Sheet | None:
    return next((s for s in sheets if fold(s.name) == fold(name)), None)


def _column_name(text: str, names) -> str | None:
    folded = fold(text)
    for name in names:
        if folded == fold(name) or folded.startswith(fold(name) + " "):
            return name
    alias = ALIASES.get(folded)
    return alias if alias in names else None


def _header(sheet: Sheet, needed) -> tuple[int, dict[str, int]] | None:
    names = INDICATOR_COLUMNS if needed == INDICATOR_REQUIRED else CHECK_COLUMNS
    # Longest first: "Tên chỉ tiêu" before "Chỉ tiêu" would not matter, but "Mã" is a prefix
    # of nothing else once compared word by word.
    names = sorted(names, key=lambda n: -len(n))
    for number in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
        columns: dict[str, int] = {}
        for column, cell in enumerate(sheet.rows[number - 1], start=1):
            name = _column_name(text_of(cell.value), names)
            if name is not None:
                columns.setdefault(name, column)
        if all(name in columns for name in needed):
            return number, columns
    return None


def _no_header(sheet: str, columns) -> Problem:
    return Problem(
        "indicator_set_no_header",
        _l("No table header found in the sheet “%(sheet)s”: its header is %(columns)s."),
        sheet=sheet,
        columns=" | ".join(columns),
    )


def _read_title(book: Workbook, sheet: Sheet, header: int) -> None:
    for number in range(1, header):
        cells = [text_of(cell.value) for cell in sheet.rows[number - 1]]
        for column, text in enumerate(cells, start=1):
            label, _sep, value = text.partition(":")
            key = TITLE_LABELS.get(fold(label))
            if key is None:
                continue
            where = column
            if not value.strip():  # "Năm | 2021": the value is the next cell written
                later = [(c, v) for c, v in enumerate(cells, start=1) if c > column and v]
                where, value = later[0] if later else (column, "")
            _title_value(book, key, value.strip(), number, get_column_letter(where))
            break


def _title_value(book: Workbook, key: str, value: str, row: int, letter: str) -> None:
    def issue(problem: Problem) -> None:
        book.problems.append(SetProblem(problem, row, letter))

    if not value:
        return
    if problem := text_problem(value, multiline=False):
        issue(problem)
    elif key == "year":
        year = int(value) if value.isascii() and value.isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            issue(not_a_year(value))
        else:
            book.title["year"] = year
    elif key == "periodicity":
        periodicity = words.periodicity_of(value)
        if periodicity is None:
            issue(words.unknown_word(value, words.PERIODICITY_CHOICES))
        else:
            book.title["periodicity"] = periodicity
    elif key == "code":
        book.title["code"] = value.upper()
    elif len(value) > SET_NAME_MAX:
        issue(too_long(SET_NAME_MAX))
    else:
        book.title["name"] = value


def not_a_year(value) -> Problem:
    return Problem(
        "indicator_set_year", _l("“%(value)s” is not a year (2000 to 2100)."), value=str(value)
    )


def _indicator(book: Workbook, number: int, cells: dict[str, str]) -> IndicatorRow:
    row = IndicatorRow(number)

    def issue(column: str, problem: Problem) -> None:
        book.issue(number, column, problem)

    bad = False
    for name, text in cells.items():
        if problem := text_problem(text, multiline=name == NAME):
            issue(name, problem)
            bad = True
    if bad:
        return row
    row.code = _code(cells[CODE], lambda p: issue(CODE, p))
    row.name = cells[NAME]
    if not row.name:
        issue(NAME, required())
    elif len(row.name) > NAME_MAX:
        issue(NAME, too_long(NAME_MAX))
    row.measure = cells.get(MEASURE, "")
    if len(row.measure) > MEASURE_MAX:
        issue(MEASURE, too_long(MEASURE_MAX))
    if not cells[KIND]:
        issue(KIND, required())
    elif (kind := words.kind_of(cells[KIND])) is None:
        issue(KIND, words.unknown_word(cells[KIND], words.KIND_CHOICES))
    else:
        row.kind = kind
        if kind == "percent" and not row.measure:
            row.measure = "%"
    if text := cells.get(COMBINE, ""):
        row.combine = words.combine_of(text)
        if row.combine is None:
            issue(COMBINE, words.unknown_word(text, words.COMBINE_CHOICES))
    elif row.kind is not None:
        row.combine = "ratio" if row.kind == "percent" else "sum"
    for column in (NUMERATOR, DENOMINATOR):
        if text := cells.get(column, ""):
            code = _code(text, lambda p, c=column: issue(c, p))
            setattr(row, "numerator" if column == NUMERATOR else "denominator", code)
    if (text := cells.get(TARGET, "")) and row.kind is not None:
        target = words.read_target(text, row.kind)
        if isinstance(target, Problem):
            issue(TARGET, target)
        else:
            row.target = target
    return row


def _code(text: str, issue) -> str:
    code = text.strip().upper()
    if not code:
        issue(required())
        return ""
    if problem := words.code_problem(code):
        issue(problem)
        return ""
    return code


def _read_checks(book: Workbook, sheet: Sheet) -> None:
    found = _header(sheet, CHECK_REQUIRED)
    if found is None:
        if any(any(text_of(c.value) for c in row) for row in sheet.rows):
            book.issue(None, None, _no_header(sheet.name, CHECK_COLUMNS), sheet.name)
        return
    header, columns = found
    book.letters.update({(sheet.name, n): get_column_letter(c) for n, c in columns.items()})
    for number in range(header + 1, len(sheet.rows) + 1):
        cells = {n: text_of(sheet.cell(number, c).value) for n, c in columns.items()}
        if not any(cells.values()):
            continue
        row = CheckRow(number)
        book.checks.append(row)

        def issue(column: str, problem: Problem, number=number) -> None:
            book.issue(number, column, problem, sheet.name)

        if any(text_problem(text) for text in cells.values()):
            for name, text in cells.items():
                if problem := text_problem(text):
                    issue(name, problem)
            continue
        row.code = _code(cells[CODE], lambda p, issue=issue: issue(CODE, p))
        row.expression = " ".join(cells[EXPRESSION].split())
        row.name = " ".join(cells.get(CHECK_NAME, "").split()) or row.expression
        if not row.expression:
            issue(EXPRESSION, required())
        elif len(row.expression) > EXPRESSION_MAX:
            issue(EXPRESSION, too_long(EXPRESSION_MAX))
        if len(row.name) > NAME_MAX:
            issue(CHECK_NAME, too_long(NAME_MAX))
