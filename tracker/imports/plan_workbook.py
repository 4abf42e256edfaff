"""A plan as .xlsx in the import's column layout, with each lead unit's state as of a date.

The first six columns are the plan (STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian hoàn thành | Sản phẩm); the importer reads past the four after them, so the
file imports back unchanged. A task assigned to a whole group is written as the group's name,
as the plan wrote it.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from tracker.assignments.classes import as_of_day
from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import STATE_LABELS, Assignment
from tracker.core.timeutil import format_date
from tracker.core.xlsx import a4_landscape_bytes
from tracker.imports.numbering import Numbering
from tracker.imports.owners import OwnerIndex
from tracker.imports.planned import shown_deadline
from tracker.imports.table import HEADERS
from tracker.plans.models import Plan, PlanSection, Task
from tracker.units.services import all_groups

STATE_HEADERS = ["Trạng thái", "Tình trạng thời hạn", "Ngày hoàn thành", "Sản phẩm/minh chứng"]
WIDTHS = [7, 60, 28, 28, 18, 30, 22, 22, 14, 30]
THIN = Side(style="thin", color="9AA5B1")


def owner_text(units: list, groups: list, index: OwnerIndex, also: set[int] = frozenset()) -> str:
    """The units as a plan writes them: whole groups by the group's name (largest first),
    the rest by their names. A group may also cover units of `also` (the lead units, which
    a cooperating group leaves out when the task is created)."""
    remaining = {u.id: u for u in units}
    names = []
    for group in sorted(groups, key=lambda g: -len(g.members)):
        members = {u.id for u in group.members}
        covered = members & set(remaining)
        if len(covered) >= 2 and members <= set(remaining) | set(also):
            names.append(group.name)
            for unit_id in covered:
                del remaining[unit_id]
    for unit in sorted(remaining.values(), key=lambda u: (u.kind != "office", u.code)):
        names.append(unit.name if index.find(unit.name) is unit else unit.code)
    return "; ".join(names)


def _evidence(assignment: Assignment) -> str:
    parts = []
    if assignment.evidence_document_number:
        parts.append(assignment.evidence_document_number)
        if assignment.evidence_document_date:
            parts[-1] += f" ngày {format_date(assignment.evidence_document_date)}"
    if assignment.evidence_url:
        parts.append(assignment.evidence_url)
    return ", ".join(parts)


def _state_cells(task: Task, seen: dict) -> list:
    """State, class, completion and evidence of the task's lead units, as of the day."""
    leads = [seen[a.id][0] for a in task.assignments if a.role == "lead" and a.id in seen]
    classes = {i: klass for i, (_a, klass) in seen.items()}

    def each(value) -> str:
        if len(leads) == 1:
            return value(leads[0])
        return "\n".join(f"{a.unit.short_name}: {value(a)}" for a in leads if value(a))

    if len(leads) == 1:
        completed = leads[0].completed_on  # a date cell
    else:
        completed = each(lambda a: format_date(a.completed_on))
    return [
        each(lambda a: str(STATE_LABELS[a.state])),
        each(lambda a: str(DEADLINE_CLASSES[classes[a.id]])),
        completed,
        each(_evidence),
    ]


def _ordered(plan: Plan) -> list[PlanSection | Task]:
    """Tasks outside a section, then each section (a sub-section after its parent) with its
    tasks, in the plan's order."""
    by_section: dict[int | None, list[Task]] = {}
    for task in plan.tasks:
        by_section.setdefault(task.section_id, []).append(task)
    children: dict[int | None, list[PlanSection]] = {}
    for section in plan.sections:
        children.setdefault(section.parent_id, []).append(section)
    rows: list[PlanSection | Task] = list(by_section.get(None, []))

    def walk(parent_id: int | None) -> None:
        for section in children.get(parent_id, []):
            rows.append(section)
            rows.extend(by_section.get(section.id, []))
            walk(section.id)

    walk(None)
    return rows


def plan_workbook(plan: Plan, as_of: date) -> BytesIO:
    groups = all_groups()
    index = OwnerIndex()
    seen = as_of_day([a for t in plan.tasks for a in t.assignments], as_of)
    book = Workbook()
    sheet = book.active
    sheet.title = "Ke hoach"
    width = len(HEADERS) + len(STATE_HEADERS)
    sheet.append([plan.issuing_body.upper()])
    sheet.append([plan.title])
    sheet.append(
        [f"(Kèm theo {plan.code}; tình trạng thực hiện tính đến ngày {format_date(as_of)})"]
    )
    sheet.append([])
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["A2"].font = Font(bold=True, size=13)
    sheet["A3"].font = Font(italic=True)
    sheet.append([*HEADERS.values(), *STATE_HEADERS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
    numbering = Numbering()
    with force_locale("vi"):
        for item in _ordered(plan):
            if isinstance(item, PlanSection):
                parent = item.parent.number if item.parent else None
                stt = numbering.stt_for(item.number, parent, is_section=True)
                sheet.append([stt, item.title])
                row = sheet.max_row
                sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
                for cell in sheet[row]:
                    cell.font = Font(bold=True)
                continue
            if not any(a.id in seen for a in item.assignments):
                continue  # given to no unit yet on that day
            section = item.section.number if item.section else None
            leads = [a.unit for a in item.assignments if a.role == "lead"]
            coop = [a.unit for a in item.assignments if a.role == "cooperating"]
            lead_ids = {u.id for u in leads}
            sheet.append(
                [
                    numbering.stt_for(item.number, section, is_section=False),
                    item.title,
                    owner_text(leads, groups, index),
                    owner_text(coop, groups, index, also=lead_ids),
                    shown_deadline(item),
                    item.expected_output,
                    *_state_cells(item, seen),
                ]
            )
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[0].number_format = "@"
        row[8].number_format = "DD/MM/YYYY"
    for column, size in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = size
    sheet.freeze_panes = f"C{header_row + 1}"
    return a4_landscape_bytes(book, sheet)
