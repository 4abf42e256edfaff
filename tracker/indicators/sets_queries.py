"""Finding indicator sets: by code and year, the latest of a code, the one of a period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.exceptions import NotFound
from tracker.core.problems import Problem
from tracker.core.recurrence import parse_period
from tracker.extensions import db
from tracker.indicators.models import IndicatorSet
from tracker.indicators.sets_words import code_problem


def get_set(code: str, year: int) -> IndicatorSet | None:
    """None also for what cannot be a code (a URL's "%00" never reaches the database)."""
    if code_problem((code or "").upper()) is not None or not 0 < year < 10000:
        return None
    return db.session.scalar(
        select(IndicatorSet).where(IndicatorSet.code == code.upper(), IndicatorSet.year == year)
    )


def latest_set(code: str) -> IndicatorSet | None:
    if code_problem((code or "").upper()) is not None:
        return None
    return db.session.scalar(
        select(IndicatorSet)
        .where(IndicatorSet.code == code.upper())
        .order_by(IndicatorSet.year.desc())
        .limit(1)
    )


def set_for(code: str, period_code: str) -> IndicatorSet:
    """The set of that code for the period's year, when the period is one of its periodicity
    ("2021-Q3" for a quarterly set); NotFound otherwise."""
    try:
        period = parse_period(period_code)
    except ValueError:
        period = None
    found = None if period is None else get_set(code or "", period.year)
    if found is None or found.periodicity != period.kind:
        raise NotFound(no_set(code, period_code))
    return found


def no_set(code: str, period_code: str | None = None) -> Problem:
    if period_code is None:
        return Problem(
            "indicator_set_not_found", _l("There is no indicator set %(code)s."), code=code
        )
    return Problem(
        "indicator_set_not_found_for_period",
        _l("There is no indicator set %(code)s for the period %(period)s."),
        code=code,
        period=period_code,
    )


def sets() -> list[IndicatorSet]:
    """Every set, by code, the latest year first."""
    return list(
        db.session.scalars(
            select(IndicatorSet).order_by(IndicatorSet.code, IndicatorSet.year.desc())
        )
    )
