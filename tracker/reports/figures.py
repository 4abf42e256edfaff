"""What a quarterly report states, as JSON: stored with each issued report, answered by
/api/v1/reports/{id}, and built again from live data to tell whether anything moved.

Every lead assignment the report counts is listed once with its class and the values the
report prints (state, progress, due dates, completion); the annex, the area figures and the
completed, overdue and next-quarter lists refer to those by id. Task titles and unit names
are kept so that the archive reads on its own; comparisons leave such text out.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field
from sqlalchemy.orm import selectinload

from tracker.api.answers import Answer, Area, UnitKind
from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import STATES, Assignment
from tracker.extensions import db
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Task
from tracker.plans.queries import assignment_query
from tracker.reports.quarterly import QuarterlyReport
from tracker.reports.reported import Reported, reported
from tracker.status.answer import Counts
from tracker.status.services import Figures as StatusFigures
from tracker.units.models import Unit

DeadlineClass = Literal[tuple(DEADLINE_CLASSES)]


class AnnexRow(Counts):
    unit_code: str
    unit_name: str
    kind: UnitKind


class Annex(Answer):
    units: list[AnnexRow]
    subtotals: dict[str, Counts] = Field(description="By unit kind, for the kinds with units")
    totals: Counts


class ReportedAssignment(Answer):
    """A lead assignment of the plan as it was on the report's date."""

    assignment_id: int
    task_number: str
    task_title: str
    area: Area | None
    unit_code: str
    unit_name: str
    deadline_class: DeadlineClass
    state: Literal[STATES]
    progress: int = Field(ge=0, le=100)
    due_date: date | None
    original_due_date: date | None
    completed_on: date | None


class ReportedEvidence(Answer):
    document_number: str | None
    document_date: date | None
    url: str | None
    file_name: str | None


class CompletedEntry(Answer):
    """Reported done within the quarter (sections I and II)."""

    assignment_id: int
    deadline_class: DeadlineClass
    awaiting_confirmation: bool
    evidence: ReportedEvidence


class OverdueEntry(Answer):
    """Overdue and not done on the report's date (section III)."""

    assignment_id: int
    deadline_class: DeadlineClass
    due_date: date
    days_late: int


class PriorityEntry(Answer):
    """Not done, due in the next quarter (section IV)."""

    assignment_id: int
    deadline_class: DeadlineClass
    due_date: date | None


class ReportFigures(Answer):
    plan_code: str
    quarter: str = Field(description="2021-Q3")
    as_of: date
    assignments: list[ReportedAssignment]
    annex: Annex
    areas: dict[str, Counts] = Field(description="By reform area (section II)")
    completed: list[CompletedEntry]
    overdue: list[OverdueEntry]
    priorities: list[PriorityEntry]


def without_score(values: dict) -> dict:
    """The status view's values less the score, which the report does not print (and which
    moves with the configured bands, not with the data)."""
    return {name: value for name, value in values.items() if name != "score"}


def counts_of(figures: StatusFigures) -> dict:
    return without_score(figures.as_dict())


def lead_assignments_as_of(report: QuarterlyReport) -> list[tuple[Reported, str]]:
    """(assignment as of the report's date, under its unit of then, its class) of every lead
    assignment of the plan that existed then, cancelled ones included (a later cancellation is
    a difference too)."""
    filters = AssignmentFilters(as_of=report.as_of, plan=report.plan.code, role="lead")
    query, _source, _cls = assignment_query(filters)
    query = query.order_by(Task.position, Unit.code, Assignment.id).options(
        selectinload(Assignment.task)
    )
    rows = db.session.execute(query).all()
    seen = reported([(row, period) for row, period, _klass in rows], report.as_of)
    return list(zip(seen, [klass for _row, _period, klass in rows], strict=True))


def annex_values(values: dict) -> dict:
    """A status row's values as the annex states them: without the score, and without the
    mark of a closed unit (the annex keeps its shape; the unit's name tells the rest)."""
    return {name: value for name, value in without_score(values).items() if name != "valid_to"}


def _reported(seen: Reported, klass: str) -> ReportedAssignment:
    return ReportedAssignment(
        assignment_id=seen.id,
        task_number=seen.task.number,
        task_title=seen.task.title,
        area=seen.task.reform_area,
        unit_code=seen.unit.code,
        unit_name=seen.unit.name,
        deadline_class=klass,
        state=seen.state,
        progress=seen.progress,
        due_date=seen.due_date,
        original_due_date=seen.original_due_date,
        completed_on=seen.completed_on,
    )


def report_figures(report: QuarterlyReport) -> ReportFigures:
    assignments = lead_assignments_as_of(report)
    classes = {seen.id: klass for seen, klass in assignments}
    annex = report.annex
    completed = [
        CompletedEntry(
            assignment_id=item.assignment.id,
            deadline_class=classes[item.assignment.id],
            awaiting_confirmation=item.awaiting_confirmation,
            evidence=ReportedEvidence(
                document_number=item.evidence.document_number,
                document_date=item.evidence.document_date,
                url=item.evidence.url,
                file_name=item.evidence.file_name,
            ),
        )
        for tasks in report.completed.values()
        for task in tasks
        for item in task.items
    ]
    return ReportFigures(
        plan_code=report.plan.code,
        quarter=report.quarter.code,
        as_of=report.as_of,
        assignments=[_reported(seen, klass) for seen, klass in assignments],
        annex=Annex(
            units=[AnnexRow(**annex_values(row.as_dict())) for row in annex.rows()],
            subtotals={kind: Counts(**counts_of(annex.subtotals[kind])) for kind in annex.groups},
            totals=Counts(**counts_of(annex.totals)),
        ),
        areas={area: Counts(**counts_of(f)) for area, f in report.area_figures.items()},
        completed=completed,
        overdue=[
            OverdueEntry(
                assignment_id=item.assignment.id,
                deadline_class=classes[item.assignment.id],
                due_date=item.due,
                days_late=item.days_late,
            )
            for item in report.overdue
        ],
        priorities=[
            PriorityEntry(
                assignment_id=seen.id, deadline_class=classes[seen.id], due_date=seen.due_date
            )
            for group in report.priorities
            for seen in group.assignments
        ],
    )
