"""The units' figures through the API: PUT a unit's values for a period (a draft), POST its
submission, GET the reports (filtered) and GET the province's totals as of a day. The same
services as the pages (indicators.reports, indicators.totals)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import BeforeValidator, Field
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import Text, Version, an_object
from tracker.api.operations import WRITE_REFUSALS, QueryParameters, operation
from tracker.assignments.classes import classify
from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.core.exceptions import NotFound, require
from tracker.core.permissions import UNIT_ROLES, requires
from tracker.core.problems import Problem, not_a_date, one_of, required
from tracker.core.text import text_problem
from tracker.core.timeutil import DateOutOfRange, local_today, parse_date
from tracker.extensions import db
from tracker.indicators import reports, rules, totals
from tracker.indicators.models import REPORT_STATES, IndicatorReport, IndicatorSet
from tracker.indicators.sets import set_for
from tracker.plans.filters import outside_dates
from tracker.units.models import Unit
from tracker.units.services import get_unit, unknown_unit

Number = int | float | None


def plain(value) -> Number:
    """A count as a whole number in JSON (100, not 100.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class IndicatorReportAnswer(Answer):
    set: str
    unit_code: str
    period: str
    values: dict[str, Number] = Field(description="typed values and the computed ratios")
    note: str
    state: Literal[REPORT_STATES]
    submitted_on: date | None
    deadline_class: Literal[tuple(DEADLINE_CLASSES)] | None = Field(
        description="the checkpoint's class today; null without a checkpoint"
    )
    version: int

    @classmethod
    def of(cls, report: IndicatorReport, deadline_class: str | None) -> IndicatorReportAnswer:
        values = rules.unit_values(report.set.indicators, report.values or {})
        return cls(
            set=report.set.code,
            unit_code=report.unit.code,
            period=report.period,
            values={code: plain(value) for code, value in values.items()},
            note=report.note or "",
            state=report.state,
            submitted_on=report.submitted_on,
            deadline_class=deadline_class,
            version=report.version,
        )


class IndicatorReportList(Answer):
    items: list[IndicatorReportAnswer]
    total: int


class UnitCounts(Answer):
    submitted: int = Field(description="units that sent their figures by the day, late included")
    late: int
    missing: int


class IndicatorTotals(Answer):
    period: str
    totals: dict[str, Number]
    units: UnitCounts


class FiguresBody(Body):
    values: Annotated[dict[str, Any], BeforeValidator(an_object)] = described(
        None, description="{indicator code: number}; computed ratios are ignored"
    )
    note: Text = described("", maxLength=reports.NOTE_MAX)
    version: Version = described(None, description="required once the report exists")


class SubmissionBody(Body):
    version: Version


class ReportQuery(QueryParameters):
    set: str
    period: str = Field(description="2021-Q3, 2021-07, 2021-H1, 2021")
    unit: str
    state: Literal[REPORT_STATES]


class TotalsQuery(QueryParameters):
    set: str = Field(description="required")
    period: str = Field(description="required")
    as_of: date = Field(description="count the submissions made by that day (default today)")


def _unit(code: str) -> Unit:
    unit = get_unit(code)
    if unit is None:
        raise NotFound(unknown_unit(code))
    return unit


def _class_of(report: IndicatorReport) -> str | None:
    if report.assignment is None:
        return None
    return classify([report.assignment], local_today()).get(report.assignment_id)


def _the_report(set_code: str, period: str, unit_code: str) -> IndicatorReport:
    indicator_set = set_for(set_code, period)
    unit = _unit(unit_code)
    reports.require_reader(current_user, unit)
    report = reports.find_report(indicator_set, unit, reports.check_period(indicator_set, period))
    if report is None:
        raise NotFound(
            Problem("no_report", _l("This unit has not saved figures for this period yet."))
        )
    return report


@api_bp.put("/indicator-reports/<string:set_code>/<string:period>/<string:unit_code>")
@requires("update_assignment")
@operation(
    "saveIndicatorReport",
    "Save a unit's figures of a period as a draft (its own unit's people, or the office)",
    body=FiguresBody,
    answers={200: IndicatorReportAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def save_report(set_code: str, period: str, unit_code: str):
    indicator_set = set_for(set_code, period)
    unit = _unit(unit_code)
    body = read_body(FiguresBody)
    report = reports.save_values(
        current_user, indicator_set, unit, period, body.values or {}, body.note, body.version
    )
    return answered(IndicatorReportAnswer.of(report, _class_of(report)))


@api_bp.post("/indicator-reports/<string:set_code>/<string:period>/<string:unit_code>/submit")
@requires("update_assignment")
@operation(
    "submitIndicatorReport",
    "Submit a unit's saved figures: every typed value filled, every check holding",
    body=SubmissionBody,
    answers={200: IndicatorReportAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def submit_report(set_code: str, period: str, unit_code: str):
    report = _the_report(set_code, period, unit_code)
    body = read_body(SubmissionBody)
    reports.submit(current_user, report, body.version)
    return answered(IndicatorReportAnswer.of(report, _class_of(report)))


def _text_arg(name: str, errors: dict) -> str:
    raw = (request.args.get(name) or "").strip()
    if refused := text_problem(raw):
        errors[name] = refused
        return ""
    return raw


@api_bp.get("/indicator-reports")
@requires("view")
@operation(
    "listIndicatorReports",
    "The units' reports (a unit's people see their own unit's)",
    answers={200: IndicatorReportList},
    refusals=(401, 422),
    query=ReportQuery,
)
def list_reports():
    errors: dict[str, Problem] = {}
    set_code, period, unit_code, state = (
        _text_arg(name, errors) for name in ("set", "period", "unit", "state")
    )
    if state and state not in REPORT_STATES:
        errors["state"] = one_of(REPORT_STATES)
    require(errors)
    query = (
        select(IndicatorReport)
        .join(IndicatorSet, IndicatorSet.id == IndicatorReport.set_id)
        .join(Unit, Unit.id == IndicatorReport.unit_id)
        .options(
            selectinload(IndicatorReport.set).selectinload(IndicatorSet.indicators),
            selectinload(IndicatorReport.unit),
            selectinload(IndicatorReport.assignment),
        )
        .order_by(IndicatorSet.code, IndicatorReport.period, Unit.code)
    )
    if set_code:
        query = query.where(IndicatorSet.code == set_code.upper())
    if period:
        query = query.where(IndicatorReport.period == period.upper())
    if unit_code:
        query = query.where(Unit.code == unit_code)
    if state:
        query = query.where(IndicatorReport.state == state)
    if current_user.role in UNIT_ROLES:
        query = query.where(IndicatorReport.unit_id == current_user.unit_id)
    rows = list(db.session.scalars(query))
    classes = classify([r.assignment for r in rows if r.assignment is not None], local_today())
    items = [
        IndicatorReportAnswer.of(r, classes.get(r.assignment_id) if r.assignment_id else None)
        for r in rows
    ]
    return answered(IndicatorReportList(items=items, total=len(items)))


@api_bp.get("/indicator-totals")
@requires("view")
@operation(
    "getIndicatorTotals",
    "The province's totals of a period as of a day, and who submitted, late, missing",
    answers={200: IndicatorTotals},
    refusals=(401, 404, 422),
    query=TotalsQuery,
)
def get_totals():
    errors: dict[str, Problem] = {}
    set_code, period, raw_day = (_text_arg(name, errors) for name in ("set", "period", "as_of"))
    for name, value in (("set", set_code), ("period", period)):
        if not value and name not in errors:
            errors[name] = required()
    as_of = None
    if raw_day:
        try:
            as_of = parse_date(raw_day)
        except DateOutOfRange:
            errors["as_of"] = outside_dates()
        except ValueError:
            errors["as_of"] = not_a_date(raw_day)
    require(errors)
    indicator_set = set_for(set_code, period)
    figures = totals.period_totals(
        indicator_set, reports.check_period(indicator_set, period), as_of
    )
    figures["totals"] = {code: plain(value) for code, value in figures["totals"].items()}
    return answered(IndicatorTotals.model_validate(figures))
