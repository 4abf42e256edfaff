"""From the rows of a table to what the plan should hold, and how that differs from the plan.

Nothing here writes: owners are resolved, deadlines parsed, numbers checked for duplicates,
and each section and task of the file compared with the plan's (matched by number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem, too_long
from tracker.core.recurrence import DueRule
from tracker.core.text import fold
from tracker.core.timeutil import format_date
from tracker.imports.deadline_phrases import DeadlineError, parse_deadline
from tracker.imports.owners import OwnerIndex, Owners
from tracker.imports.results import Change
from tracker.imports.table import Table, text_of
from tracker.plans.models import Plan, Task
from tracker.plans.revisions import unit_changes

RECURRENCE_WORDS = {
    "continuous": "Thường xuyên",
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "six_monthly": "Định kỳ 6 tháng",
    "yearly": "Định kỳ hằng năm",
}
# Keywords of the reform areas of Nghị quyết 76/NQ-CP in section titles, checked in order.
AREA_WORDS = [
    ("procedures", ("thu tuc hanh chinh", "tthc")),
    ("organization", ("to chuc bo may", "bo may hanh chinh")),
    ("civil_service", ("che do cong vu", "cong vu", "cong chuc")),
    ("public_finance", ("tai chinh cong",)),
    (
        "e_government",
        (
            "chinh phu dien tu",
            "chinh phu so",
            "chinh quyen dien tu",
            "chinh quyen so",
            "chuyen doi so",
            "hien dai hoa",
        ),
    ),
    ("institutions", ("the che",)),
    ("direction", ("chi dao", "dieu hanh", "tuyen truyen")),
]
_TITLE_YEAR = re.compile(r"(?<!thang \d )(?<!thang \d\d )\bnam (20\d\d)\b")


@dataclass
class PlannedSection:
    row: int
    number: str
    title: str
    parent: str | None
    area: str | None


@dataclass
class PlannedTask:
    row: int
    number: str
    title: str
    section: str | None
    lead: Owners
    cooperating: Owners
    deadline_text: str
    due_date: date | None
    recurrence: str | None
    output: str
    # A recurring task's due rule as the phrase says it (None: the plan's default).
    rule: DueRule | None = None


@dataclass
class Planned:
    sections: list[PlannedSection] = field(default_factory=list)
    tasks: list[PlannedTask] = field(default_factory=list)


def reform_area_of(title: str) -> str | None:
    text = fold(title)
    for area, words in AREA_WORDS:
        if any(re.search(rf"\b{word}\b", text) for word in words):
            return area
    return None


def year_from_titles(lines: list[str]) -> int | None:
    """ "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022" → 2022; not the year of "ngày 30 tháng 12
    năm 2021" in the line that cites the decision."""
    for line in lines:
        if found := _TITLE_YEAR.search(fold(line)):
            return int(found.group(1))
    return None


def title_from(lines: list[str]) -> str | None:
    for line in lines:
        text = fold(line)
        if text.startswith(("ke hoach", "danh muc")) or "cai cach hanh chinh" in text:
            return line[:500]
    return None


def shown_deadline(task: Task) -> str:
    """The deadline as the plan writes it; what an export puts in the column."""
    if task.deadline_text:
        return task.deadline_text
    if task.due_date:
        return format_date(task.due_date)
    return RECURRENCE_WORDS.get(task.recurrence or "", "")


def rule_of(task: Task) -> DueRule | None:
    """The task's own due rule as a phrase gives it (None: the plan's default)."""
    if task.due_rule is None:
        return None
    return DueRule(task.due_rule, task.due_day or 0, bool(task.due_in_working_days))


def _deadline_words(due: date | None, recurrence: str | None, rule: DueRule | None) -> str:
    words = format_date(due) or RECURRENCE_WORDS.get(recurrence or "", "")
    return f"{words} ({rule.describe()})" if rule else words


def same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def align_numbers(table: Table, plan: Plan | None) -> None:
    """Keep the numbers a plan already has. A plan typed in by hand (or the demo's) may
    number task 1 of section V "1" rather than "V.1": a row whose path number the plan
    lacks, but whose number as written the plan has in the same section, is that one."""
    if plan is None:
        return
    sections = {s.number for s in plan.sections}
    tasks = {t.number: (t.section.number if t.section else None) for t in plan.tasks}
    renamed: dict[str, str] = {}
    for row in table.rows:
        row.section = renamed.get(row.section, row.section)
        if row.stt == row.number or not row.stt:
            continue
        if row.kind == "section":
            if row.number not in sections and row.stt in sections:
                renamed[row.number] = row.stt
                row.number = row.stt
        elif row.number not in tasks and tasks.get(row.stt, "-") == row.section:
            row.number = row.stt


