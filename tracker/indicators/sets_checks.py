"""What the rows of an indicator set's workbook must be together: codes once each, a ratio of
two counts of the set, checks that read (rules.parse_expression) and name only the set's
indicators. Each problem is put on the row and column to correct."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.indicators.rules import ExpressionError, parse_expression
from tracker.indicators.sets_table import (
    CODE,
    COMBINE,
    DENOMINATOR,
    EXPRESSION,
    KIND,
    NUMERATOR,
    Workbook,
)


def check_workbook(book: Workbook) -> None:
    by_code = _unique(book, book.indicators, None)
    for row in book.indicators:
        _combine(book, row, by_code)
    checks_sheet = _checks_sheet(book)
    _unique(book, book.checks, checks_sheet)
    for check in book.checks:
        if check.expression:
            _expression(book, check, by_code, checks_sheet)


def _checks_sheet(book: Workbook) -> str | None:
    return next((sheet for sheet, _column in book.letters if sheet is not None), None)


def _unique(book: Workbook, rows, sheet: str | None) -> dict:
    first: dict[str, object] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first:
            book.issue(
                row.row,
                CODE,
                Problem(
                    "indicator_code_twice",
                    _l("The code %(code)s is on row %(row)s already: give each row its own."),
                    code=row.code,
                    row=str(first[row.code].row),
                ),
                sheet,
            )
        else:
            first[row.code] = row
    return first


def _combine(book: Workbook, row, by_code: dict) -> None:
    def issue(column: str, problem: Problem) -> None:
        book.issue(row.row, column, problem)

    if row.kind is None or row.combine is None:
        return
    if row.combine == "sum":
        if row.kind == "percent":
            issue(
                COMBINE,
                Problem(
                    "indicator_percent_not_summed",
                    _l(
                        "Percentages do not add up: a percentage is combined as “tỷ lệ”, "
                        "from its numerator (Tử số) and denominator (Mẫu số)."
                    ),
                ),
            )
        for column, code in ((NUMERATOR, row.numerator), (DENOMINATOR, row.denominator)):
            if code:
                issue(
                    column,
                    Problem(
                        "indicator_part_of_a_sum",
                        _l("Only a ratio has a numerator and a denominator: leave it empty."),
                    ),
                )
        return
    if row.kind != "percent":
        issue(
            KIND,
            Problem(
                "indicator_ratio_is_percent",
                _l("A ratio is a percentage: write “tỷ lệ %” as its kind."),
            ),
        )
    for column, code in ((NUMERATOR, row.numerator), (DENOMINATOR, row.denominator)):
        if not code:
            issue(
                column,
                Problem(
                    "indicator_ratio_parts",
                    _l("A ratio needs the codes of its numerator and its denominator."),
                ),
            )
            continue
        part = by_code.get(code)
        if part is None:
            issue(column, unknown_code(code))
        elif part is row or part.kind != "count":
            issue(
                column,
                Problem(
                    "indicator_ratio_of_counts",
                    _l("%(code)s is not a count: a ratio is made of two counts of the set."),
                    code=code,
                ),
            )


def unknown_code(code: str) -> Problem:
    return Problem(
        "indicator_unknown_code",
        _l("There is no indicator %(code)s in the sheet “Chỉ tiêu”."),
        code=code,
    )


def _expression(book: Workbook, check, by_code: dict, sheet: str | None) -> None:
    def issue(problem: Problem) -> None:
        book.issue(check.row, EXPRESSION, problem, sheet)

    try:
        sides, _operators = parse_expression(check.expression)
    except ExpressionError:
        issue(
            Problem(
                "indicator_check_form",
                _l(
                    "“%(value)s” is not a check: write codes and numbers joined by + and -, "
                    "compared by =, <=, >=, < or >, such as “GQ_DUNG_HAN + GQ_QUA_HAN = "
                    "DA_GIAI_QUYET”."
                ),
                value=check.expression,
            )
        )
        return
    unknown = sorted({code for side in sides for code in side.codes()} - set(by_code))
    if unknown:
        issue(
            Problem(
                "indicator_check_unknown_codes",
                _l("The sheet “Chỉ tiêu” has no indicator %(codes)s."),
                codes=unknown,
            )
        )
