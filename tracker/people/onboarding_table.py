"""The people of an onboarding file (.xlsx or .csv), as rows of text with where each came from.

The header row is found by its text (Họ và tên | Email | Đơn vị | Vai trò | Chức vụ | Điện thoại),
whatever the case and diacritics, below any title rows and in any column order; other columns
(STT, Ghi chú) are read past. Nothing here knows units or the rules of an account: a row is
only checked for what the file alone can tell (an empty name, the same email twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.accounts.emails import normalized_email
from tracker.core.problems import Problem, required
from tracker.core.text import fold, text_problem
from tracker.imports.reader import Sheet
from tracker.imports.results import ImportProblem
from tracker.imports.table import text_of

FIELDS = ("full_name", "email", "unit", "role", "position", "phone")
# The columns a file must have; without Chức vụ or Điện thoại, those stay as they are.
REQUIRED = ("full_name", "email", "unit", "role")
HEADERS = {
    "full_name": "Họ và tên",
    "email": "Email",
    "unit": "Đơn vị",
    "role": "Vai trò",
    "position": "Chức vụ",
    "phone": "Điện thoại",
}
# Folded header text → field; checked in order, the first keyword found wins.
HEADER_WORDS = (
    ("email", ("email", "e mail", "thu dien tu")),
    ("phone", ("dien thoai", "sdt", "so dt", "phone")),
    ("position", ("chuc vu", "chuc danh", "position")),
    ("role", ("vai tro", "quyen", "role")),
    ("unit", ("don vi", "co quan", "unit")),
    ("full_name", ("ho va ten", "ho ten", "ten", "full name", "name")),
)
HEADER_SEARCH_ROWS = 20
# A Vietnamese phone number has ten digits and begins with 0; a spreadsheet that took it for a
# number dropped the 0 (912345678).
PHONE_DIGITS_WITHOUT_ZERO = 9


@dataclass
class PersonRow:
    row: int
    full_name: str
    email: str  # as stored: trimmed and lower-cased
    unit: str
    role: str
    # None when the file has no such column: the account's value is left as it is.
    position: str | None
    phone: str | None


@dataclass
class PeopleTable:
    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # as the file writes them
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def issue(self, row: int | None, name: str | None, problem: Problem) -> None:
        """A problem of the cell of `row` in the column of field `name` (None: the row)."""
        column = self.columns.get(name) if name else None
        self.problems.append(
            ImportProblem(
                problem,
                row,
                get_column_letter(column) if column else None,
                self.headers.get(name, HEADERS.get(name)) if column else None,
            )
        )


def header_field(text: str) -> str | None:
    """The field a header names, or None."""
    folded = fold(text)
    if not folded:
        return None
    words = f" {folded} "
    for name, keywords in HEADER_WORDS:
        if any(f" {keyword} " in words for keyword in keywords):
            return name
    return None


def read_people(sheets: list[Sheet]) -> PeopleTable:
    for sheet in sheets:
        for row in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
            columns: dict[str, int] = {}
            labels: dict[str, str] = {}
            for column, cell in enumerate(sheet.rows[row - 1], start=1):
                name = header_field(text_of(cell.value))
                if name and name not in columns:
                    columns[name] = column
                    labels[name] = text_of(cell.value)
            if "email" in columns and len(columns) >= 3:
                table = PeopleTable(sheet.name, row, columns, labels)
                missing = [HEADERS[name] for name in REQUIRED if name not in columns]
                if missing:
                    table.issue(
                        row,
                        None,
                        Problem(
                            "missing_columns",
                            _l("The table has no column %(columns)s."),
                            columns=missing,
                        ),
                    )
                    return table
                _read_rows(sheet, table)
                return table
    table = PeopleTable()
    table.issue(
        None,
        None,
        Problem(
            "no_people_header",
            _l("No table header found: the list of people needs the columns %(columns)s."),
            columns=" | ".join(HEADERS.values()),
        ),
    )
    return table


def _cell_text(sheet: Sheet, row: int, column: int | None) -> str | None:
    if column is None:
        return None
    value = sheet.cell(row, column).value
    # One line: a name, an address or a phone number broken over lines is one value.
    return " ".join(text_of(value).split())


def _phone(sheet: Sheet, row: int, column: int | None) -> str | None:
    text = _cell_text(sheet, row, column)
    typed_as_number = column is not None and isinstance(sheet.cell(row, column).value, int | float)
    if typed_as_number and text.isdigit() and len(text) == PHONE_DIGITS_WITHOUT_ZERO:
        return f"0{text}"
    return text


def _read_rows(sheet: Sheet, table: PeopleTable) -> None:
    seen: dict[str, int] = {}
    for row in range(table.header_row + 1, len(sheet.rows) + 1):
        values = {name: _cell_text(sheet, row, table.columns.get(name)) for name in FIELDS}
        values["phone"] = _phone(sheet, row, table.columns.get("phone"))
        if not any(values[name] for name in REQUIRED):
            continue  # an empty row, or one with only an STT or a note
        refused = set()
        for name in FIELDS:
            if values[name] and (problem := text_problem(values[name], multiline=False)):
                table.issue(row, name, problem)
                values[name], refused = "", refused | {name}
        person = PersonRow(
            row=row,
            full_name=values["full_name"],
            email=normalized_email(values["email"]),
            unit=values["unit"],
            role=values["role"],
            position=values["position"],
            phone=values["phone"],
        )
        for name in ("full_name", "email", "role"):
            if not getattr(person, name) and name not in refused:
                table.issue(row, name, required())
        if person.email:
            if person.email in seen:
                table.issue(
                    row,
                    "email",
                    Problem(
                        "email_repeated",
                        _l("%(email)s is already in row %(row)s of the file."),
                        email=person.email,
                        row=str(seen[person.email]),
                    ),
                )
            else:
                seen[person.email] = row
        table.rows.append(person)