def build(table: Table, index: OwnerIndex, year: int) -> Planned:
    """The sections and tasks of the table; problems go to table.errors."""
    planned = Planned()
    seen: dict[tuple[str, str], int] = {}
    areas: dict[str, str | None] = {}
    for row in table.rows:
        first = seen.setdefault((row.kind, row.number), row.row)
        if first != row.row:
            table.issue(row.row, "number", _duplicate(row.kind, row.number, first))
            continue
        if len(row.number) > 20:
            table.issue(row.row, "number", too_long(20))
        if row.kind == "section":
            if len(row.title) > 500:
                table.issue(row.row, "title", too_long(500))
            area = reform_area_of(row.title) or areas.get(row.section or "")
            areas[row.number] = area
            planned.sections.append(
                PlannedSection(row.row, row.number, row.title, row.section, area)
            )
            continue
        lead = index.resolve(row.lead)
        cooperating = index.resolve(row.cooperating)
        for name, owners in (("lead", lead), ("cooperating", cooperating)):
            for problem in owners.problems:
                table.issue(row.row, name, problem)
        if not lead.units and not lead.problems:
            table.issue(row.row, "lead", Problem("no_lead_unit", _l("The task has no lead unit.")))
        due = recurrence = rule = None
        deadline_text = text_of(row.deadline)
        if deadline_text:
            try:
                parsed = parse_deadline(row.deadline, year)
                due, recurrence, rule = parsed.due_date, parsed.recurrence, parsed.rule
            except DeadlineError as error:
                table.issue(row.row, "deadline", error.problem)
        if len(deadline_text) > 200:
            table.issue(row.row, "deadline", too_long(200))
        if len(row.title) > 5000:
            table.issue(row.row, "title", too_long(5000))
        planned.tasks.append(
            PlannedTask(
                row.row,
                row.number,
                row.title,
                row.section,
                lead,
                cooperating,
                deadline_text,
                due,
                recurrence,
                row.output,
                rule,
            )
        )
    return planned


def _duplicate(kind: str, number: str, first: int) -> Problem:
    # The row as the spreadsheet numbers it: 1024, not 1.024.
    if kind == "section":
        return Problem(
            "duplicate_section",
            _l("Section %(number)s is also on row %(row)s."),
            number=number,
            row=str(first),
        )
    return Problem(
        "duplicate_task",
        _l("Task %(number)s is also on row %(row)s."),
        number=number,
        row=str(first),
    )


def _units_text(leads, cooperating) -> str:
    lead_ids = {u.id for u in leads}
    coop = [u for u in cooperating if u.id not in lead_ids]
    parts = [", ".join(sorted(u.short_name for u in leads))]
    if coop:
        parts.append("+ " + ", ".join(sorted(u.short_name for u in coop)))
    return " ".join(parts)


def task_changes(task: Task, wanted: PlannedTask) -> dict[str, list[str]]:
    changes: dict[str, list[str]] = {}
    section = task.section.number if task.section else None
    pairs = [
        ("title", task.title, wanted.title),
        ("expected_output", task.expected_output, wanted.output),
        ("deadline", shown_deadline(task), wanted.deadline_text),
    ]
    for name, old, new in pairs:
        if not same(old, new):
            changes[name] = [old or "", new or ""]
    if section != wanted.section:
        changes["section"] = [section or "", wanted.section or ""]
    if (task.due_date, task.recurrence, rule_of(task)) != (
        wanted.due_date,
        wanted.recurrence,
        wanted.rule,
    ):
        changes["due_date"] = [
            _deadline_words(task.due_date, task.recurrence, rule_of(task)),
            _deadline_words(wanted.due_date, wanted.recurrence, wanted.rule),
        ]
    if any(unit_changes(task, wanted.lead.units, wanted.cooperating.units)):
        live = [a for a in task.assignments if a.state != "cancelled"]
        old_leads = [a.unit for a in live if a.role == "lead"]
        old_coop = [a.unit for a in live if a.role == "cooperating"]
        changes["units"] = [
            _units_text(old_leads, old_coop),
            _units_text(wanted.lead.units, wanted.cooperating.units),
        ]
    return changes


def compare(plan: Plan | None, planned: Planned) -> tuple[list[Change], list[str]]:
    """What the import would do with each section and task; tasks the file leaves out."""
    sections = {s.number: s for s in plan.sections} if plan else {}
    tasks = {t.number: t for t in plan.tasks} if plan else {}
    items: list[Change] = []
    for wanted in planned.sections:
        found = sections.get(wanted.number)
        change = Change("section", wanted.number, wanted.title, "create", wanted.row)
        if found is not None:
            change.changes = (
                {} if same(found.title, wanted.title) else {"title": [found.title, wanted.title]}
            )
            change.action = "update" if change.changes else "unchanged"
        items.append(change)
    for wanted in planned.tasks:
        found = tasks.get(wanted.number)
        change = Change("task", wanted.number, wanted.title, "create", wanted.row)
        lead_ids = {u.id for u in wanted.lead.units}
        change.assignments = len(lead_ids | {u.id for u in wanted.cooperating.units})
        change.details = {
            "lead": wanted.lead.labels,
            "cooperating": wanted.cooperating.labels,
            "deadline": wanted.deadline_text,
            "due_date": format_date(wanted.due_date),
        }
        if found is not None:
            change.changes = task_changes(found, wanted)
            change.action = "update" if change.changes else "unchanged"
        items.append(change)
    listed = {t.number for t in planned.tasks}
    return items, [number for number in tasks if number not in listed]
