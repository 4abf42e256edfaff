"""A unit's periodic reports to do: each checkpoint it holds of a set's recurring task, with
the state of its figures, the latest periods first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.assignments.classes import classify
from tracker.assignments.models import Assignment
from tracker.core.recurrence import Period, parse_period
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.indicators.models import IndicatorReport, IndicatorSet


@dataclass
class ToDo:
    indicator_set: IndicatorSet
    period: Period
    due_date: date | None
    report: IndicatorReport | None
    deadline_class: str | None


def unit_to_do(unit) -> list[ToDo]:
    if unit is None:
        return []
    found = db.session.execute(
        select(IndicatorSet, Assignment)
        .join(Assignment, Assignment.task_id == IndicatorSet.task_id)
        .where(Assignment.unit_id == unit.id, Assignment.period.is_not(None))
    ).all()
    # A set is versioned by year: a checkpoint belongs to the set of its period's year.
    found = [(s, a) for s, a in found if parse_period(a.period).year == s.year]
    reports = {
        (r.set_id, r.period): r
        for r in db.session.scalars(
            select(IndicatorReport).where(IndicatorReport.unit_id == unit.id)
        )
    }
    classes = classify([a for _s, a in found], local_today())
    rows = [
        ToDo(
            s, parse_period(a.period), a.due_date, reports.get((s.id, a.period)), classes.get(a.id)
        )
        for s, a in found
        if a.cancelled_on is None
    ]
    rows.sort(key=lambda row: (row.period, row.indicator_set.code), reverse=True)
    return rows
