"""The status table as .xlsx: the same numbers as the page, the filters in its title."""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.core.recurrence import parse_period
from tracker.core.timeutil import format_date
from tracker.core.xlsx import a4_landscape_bytes
from tracker.plans.areas import REFORM_AREAS
from tracker.status.services import CLASSES, StatusTable
from tracker.units.models import UNIT_KIND_LABELS


def filter_title(table: StatusTable) -> str:
    f = table.filters
    parts = [_("Status as of %(day)s", day=format_date(f.as_of))]
    if f.plan:
        parts.append(_("plan %(code)s", code=f.plan))
    if f.area:
        parts.append(str(REFORM_AREAS[f.area]))
    if f.period:
        parts.append(_("period %(period)s", period=f.period))
    if f.checkpoint:
        parts.append(_("checkpoints of %(period)s", period=parse_period(f.checkpoint).label))
    if f.unit_kind:
        parts.append(str(UNIT_KIND_LABELS[f.unit_kind]))
    if table.roll_up:
        parts.append(_("units of today, with their predecessors' figures"))
    return " · ".join(parts)


def unit_name(unit) -> str:
    """The unit's name, and for one that no longer exists, the day it closed."""
    if unit.valid_to is None:
        return unit.name
    return f"{unit.name} {_('(closed from %(day)s)', day=format_date(unit.closed_on))}"


def status_workbook(table: StatusTable) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tinh hinh thuc hien"
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Total"),
        *[str(DEADLINE_CLASSES[c]) for c in CLASSES],
        _("of which awaiting confirmation"),
        _("Completion rate"),
        _("On-time rate"),
        _("Score"),
    ]
    sheet.append([filter_title(table)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="EEF1F4")

    def figures_row(code: str, name: str, data: dict) -> list:
        return [
            code,
            name,
            data["total"],
            *[data[c] for c in CLASSES],
            data["awaiting_confirmation"],
            data["completion_rate"],
            data["on_time_rate"],
            data["score"],
        ]

    for kind, rows in table.groups.items():
        for row in rows:
            sheet.append(figures_row(row.unit.code, unit_name(row.unit), row.figures.as_dict()))
        sheet.append(
            figures_row(
                "",
                _("Subtotal: %(kind)s", kind=UNIT_KIND_LABELS[kind]),
                table.subtotals[kind].as_dict(),
            )
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.append(figures_row("", _("Province total"), table.totals.as_dict()))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4):
        for cell in row[-3:-1]:
            cell.number_format = "0.0%"
    sheet.column_dimensions["B"].width = 45
    sheet.freeze_panes = "C4"
    return a4_landscape_bytes(book, sheet)
