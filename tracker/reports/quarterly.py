"""The quarterly report's data for one plan and quarter (DOMAIN.md, "The quarterly report").

Every figure goes through the machinery of the assignment list and the status view
(AssignmentFilters, apply_filters, the SQL deadline class, unit_status), so the report says
exactly what /status and /api/v1 say for the same plan and date.

Units are those of the quarter: each assignment is reported under the unit that held it on the
report's date, named as it was then (a unit merged after the quarter is still the one that did
the work; one closed during the quarter still reports what it did before).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.assignments.classes import classify
from tracker.assignments.history import period_join
from tracker.assignments.models import Assignment, JournalEntry
from tracker.assignments.workflow import Evidence
from tracker.core.exceptions import NotFound, ValidationFailed
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today, local_zone
from tracker.extensions import db
from tracker.plans.areas import AREA_CODES
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Plan, Task
from tracker.plans.periods import quarter_days, quarter_of
from tracker.plans.queries import assignment_query
from tracker.reports.indicator_figures import SetFigures, quarter_figures
from tracker.reports.reported import reported
from tracker.status.services import Figures, StatusTable, UnitInfo, unit_status
from tracker.units.models import UNIT_KINDS, Unit

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
NOT_DONE = ("overdue", "due_soon", "on_track")
# Section I of the report has two parts, direction (chỉ đạo, điều hành) and propaganda
# (tuyên truyền); the plan files both under one reform area, so the task's title decides.
PROPAGANDA_WORDS = ("tuyên truyền", "cuộc thi", "truyền thông")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        return quarter_days(self.year, self.number)[0]

    @property
    def end(self) -> date:
        return quarter_days(self.year, self.number)[1]

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def roman(self) -> str:
        return ROMAN[self.number]

    @property
    def label(self) -> str:
        """ "quý III năm 2021", as the report writes it inside a sentence."""
        return f"quý {self.roman} năm {self.year}"

    def next(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def problem_params(self) -> dict:
        """How a problem names the quarter: its code for programs, "III/2021" for people."""
        return {"quarter": self.code, "roman": self.roman, "year": str(self.year)}


def parse_quarter(raw: str) -> Quarter:
    """ "Quý III/2021", "quý 3/2021", "Q3/2021" or "2021-Q3" (plans.periods); ValueError
    otherwise (a year or a date range is not a quarter)."""
    found = quarter_of(raw or "")
    if found is None:
        raise ValueError(f"{raw!r} is not a quarter (2021-Q3)")
    quarter = Quarter(*found)
    quarter_days(quarter.year, quarter.number)  # year 0 or 9999: ValueError, as for dates
    return quarter


def not_a_quarter(raw: str) -> Problem:
    return Problem(
        "not_a_quarter",
        _l("“%(value)s” is not a quarter: write it like Quý III/2021 or 2021-Q3."),
        value=(raw or "").strip(),
    )


def plan_not_found(code: str) -> Problem:
    return Problem("plan_not_found", _l("There is no plan with the code %(code)s."), code=code)


@dataclass
class CompletedItem:
    assignment: Assignment
    evidence: Evidence
    note: str = ""

    @property
    def awaiting_confirmation(self) -> bool:
        return self.assignment.state == "awaiting_confirmation"


@dataclass
class CompletedTask:
    task: Task
    items: list[CompletedItem] = field(default_factory=list)


@dataclass
class OverdueItem:
    assignment: Assignment
    due: date  # in force on the report's date
    days_late: int

    @property
    def extended(self) -> bool:
        return self.due != self.assignment.original_due_date


@dataclass
class UnitPriorities:
    unit: UnitInfo
    assignments: list[Assignment]


@dataclass
class QuarterlyReport:
    plan: Plan
    quarter: Quarter
    as_of: date
    completed: dict[str, list[CompletedTask]]  # by reform area, in the report's order
    overdue: list[OverdueItem]
    priorities: list[UnitPriorities]  # the next quarter's, by owner unit
    annex: StatusTable
    area_figures: dict[str, Figures]
    # assignment id → completed after its due date (done_late on the report's date)
    late_completions: dict[int, bool] = field(default_factory=dict)
    # The periodic figures of the quarter, one per indicator set of the plan.
    indicators: list[SetFigures] = field(default_factory=list)

    @property
    def next_quarter(self) -> Quarter:
        return self.quarter.next()


def report_date(quarter: Quarter, today: date | None = None) -> date:
    """The report's date: the quarter's last day, or today while the quarter is running
    (a figure as of a later day would count as overdue what is not overdue yet)."""
    today = today or local_today()
    return min(quarter.end, today)


def build_quarterly_report(
    plan_code: str, quarter: Quarter | str, as_of: date | None = None
) -> QuarterlyReport:
    """The report of the plan for the quarter, with every figure as of `as_of` (by default
    the report's date; an issued report is rebuilt as of the day it was made)."""
    if isinstance(quarter, str):
        try:
            quarter = parse_quarter(quarter)
        except ValueError:
            problem = not_a_quarter(quarter)
            raise ValidationFailed(problem, {"quarter": problem}) from None
    if quarter.start > local_today():
        problem = Problem(
            "quarter_not_begun",
            _l("Quarter %(roman)s/%(year)s has not begun yet."),
            **quarter.problem_params(),
        )
        raise ValidationFailed(problem, {"quarter": problem})
    code = (plan_code or "").strip()
    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        raise NotFound(plan_not_found(code))
    as_of = as_of or report_date(quarter)
    completed = completed_in_quarter(plan, quarter, as_of)
    done = [item.assignment for tasks in completed.values() for t in tasks for item in t.items]
    return QuarterlyReport(
        plan=plan,
        quarter=quarter,
        as_of=as_of,
        completed=completed,
        late_completions={
            assignment_id: klass == "done_late"
            for assignment_id, klass in classify(done, as_of).items()
        },
        overdue=overdue_as_of(plan, as_of),
        priorities=priorities_for(plan, quarter.next(), as_of),
        annex=unit_status(AssignmentFilters(as_of=as_of, plan=plan.code)),
        area_figures={
            area: unit_status(AssignmentFilters(as_of=as_of, plan=plan.code, area=area)).totals
            for area in AREA_CODES
        },
        indicators=quarter_figures(plan, quarter.year, quarter.number, as_of),
    )


def completed_in_quarter(plan: Plan, quarter: Quarter, as_of: date) -> dict:
    """Lead assignments reported done within the quarter (and by the report's date), still
    done or awaiting the office's confirmation, by reform area and task."""
    period, on = period_join(as_of)
    rows = reported(
        db.session.execute(
            select(Assignment, period)
            .join(period, on)
            .join(Task, Task.id == Assignment.task_id)
            .join(Unit, Unit.id == period.unit_id)
            .where(
                Task.plan_id == plan.id,
                Assignment.role == "lead",
                period.state.in_(("done", "awaiting_confirmation")),
                period.completed_on.between(quarter.start, as_of),
            )
            .order_by(Task.position, Unit.code)
            .options(selectinload(Assignment.task))
        ).all(),
        as_of,
    )
    reports = latest_reports_of_done([a.id for a in rows], as_of)
    by_area: dict[str, list[CompletedTask]] = {area: [] for area in AREA_CODES}
    for assignment in rows:
        tasks = by_area[assignment.task.reform_area or "direction"]
        if not tasks or tasks[-1].task.id != assignment.task_id:
            tasks.append(CompletedTask(assignment.task))
        journal = reports.get(assignment.id)
        tasks[-1].items.append(
            CompletedItem(
                assignment=assignment,
                evidence=evidence_of(assignment, journal),
                note=journal.note if journal else "",
            )
        )
    return by_area


def split_direction(tasks: list[CompletedTask]) -> tuple[list, list]:
    """(direction, propaganda) tasks of the direction area."""
    propaganda = [
        t for t in tasks if any(word in t.task.title.lower() for word in PROPAGANDA_WORDS)
    ]
    return [t for t in tasks if t not in propaganda], propaganda


def latest_reports_of_done(ids: list[int], as_of: date) -> dict[int, JournalEntry]:
    """assignment id → its latest "reported done" journal row written by the end of `as_of`
    (the one the completion is then: a report of done sent again later, with other evidence,
    is not what the report of that day says)."""
    if not ids:
        return {}
    # In UTC: SQLite keeps naive UTC times and would compare the local offset's text.
    day_after = datetime.combine(as_of + timedelta(days=1), time(), tzinfo=local_zone())
    rows = db.session.scalars(
        select(JournalEntry)
        .where(
            JournalEntry.assignment_id.in_(ids),
            JournalEntry.kind == "reported_done",
            JournalEntry.created_at < day_after.astimezone(UTC),
        )
        .order_by(JournalEntry.created_at, JournalEntry.id)
    )
    return {row.assignment_id: row for row in rows}


def evidence_of(assignment: Assignment, journal: JournalEntry | None) -> Evidence:
    """The assignment's evidence, completed by the journal row that reported it done (which
    alone keeps an uploaded file's name)."""
    journal_number = journal.evidence_document_number if journal else None
    return Evidence(
        document_number=assignment.evidence_document_number or journal_number,
        document_date=assignment.evidence_document_date
        or (journal.evidence_document_date if journal else None),
        url=assignment.evidence_url or (journal.evidence_url if journal else None),
        file_name=journal.evidence_file_name if journal else None,
    )


def overdue_as_of(plan: Plan, as_of: date) -> list[OverdueItem]:
    """The lead assignments that /api/v1/assignments lists as overdue on that date."""
    filters = AssignmentFilters(as_of=as_of, plan=plan.code, role="lead", deadline_class="overdue")
    query, _source, _cls = assignment_query(filters)
    query = query.order_by(Task.position, Unit.code, Assignment.id).options(
        selectinload(Assignment.task)
    )
    rows = [(assignment, found) for assignment, found, _klass in db.session.execute(query)]
    return [
        OverdueItem(seen, seen.due_date, (as_of - seen.due_date).days)
        for seen in reported(rows, as_of)
    ]


def priorities_for(plan: Plan, quarter: Quarter, as_of: date) -> list[UnitPriorities]:
    """Lead assignments not done on the report's date whose due date falls in `quarter`,
    grouped by owner unit in the annex's order (kind, then code)."""
    filters = AssignmentFilters(
        as_of=as_of,
        plan=plan.code,
        role="lead",
        period=quarter.code,
        period_start=quarter.start,
        period_end=quarter.end,
    )
    query, source, cls = assignment_query(filters)
    query = (
        query.where(cls.in_(NOT_DONE))
        .order_by(Unit.code, source.values.due_date, Task.position, Assignment.id)
        .options(selectinload(Assignment.task))
    )
    rows = [(assignment, found) for assignment, found, _klass in db.session.execute(query)]
    groups: dict[int, UnitPriorities] = {}
    for seen in reported(rows, as_of):
        groups.setdefault(seen.unit.id, UnitPriorities(seen.unit, [])).assignments.append(seen)
    return sorted(groups.values(), key=lambda g: (UNIT_KINDS.index(g.unit.kind), g.unit.code))
