"""The periodic figures a quarterly report states: for each indicator set linked to a recurring
task of the plan (IndicatorSet.task), the province's totals of the quarter as of the report's
date (indicators.totals, the board's and the API's rule), the same by level of government
(province, district, commune) for the sentences that name them ("20/20 sở, ban, ngành"), and
who had sent their figures.

The report's sentences (figure_sentences) read these by indicator code; the annex lists every
indicator of the set with its total and target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.core.recurrence import Period, figures_cut_off, parse_period
from tracker.extensions import db
from tracker.indicators import rules
from tracker.indicators.models import Indicator, IndicatorSet
from tracker.indicators.totals import totals_of, unit_rows
from tracker.plans.models import Plan, Task

# The report's levels of government, by unit kind: the office is one of the province's.
LEVELS = {"office": "province", "department": "province", "district": "district"}
LEVEL_ORDER = ("province", "district", "commune")


def level_of(kind: str) -> str:
    return LEVELS.get(kind, "commune")


@dataclass
class SetFigures:
    """One set's figures of one quarter, as of the report's date."""

    indicator_set: IndicatorSet
    period: Period
    as_of: date
    totals: dict[str, float | None]
    submitted: int
    late: int
    missing: int
    # level → {code: total} over the units of that level that had sent their figures
    by_level: dict[str, dict[str, float | None]] = field(default_factory=dict)
    # level → how many units of that level had sent their figures
    sent_by_level: dict[str, int] = field(default_factory=dict)
    previous: dict[str, float | None] = field(default_factory=dict)

    @property
    def indicators(self) -> list[Indicator]:
        return list(self.indicator_set.indicators)

    @property
    def cut_off(self) -> date:
        """The last day the quarter's figures cover (Nghị định 09/2019/NĐ-CP)."""
        return figures_cut_off(self.period)[1]

    @property
    def expected(self) -> int:
        return self.submitted + self.missing

    def has(self, *codes: str) -> bool:
        return all(self.totals.get(code) is not None for code in codes)

    def meets_target(self, indicator: Indicator) -> bool | None:
        return rules.meets_target(indicator, self.totals.get(indicator.code))


def plan_sets(plan: Plan, year: int) -> list[IndicatorSet]:
    """The quarterly sets of that year whose periodic report task is one of the plan's."""
    return list(
        db.session.scalars(
            select(IndicatorSet)
            .join(Task, Task.id == IndicatorSet.task_id)
            .where(
                Task.plan_id == plan.id,
                IndicatorSet.year == year,
                IndicatorSet.periodicity == "quarterly",
            )
            .order_by(IndicatorSet.code)
        )
    )


def set_figures(indicator_set: IndicatorSet, period_code: str, as_of: date) -> SetFigures:
    rows = unit_rows(indicator_set, period_code, as_of)
    summary = totals_of(indicator_set, period_code, rows)
    sent = [row for row in rows if row.submitted]
    figures = SetFigures(
        indicator_set=indicator_set,
        period=parse_period(period_code),
        as_of=as_of,
        totals=summary["totals"],
        submitted=summary["units"]["submitted"],
        late=summary["units"]["late"],
        missing=summary["units"]["missing"],
    )
    for level in LEVEL_ORDER:
        mine = [row for row in sent if level_of(row.unit.kind) == level]
        figures.sent_by_level[level] = len(mine)
        figures.by_level[level] = rules.province_totals(
            indicator_set.indicators, [row.report.values for row in mine]
        )
    previous = figures.period.previous()
    if previous.year == indicator_set.year:
        figures.previous = totals_of(
            indicator_set, previous.code, unit_rows(indicator_set, previous.code, as_of)
        )["totals"]
    return figures


def quarter_figures(plan: Plan, year: int, quarter: int, as_of: date) -> list[SetFigures]:
    """The figures of each of the plan's quarterly sets for the quarter, as of the day."""
    code = f"{year}-Q{quarter}"
    return [set_figures(found, code, as_of) for found in plan_sets(plan, year)]
