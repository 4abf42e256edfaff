"""A period's table of figures as .xlsx: one row per expected unit (its state, the day it sent
its figures, each indicator's value), then the province's totals; the same numbers as the
board."""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tracker.core.timeutil import format_date
from tracker.core.xlsx import a4_landscape_bytes
from tracker.indicators.board import Board


def state_words(row) -> str:
    if row.submitted:
        return _("Submitted late") if row.late else _("Submitted")
    if row.report is not None and row.report.state == "awaiting_approval":
        return _("Awaiting the lead's approval")
    return _("Missing")


def board_workbook(board: Board) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = board.period.code
    indicators = board.indicators
    sheet.append(
        [
            _(
                "%(set)s · %(period)s · as of %(day)s",
                set=board.indicator_set.name,
                period=board.period.label,
                day=format_date(board.as_of),
            )
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        [
            _("Unit code"),
            _("Unit"),
            _("Status"),
            _("Sent on"),
            _("Due date"),
            *[f"{i.name} ({i.measure})" if i.measure else i.name for i in indicators],
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
    for row in board.rows:
        sheet.append(
            [
                row.unit.code,
                row.unit.name,
                state_words(row),
                row.report.submitted_on if row.submitted else None,
                row.due_date,
                *[row.values.get(i.code) for i in indicators],
            ]
        )
    totals = board.figures["totals"]
    sheet.append(["", _("Province"), "", "", "", *[totals.get(i.code) for i in indicators]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("D", "E"):
        for cell in sheet[column][3:]:
            cell.number_format = "DD/MM/YYYY"
    sheet.column_dimensions["B"].width = 40
    return a4_landscape_bytes(book, sheet)
