"""Why a plan file cannot be read at all: ImportUnreadable and its problems, each named (a code
and its parameters, core.problems) and put into words where it is shown (the import page, the
command line). Rows are given as the spreadsheet numbers them: 5001, not 5.001."""

from __future__ import annotations

import errno

from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter

from tracker.core.exceptions import ValidationFailed
from tracker.core.problems import Problem


class ImportUnreadable(ValidationFailed):
    """The file is not a spreadsheet this importer can open, or holds more than an import
    reads; nothing of it is imported."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem, {"file": problem})


def file_empty() -> ImportUnreadable:
    return ImportUnreadable(Problem("file_empty", _l("The file is empty.")))


def file_too_large(max_bytes: int) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "file_too_large",
            _l("The file is more than %(max)s MB; an import reads at most %(max)s MB."),
            max=max_bytes // (1024 * 1024),
        )
    )


def old_xls_workbook() -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "old_xls_workbook",
            _l("This is an old .xls workbook: save it as .xlsx or as CSV UTF-8."),
        )
    )


def not_a_plan_file(filename: str) -> ImportUnreadable:
    return ImportUnreadable(
        Problem("not_a_plan_file", _l("The plan must be an .xlsx or a .csv file."), name=filename)
    )


def cannot_open(path, error: OSError) -> ImportUnreadable:
    if error.errno == errno.ENOENT:
        return ImportUnreadable(
            Problem("file_not_found", _l("There is no file %(path)s."), path=str(path))
        )
    return ImportUnreadable(
        Problem(
            "file_unreadable",
            _l("Cannot read %(path)s (%(reason)s)."),
            path=str(path),
            reason=error.strerror or type(error).__name__,
        )
    )


def where(sheet: str | None, row: int) -> Problem:
    """Where in the file, to begin a sentence: the sheet (an .xlsx file's) and the row."""
    if sheet is None:
        return Problem("row", _l("Row %(row)s"), row=str(row))
    return Problem("sheet_row", _l("Sheet “%(sheet)s”, row %(row)s"), sheet=sheet, row=str(row))


def too_many_cells(sheet: str | None, row: int, limit: int) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "too_many_cells",
            _l(
                "%(where)s: more than %(limit)s cells in the file; an import reads at most "
                "%(limit)s."
            ),
            where=where(sheet, row),
            limit=limit,
        )
    )


def too_many_rows(sheet: str | None, row: int, rows: int, columns: int) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "too_many_rows",
            _l(
                "%(where)s: more than %(limit)s rows; an import reads at most %(limit)s rows "
                "and %(columns)s columns."
            ),
            where=where(sheet, row),
            limit=rows,
            columns=columns,
        )
    )


def too_many_columns(
    sheet: str | None, row: int, column: int, rows: int, columns: int
) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "too_many_columns",
            _l(
                "%(where)s, column %(column)s: more than %(limit)s columns; an import reads at "
                "most %(rows)s rows and %(limit)s columns (A to %(last)s)."
            ),
            where=where(sheet, row),
            column=get_column_letter(column),
            limit=columns,
            rows=rows,
            last=get_column_letter(columns),
        )
    )


def unreadable_workbook(error: Exception) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "unreadable_xlsx",
            _l("This is not a readable .xlsx workbook (%(error)s)."),
            error=type(error).__name__,
        )
    )


def csv_not_utf8() -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "csv_not_utf8",
            _l("The .csv file is not UTF-8: in Excel, save it as “CSV UTF-8 (Comma delimited)”."),
        )
    )


def unreadable_csv(error: Exception) -> ImportUnreadable:
    return ImportUnreadable(
        Problem(
            "unreadable_csv",
            _l("This is not a readable .csv file (%(error)s)."),
            error=str(error),
        )
    )
