"""What every computed criterion shares: its answer (points, share, working), its parameters
as the criteria table writes them (a plan by its number, a day as dd/mm), and how a share
becomes points (the criterion's levels when it has them, else the maximum × the share)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.numbers import format_number, format_percent
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.reform_index.scoring import as_points

# A share compared with a level's lowest percent: 0.8 must reach "80 %" despite floats.
EPSILON = 1e-9


@dataclass(frozen=True)
class Computed:
    """A computed sub-criterion's points and how they were found, as people read it."""

    # None when the formula cannot be worked out; the working then says why.
    points: float | None
    # The share the points come from (0–1); None when there was nothing to share.
    share: float | None
    working: str
    # The counts the share was made of, for pages and tests ({"done_on_time": 12, …}).
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FormulaParameter:
    name: str
    description: object  # a lazy string
    required: bool = False


@dataclass(frozen=True)
class Formula:
    label: object  # a lazy string
    parameters: tuple[FormulaParameter, ...]
    compute: Callable[..., Computed]


class FormulaUnusable(Exception):
    """The formula cannot be worked out with these parameters (no such plan, no such set)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def parameters_of(criterion) -> dict[str, str]:
    """The criterion's parameters as text: {"plan": "5959", "as_of": "30/09"}."""
    return {str(k): str(v).strip() for k, v in (criterion.parameters or {}).items()}


# ---- a day of the year --------------------------------------------------------------------

DAY_OF_YEAR = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?")


def not_a_day(raw: str) -> Problem:
    return Problem(
        "formula_not_a_day",
        _l("“%(value)s” is not a day: write dd/mm (31/12) or dd/mm/yyyy."),
        value=raw,
    )


def day_of_year(raw: str | None, year: int) -> date:
    """The day the figures are taken on: 31/12 of the year unless `raw` says dd/mm[/yyyy]."""
    if not raw:
        return date(year, 12, 31)
    found = DAY_OF_YEAR.fullmatch(raw.strip())
    if not found:
        raise FormulaUnusable(not_a_day(raw))
    try:
        return date(int(found["year"] or year), int(found["month"]), int(found["day"]))
    except ValueError:
        raise FormulaUnusable(not_a_day(raw)) from None


def assessed_day(raw: str | None, year: int) -> date:
    """The day of the figures, or today while that day is still to come: as of a later day
    every task not yet done would count as overdue before it is."""
    return min(day_of_year(raw, year), local_today())


# ---- plans and tasks as a criterion names them ----------------------------------------------


def no_plan(value: str) -> Problem:
    return Problem("formula_no_plan", _l("There is no plan %(plan)s."), plan=value)


def plan_named(value: str | None, year: int) -> Plan:
    """The plan a criterion names: by its code ("5959/QĐ-UBND"), by the number its code
    starts with ("5959", the one of the year when several share it), or by its id."""
    if not value:
        raise FormulaUnusable(
            Problem("formula_parameter_missing", _l("The formula needs %(name)s."), name="plan")
        )
    plan = db.session.scalar(select(Plan).where(Plan.code == value))
    if plan is not None:
        return plan
    numbered = list(db.session.scalars(select(Plan).where(Plan.code.startswith(f"{value}/"))))
    if len(numbered) > 1:
        numbered = [plan for plan in numbered if plan.year == year]
    if len(numbered) == 1:
        return numbered[0]
    if value.isdigit() and int(value) < 2**31:
        plan = db.session.get(Plan, int(value))
        if plan is not None:
            return plan
    raise FormulaUnusable(no_plan(value))


def task_named(value: str, year: int) -> Task:
    """A task written "plan:number" ("5959:II.3")."""
    plan_value, colon, number = value.rpartition(":")
    if not colon or not plan_value or not number:
        raise FormulaUnusable(
            Problem(
                "formula_not_a_task",
                _l("“%(value)s” does not name a task: write plan:number (5959:II.3)."),
                value=value,
            )
        )
    plan = plan_named(plan_value.strip(), year)
    task = db.session.scalar(
        select(Task).where(Task.plan_id == plan.id, Task.number == number.strip())
    )
    if task is None:
        raise FormulaUnusable(
            Problem(
                "formula_no_task",
                _l("Plan %(plan)s has no task %(number)s."),
                plan=plan.code,
                number=number.strip(),
            )
        )
    return task


# ---- from a share to points -----------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
BELOW = ("dưới", "<", "below", "under", "less than")
ABOVE = ("trên", ">", "above", "over", "more than")


def level_floor(label: str) -> tuple[float, bool] | None:
    """The lowest percent a level's label admits and whether that percent itself is in:
    "Hoàn thành 100 %" → (100, in), "Từ 80 % đến dưới 100 %" → (80, in), "Dưới 80 %" →
    (0, in), "Trên 90 %" → (90, out); None for a label without a number."""
    found = NUMBER.search(label)
    if found is None:
        return None
    before = label[: found.start()].strip().lower()
    if before.endswith(BELOW):
        return 0.0, True
    return float(found.group().replace(",", ".")), not before.endswith(ABOVE)


def level_for(levels: list[dict], share: float) -> dict | None:
    """The level a share reaches: the one with the highest floor at or under it; None when a
    label gives no percent to compare with."""
    floors = []
    for level in levels:
        floor = level_floor(str(level.get("label", "")))
        if floor is None:
            return None
        floors.append((floor, level))
    percent = share * 100
    reached = [
        (minimum, level)
        for (minimum, inclusive), level in floors
        if percent > minimum - EPSILON and (inclusive or percent > minimum + EPSILON)
    ]
    if not reached:
        return min((level for _, level in floors), key=lambda level: float(level["points"]))
    return max(reached, key=lambda pair: pair[0])[1]


def points_for_share(criterion, share: float) -> tuple[float, dict | None]:
    """(points, the level reached or None): by the criterion's levels when it has them and
    their labels say percents, else the maximum × the share."""
    if criterion.levels:
        level = level_for(criterion.levels, share)
        if level is not None:
            return as_points(min(float(level["points"]), float(criterion.max_points))), level
    return as_points(float(criterion.max_points) * share), None


def share_working(figures: str, share: float, maximum: float, points: float, level) -> str:
    """The working's last step: the level reached, or the share of the maximum."""
    if level is not None:
        return _(
            "%(figures)s → level “%(level)s”: %(points)s points.",
            figures=figures,
            level=level["label"],
            points=format_number(points),
        )
    return _(
        "%(figures)s → %(share)s of %(max)s points: %(points)s points.",
        figures=figures,
        share=format_percent(share),
        max=format_number(maximum),
        points=format_number(points),
    )
