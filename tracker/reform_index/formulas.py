"""Computed criteria: sub-criteria whose points come from the tracker's own data by a named
formula with parameters (`Tự động: plan_done(plan=5959)` in the criteria table), shown with
their working. The unit does not type them: they are filled in, and filled in again while the
assessment is a draft; once it is submitted they stay as submitted."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.reform_index.formula_common import (
    Computed,
    Formula,
    FormulaUnusable,
    day_of_year,
    parameters_of,
)
from tracker.reform_index.formula_plan import PLAN_DONE
from tracker.reform_index.formula_reminders import REMINDERS_ANSWERED
from tracker.reform_index.formula_reports import PERIODIC_REPORTS_ON_TIME

__all__ = [
    "FORMULAS",
    "Computed",
    "Formula",
    "compute",
    "formula_problem",
    "is_computed",
    "refresh_computed",
]

FORMULAS: dict[str, Formula] = {
    "plan_done": PLAN_DONE,
    "periodic_reports_on_time": PERIODIC_REPORTS_ON_TIME,
    "reminders_answered": REMINDERS_ANSWERED,
}


def is_computed(criterion) -> bool:
    """Its points come from a formula: the unit does not give them."""
    return criterion.rule == "computed"


def formula_problem(formula: str | None, parameters: dict | None) -> Problem | None:
    """Why a criterion cannot be computed as written (an unknown formula or parameter, a
    missing one, a day that is no day), or None. What the parameters name (a plan, an
    indicator set) is looked for only when the points are computed: it may come later."""
    found = FORMULAS.get(formula or "")
    if found is None:
        return Problem(
            "formula_unknown",
            _l("There is no formula %(name)s; the formulas are %(names)s."),
            name=formula or "",
            names=", ".join(FORMULAS),
        )
    given = {str(name) for name in (parameters or {})}
    known = {parameter.name for parameter in found.parameters}
    unknown = sorted(given - known)
    if unknown:
        return Problem(
            "formula_parameter_unknown",
            _l("The formula %(name)s takes no parameter %(parameter)s; it takes %(known)s."),
            name=formula,
            parameter=unknown[0],
            known=", ".join(parameter.name for parameter in found.parameters),
        )
    for parameter in found.parameters:
        if parameter.required and not str((parameters or {}).get(parameter.name) or "").strip():
            return Problem(
                "formula_parameter_missing",
                _l("The formula needs %(name)s."),
                name=parameter.name,
            )
    as_of = str((parameters or {}).get("as_of") or "").strip()
    if as_of:
        try:
            day_of_year(as_of, 2000)
        except FormulaUnusable as unusable:
            return unusable.problem
    return None


def compute(criterion, unit, year: int) -> Computed:
    """The criterion's points for the unit in that year and their working, in the current
    language; points None (and the reason as the working) when it cannot be computed."""
    problem = formula_problem(criterion.formula, parameters_of(criterion))
    if problem is not None:
        return Computed(points=None, share=None, working=problem.text)
    try:
        return FORMULAS[criterion.formula].compute(criterion, unit, year)
    except FormulaUnusable as unusable:
        return Computed(points=None, share=None, working=unusable.problem.text)


def refresh_computed(assessment) -> list:
    """Fill in the points and working of each computed item of a draft assessment, and return
    the items that changed (nothing once it is submitted: the points stay as submitted). The
    working is kept in the installation's language, as every record the office issues is."""
    if assessment.state != "draft":
        return []
    changed = []
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for item in assessment.items:
            if not is_computed(item.criterion):
                continue
            result = compute(item.criterion, assessment.unit, assessment.set.year)
            if (item.self_points, item.working) != (result.points, result.working):
                item.self_points = result.points
                item.working = result.working
                changed.append(item)
    return changed
