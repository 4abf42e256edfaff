"""periodic_reports_on_time: the share of the unit's periodic-report checkpoints of the year
(one per period of a recurring task, each with its own due date) done on time, classed as of
the year's last day by the same deadline-class rule as every other figure."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from tracker.assignments.models import Assignment
from tracker.core.numbers import format_percent
from tracker.core.problems import Problem
from tracker.core.timeutil import format_date
from tracker.extensions import db
from tracker.indicators.models import IndicatorSet
from tracker.plans.filters import AssignmentFilters
from tracker.plans.queries import as_of_select
from tracker.reform_index.formula_common import (
    Computed,
    Formula,
    FormulaParameter,
    FormulaUnusable,
    assessed_day,
    parameters_of,
    points_for_share,
    share_working,
    task_named,
)
from tracker.reform_index.scoring import as_points

CLASSES = ("done_on_time", "done_late", "overdue")


def report_task_ids(parameters: dict[str, str], year: int) -> list[int] | None:
    """The recurring tasks whose checkpoints count: the indicator set's report task of the
    year, the task named plan:number, or both; None (every recurring task) when neither."""
    ids = []
    if code := parameters.get("set"):
        indicator_set = db.session.scalar(
            select(IndicatorSet).where(IndicatorSet.code == code, IndicatorSet.year == year)
        )
        if indicator_set is None:
            raise FormulaUnusable(
                Problem(
                    "formula_no_indicator_set",
                    _l("There is no indicator set %(code)s for %(year)s."),
                    code=code,
                    year=str(year),
                )
            )
        if indicator_set.task_id is None:
            raise FormulaUnusable(
                Problem(
                    "formula_set_without_task",
                    _l("The indicator set %(code)s of %(year)s has no periodic report task."),
                    code=code,
                    year=str(year),
                )
            )
        ids.append(indicator_set.task_id)
    if value := parameters.get("task"):
        ids.append(task_named(value, year).id)
    return ids or None


def of_the_year(year: int):
    """A checkpoint of one of the year's periods ("2021-Q3", "2021-07", "2021-H1", "2021")."""
    return or_(Assignment.period == str(year), Assignment.period.like(f"{year}-%"))


def checkpoint_counts(unit, year: int, day, task_ids: list[int] | None) -> dict[str, int]:
    """The unit's lead checkpoints of the year by deadline class as of the day."""
    query, source, cls = as_of_select(AssignmentFilters(as_of=day, unit=unit.code, role="lead"))
    checkpoints = select(Assignment.id).where(of_the_year(year))
    if task_ids is not None:
        checkpoints = checkpoints.where(Assignment.task_id.in_(task_ids))
    rows = db.session.execute(
        query.add_columns(cls, func.count()).where(source.id.in_(checkpoints)).group_by(cls)
    ).all()
    return {klass: count for klass, count in rows}


def periodic_reports_on_time(criterion, unit, year: int) -> Computed:
    parameters = parameters_of(criterion)
    task_ids = report_task_ids(parameters, year)
    day = assessed_day(parameters.get("as_of"), year)
    found = checkpoint_counts(unit, year, day, task_ids)
    counts = {name: found.get(name, 0) for name in CLASSES}
    on_time, late, overdue = (counts[name] for name in CLASSES)
    judged = on_time + late + overdue
    heading = _("Periodic reports of %(year)s as of %(day)s", year=year, day=format_date(day))
    maximum = float(criterion.max_points)
    if judged == 0:
        return Computed(
            points=as_points(maximum),
            share=None,
            working=_(
                "%(heading)s: no report of the unit was due yet, full points.", heading=heading
            ),
            counts=counts,
        )
    share = on_time / judged
    points, level = points_for_share(criterion, share)
    figures = _(
        "%(heading)s: %(on_time)s of %(judged)s due were submitted on time (%(share)s); "
        "%(late)s late, %(overdue)s not submitted",
        heading=heading,
        on_time=on_time,
        judged=judged,
        share=format_percent(share),
        late=late,
        overdue=overdue,
    )
    working = share_working(figures, share, maximum, points, level)
    return Computed(points=points, share=share, working=working, counts=counts)


PERIODIC_REPORTS_ON_TIME = Formula(
    label=_l("Share of periodic reports submitted on time"),
    parameters=(
        FormulaParameter("set", _l("the indicator set's code (its report task of the year)")),
        FormulaParameter("task", _l("a recurring task as plan:number (5959:II.3)")),
        FormulaParameter("as_of", _l("the day of the figures, dd/mm (31/12 by default)")),
    ),
    compute=periodic_reports_on_time,
)
