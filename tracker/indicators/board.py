"""The office's board of one period: the expected units with their state and values, each
value against the unit's previous period and the indicator's target, the province's totals
(totals.py) and their series over the periods of the year, for the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.core.recurrence import Period, parse_period, period_of, periods_between
from tracker.core.timeutil import local_today
from tracker.indicators import rules, totals
from tracker.indicators.models import IndicatorSet
from tracker.indicators.sets import get_set


@dataclass
class Board:
    indicator_set: IndicatorSet
    period: Period
    as_of: date
    rows: list[totals.UnitRow]
    figures: dict  # period_totals' answer
    previous_totals: dict  # code → the previous period's province value
    series: list[tuple[Period, dict]]  # each period of the year so far → its totals

    @property
    def indicators(self) -> list:
        return list(self.indicator_set.indicators)

    def meets(self, indicator, value) -> bool | None:
        return rules.meets_target(indicator, value)

    @property
    def missing_rows(self) -> list[totals.UnitRow]:
        return [row for row in self.rows if not row.submitted]


def default_period(indicator_set: IndicatorSet, today: date | None = None) -> Period:
    """The period of the set's year that holds today, else the year's last (or first)."""
    today = today or local_today()
    year = indicator_set.year
    day = today if today.year == year else date(year, 12, 31 if today.year > year else 1)
    return period_of(indicator_set.periodicity, day)


def previous_set_and_period(indicator_set: IndicatorSet, period: Period):
    """The period before, and the set that holds it (last year's version across a new year)."""
    previous = period.previous()
    if previous.year == indicator_set.year:
        return indicator_set, previous
    return get_set(indicator_set.code, previous.year), previous


def build_board(indicator_set: IndicatorSet, period_code: str, as_of: date | None) -> Board:
    as_of = as_of or local_today()
    period = parse_period(period_code)
    rows = totals.unit_rows(indicator_set, period.code, as_of)
    previous_set, previous = previous_set_and_period(indicator_set, period)
    previous_totals: dict = {}
    if previous_set is not None:
        earlier = totals.unit_rows(previous_set, previous.code, as_of)
        by_unit = {row.unit.id: row.values for row in earlier}
        for row in rows:
            row.previous = by_unit.get(row.unit.id, {})
        previous_totals = totals.totals_of(previous_set, previous.code, earlier)["totals"]
    year_periods = periods_between(
        indicator_set.periodicity, date(indicator_set.year, 1, 1), period.end
    )
    figures = totals.totals_of(indicator_set, period.code, rows)
    # The period shown and the one before (of the same set) are counted already.
    known = {period: figures["totals"]}
    if previous_set is indicator_set:
        known[previous] = previous_totals
    series = [
        (
            p,
            known[p]
            if p in known
            else totals.period_totals(indicator_set, p.code, as_of)["totals"],
        )
        for p in year_periods
    ]
    return Board(indicator_set, period, as_of, rows, figures, previous_totals, series)


def periods_of_set(indicator_set: IndicatorSet) -> list[Period]:
    year = indicator_set.year
    return periods_between(indicator_set.periodicity, date(year, 1, 1), date(year, 12, 31))
