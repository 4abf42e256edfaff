"""The province's figures of one period as of a day: the totals of the units' submitted
values (rules.province_totals), and who submitted, late, or not yet.

The units expected are those holding a checkpoint of the set's task for the period, and any
other unit that sent its figures (without a task: those that have a report). A submission
counts from its day (submitted_on) on: as of an earlier day it does not exist yet. Late is the
deadline class's rule (assignments.deadlines): sent after the checkpoint's due date.
`submitted` counts every unit that sent its figures by the day, late ones included; `missing`
those expected that had not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.assignments.deadlines import deadline_class
from tracker.assignments.models import Assignment
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.indicators import rules
from tracker.indicators.models import IndicatorReport, IndicatorSet
from tracker.units.models import Unit


def is_submitted(report: IndicatorReport | None, as_of: date) -> bool:
    """Sent by the end of `as_of` and accepted: submitted, or awaiting approval while its
    checkpoint was confirmed done elsewhere (the office's confirmation queue)."""
    if report is None or report.submitted_on is None or report.submitted_on > as_of:
        return False
    if report.state == "submitted":
        return True
    return (
        report.state == "awaiting_approval"
        and report.assignment is not None
        and report.assignment.state == "done"
    )


@dataclass
class UnitRow:
    """One expected unit on the board: its report (or none), its checkpoint (or none)."""

    unit: Unit
    report: IndicatorReport | None
    checkpoint: Assignment | None
    as_of: date
    values: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return is_submitted(self.report, self.as_of)

    @property
    def deadline_class(self) -> str | None:
        """The checkpoint's class as of the day, with the submission as its completion."""
        if self.checkpoint is None:
            return None
        return deadline_class(
            due=self.checkpoint.due_date,
            completed_on=self.report.submitted_on if self.submitted else None,
            cancelled_on=self.checkpoint.cancelled_on,
            as_of=self.as_of,
            due_soon_days=current_app.config["DUE_SOON_DAYS"],
        )

    @property
    def late(self) -> bool:
        return self.submitted and self.deadline_class == "done_late"

    @property
    def due_date(self) -> date | None:
        return self.checkpoint.due_date if self.checkpoint is not None else None


def _reports(indicator_set: IndicatorSet, period_code: str) -> dict[int, IndicatorReport]:
    rows = db.session.scalars(
        select(IndicatorReport)
        .where(IndicatorReport.set_id == indicator_set.id, IndicatorReport.period == period_code)
        .options(selectinload(IndicatorReport.unit), selectinload(IndicatorReport.assignment))
    )
    return {report.unit_id: report for report in rows}


def _checkpoints(indicator_set: IndicatorSet, period_code: str, as_of: date) -> dict:
    """unit id → its checkpoint of the period, those assigned by the day and not cancelled."""
    if indicator_set.task_id is None:
        return {}
    rows = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.task_id == indicator_set.task_id,
            Assignment.period == period_code,
            Assignment.assigned_on <= as_of,
        )
        .options(selectinload(Assignment.unit))
        .order_by(Assignment.id)
    )
    return {a.unit_id: a for a in rows if a.cancelled_on is None or a.cancelled_on > as_of}


def unit_rows(indicator_set: IndicatorSet, period_code: str, as_of: date) -> list[UnitRow]:
    """Each expected unit, by name, with its values (computed ratios filled in)."""
    reports = _reports(indicator_set, period_code)
    checkpoints = _checkpoints(indicator_set, period_code, as_of)
    if indicator_set.task_id is None:
        expected = {unit_id: report.unit for unit_id, report in reports.items()}
    else:
        expected = {unit_id: a.unit for unit_id, a in checkpoints.items()}
        # A unit that sent figures without holding a checkpoint still counts.
        for unit_id, report in reports.items():
            if is_submitted(report, as_of):
                expected.setdefault(unit_id, report.unit)
    rows = []
    for unit_id, unit in expected.items():
        report = reports.get(unit_id)
        row = UnitRow(unit, report, checkpoints.get(unit_id), as_of)
        if row.submitted:
            row.values = rules.unit_values(indicator_set.indicators, report.values)
        rows.append(row)
    rows.sort(key=lambda row: (row.unit.kind, row.unit.name))
    return rows


def period_totals(indicator_set: IndicatorSet, period_code: str, as_of: date | None = None):
    """{period, totals: {code: value}, units: {submitted, late, missing}} as of the day (today
    when not given)."""
    as_of = as_of or local_today()
    rows = unit_rows(indicator_set, period_code, as_of)
    return totals_of(indicator_set, period_code, rows)


def totals_of(indicator_set: IndicatorSet, period_code: str, rows: list[UnitRow]) -> dict:
    sent = [row for row in rows if row.submitted]
    return {
        "period": period_code,
        "totals": rules.province_totals(
            indicator_set.indicators, [row.report.values for row in sent]
        ),
        "units": {
            "submitted": len(sent),
            "late": sum(1 for row in sent if row.late),
            "missing": len(rows) - len(sent),
        },
    }
