"""The blank list of people to fill in and upload: its header row on the first sheet, and on a
second one the roles and units it may name (a unit's lead sees only their own unit)."""

from __future__ import annotations

from io import BytesIO

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from tracker.accounts.models import USER_ROLE_LABELS
from tracker.core.permissions import USER_ROLES
from tracker.core.xlsx import a4_landscape_bytes
from tracker.extensions import db
from tracker.people.onboarding_table import HEADERS
from tracker.people.rules import may_manage
from tracker.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"A": 28, "B": 32, "C": 30, "D": 26, "E": 22, "F": 16}


def template_workbook(actor) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Vai trò (ghi một trong các giá trị sau)"])
    with force_locale("vi"):
        for role in USER_ROLES:
            if may_manage(actor, role, getattr(actor, "unit_id", None)):
                guide.append([str(USER_ROLE_LABELS[role]), role])
    guide.append([])
    guide.append(["Đơn vị (ghi tên hoặc mã)", "Mã"])
    units_header = guide.max_row
    for unit in db.session.scalars(select(Unit).order_by(Unit.kind, Unit.name)):
        if may_manage(actor, "unit_member", unit.id):
            guide.append([unit.name, unit.code])
    guide.column_dimensions["A"].width = 50
    guide.column_dimensions["B"].width = 14
    for row in (1, units_header):
        guide.cell(row, 1).font = Font(bold=True)
    return a4_landscape_bytes(book, sheet)
