"""The indicator sets in the API: /api/v1/indicator-sets (every set, each year) and
/indicator-sets/{code} (?year=, default the latest) with its indicators and checks. Reading is
for every role; sets are imported from a workbook (the page, `tracker import-indicators`)."""

from __future__ import annotations

from typing import Literal

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.operations import QueryParameters, operation
from tracker.core.exceptions import NotFound, require
from tracker.core.permissions import requires
from tracker.core.problems import Problem
from tracker.core.recurrence import PERIODIC_RECURRENCES
from tracker.indicators.models import COMBINES, INDICATOR_KINDS, TARGET_OPERATORS
from tracker.indicators.sets import get_set, latest_set, no_set, sets
from tracker.indicators.sets_results import task_reference


class Target(Answer):
    operator: Literal[TARGET_OPERATORS]
    value: float


class IndicatorAnswer(Answer):
    code: str
    name: str
    measure: str = Field(description="đơn vị tính: “hồ sơ”, “%”")
    kind: Literal[INDICATOR_KINDS]
    combine: Literal[COMBINES] = Field(
        description="sum: the units' sum; ratio: sum(numerator) / sum(denominator) × 100"
    )
    numerator: str | None = Field(description="a ratio's numerator's code")
    denominator: str | None = Field(description="a ratio's denominator's code")
    target: Target | None


class CheckAnswer(Answer):
    code: str
    name: str
    expression: str = Field(description="“GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET”")


class SetSummary(Answer):
    code: str
    year: int
    name: str
    periodicity: Literal[PERIODIC_RECURRENCES]
    task: str | None = Field(description="the periodic-report task, “PLAN_CODE:NUMBER”")


class SetList(Answer):
    items: list[SetSummary]
    total: int


class SetAnswer(Answer):
    code: str
    year: int
    name: str
    periodicity: Literal[PERIODIC_RECURRENCES]
    task: str | None = Field(description="the periodic-report task, “PLAN_CODE:NUMBER”")
    indicators: list[IndicatorAnswer]
    checks: list[CheckAnswer]


class SetQuery(QueryParameters):
    year: int = Field(ge=2000, le=2100, description="the set of that year (default the latest)")


def summary(found) -> SetSummary:
    return SetSummary(
        code=found.code,
        year=found.year,
        name=found.name,
        periodicity=found.periodicity,
        task=task_reference(found.task),
    )


def answer(found) -> SetAnswer:
    return SetAnswer(
        **summary(found).model_dump(),
        indicators=[
            IndicatorAnswer(
                code=i.code,
                name=i.name,
                measure=i.measure,
                kind=i.kind,
                combine=i.combine,
                numerator=i.numerator_code,
                denominator=i.denominator_code,
                target=None
                if i.target_operator is None
                else Target(operator=i.target_operator, value=float(i.target_value)),
            )
            for i in found.indicators
        ],
        checks=[
            CheckAnswer(code=c.code, name=c.name, expression=c.expression) for c in found.checks
        ],
    )


@api_bp.get("/indicator-sets")
@requires("view")
@operation(
    "listIndicatorSets",
    "The indicator sets, each code and year",
    answers={200: SetList},
    refusals=(401,),
)
def list_indicator_sets():
    items = [summary(found) for found in sets()]
    return answered(SetList(items=items, total=len(items)))


@api_bp.get("/indicator-sets/<string:code>")
@requires("view")
@operation(
    "getIndicatorSet",
    "An indicator set with its indicators and checks (the latest year unless `year`)",
    answers={200: SetAnswer},
    refusals=(401, 404, 422),
    query=SetQuery,
)
def get_indicator_set(code: str):
    raw = (request.args.get("year") or "").strip()
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if raw and (year is None or not 2000 <= year <= 2100):
        require({"year": Problem("not_a_year", _l("Give a year from 2000 to 2100."), value=raw)})
    found = get_set(code, year) if year else latest_set(code)
    if found is None:
        raise NotFound(no_set(code))
    return answered(answer(found))
