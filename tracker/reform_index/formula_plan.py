"""plan_done: how much of a plan the unit finished as lead unit, as the status view counts it
on the same day, weighted as DOMAIN.md says (a late completion counts less than an on-time
one) and scored by the status view's bands (100 % → full, 80–<100 % → half, < 80 % → none)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core.numbers import format_number, format_percent
from tracker.core.timeutil import format_date
from tracker.plans.filters import AssignmentFilters
from tracker.reform_index.formula_common import (
    Computed,
    Formula,
    FormulaParameter,
    assessed_day,
    parameters_of,
    plan_named,
    points_for_share,
    share_working,
)
from tracker.reform_index.scoring import as_points
from tracker.status.scoring import current_bands, score
from tracker.status.services import Figures, unit_status

JUDGED = ("done_on_time", "done_late", "overdue")


def plan_figures(plan, unit, day) -> Figures:
    """The unit's row of the status view of the plan as of the day (its lead assignments by
    deadline class, cancelled ones left out), or empty figures when it has no row."""
    table = unit_status(AssignmentFilters(as_of=day, plan=plan.code, unit=unit.code))
    for row in table.rows():
        if row.unit.id == unit.id:
            return row.figures
    return Figures()


def plan_done(criterion, unit, year: int) -> Computed:
    parameters = parameters_of(criterion)
    plan = plan_named(parameters.get("plan"), year)
    day = assessed_day(parameters.get("as_of"), year)
    counts = plan_figures(plan, unit, day).counts
    on_time, late, overdue = (counts[name] for name in JUDGED)
    judged = on_time + late + overdue
    heading = _("Plan %(plan)s as of %(day)s", plan=plan.code, day=format_date(day))
    maximum = float(criterion.max_points)
    if judged == 0:
        return Computed(
            points=as_points(maximum),
            share=None,
            working=_(
                "%(heading)s: no task of the unit was due yet, full points.", heading=heading
            ),
            counts=dict(counts),
        )
    bands = current_bands()
    weighted = (on_time + bands.late_weight * late) / judged
    figures = _(
        "%(heading)s: %(on_time)s done on time, %(late)s done late, %(overdue)s overdue of "
        "%(judged)s due; weighted share %(share)s (a late one counts %(weight)s)",
        heading=heading,
        on_time=on_time,
        late=late,
        overdue=overdue,
        judged=judged,
        share=format_percent(weighted),
        weight=format_number(bands.late_weight),
    )
    if criterion.levels:
        points, level = points_for_share(criterion, weighted)
        if level is not None:
            working = share_working(figures, weighted, maximum, points, level)
            return Computed(points=points, share=weighted, working=working, counts=dict(counts))
    banded = score(on_time, late, overdue, bands)
    part = banded / bands.full_score
    points = as_points(maximum * part)
    return Computed(
        points=points,
        share=weighted,
        working=_(
            "%(figures)s → %(part)s of %(max)s points: %(points)s points.",
            figures=figures,
            part=format_percent(part),
            max=format_number(maximum),
            points=format_number(points),
        ),
        counts=dict(counts),
    )


PLAN_DONE = Formula(
    label=_l("Share of the plan's tasks done (on time weighted)"),
    parameters=(
        FormulaParameter("plan", _l("the plan: its code, its number (5959) or its id"), True),
        FormulaParameter("as_of", _l("the day of the figures, dd/mm (31/12 by default)")),
    ),
    compute=plan_done,
)
