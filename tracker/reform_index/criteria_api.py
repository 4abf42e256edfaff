"""A year's criteria in the API: GET /api/v1/index/{year}/{kind}/criteria, the tree in the
decision's order with each sub-criterion's maximum, guidance, evidence asked for and scoring
rule. For every role: the criteria are what units score themselves against. Criteria are
imported from the province's table (the page, `tracker import-criteria`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.operations import operation
from tracker.core.permissions import requires
from tracker.reform_index.criteria_results import (
    criteria_dict,
    fields_of,
    planned_of,
)
from tracker.reform_index.models import INDEX_KINDS, RULE_KINDS, SET_STATES
from tracker.reform_index.sets import get_set, is_locked


class LevelAnswer(Answer):
    label: str
    points: float


class CriterionAnswer(Answer):
    number: str = Field(description="“1” a lĩnh vực, “1.1” a tiêu chí, “1.1.2” a part")
    title: str
    max_points: float
    depth: int = Field(description="1 lĩnh vực, 2 tiêu chí, 3 tiêu chí thành phần …")
    choose_one: bool = Field(description="the unit scores one of its parts (“chọn 1”)")
    guidance: str = Field(description="Hướng dẫn chấm điểm, as the decision writes it")
    evidence_required: str = Field(
        description="Tài liệu kiểm chứng; a scored part with some needs evidence or an explanation"
    )
    rule: Literal[RULE_KINDS] = Field(
        description="number: points typed in steps; levels: one of the levels; computed: "
        "filled in from the tracker's data by the formula"
    )
    step: float | None
    levels: list[LevelAnswer] | None
    formula: str | None
    parameters: dict[str, str | int | float | bool] | None
    leaf: bool = Field(description="a part that is scored (the others add up their parts)")


class CriteriaAnswer(Answer):
    year: int
    kind: Literal[INDEX_KINDS]
    name: str
    decision: str
    is_demo: bool
    state: Literal[SET_STATES]
    locked: bool = Field(description="a unit has submitted: the criteria no longer change")
    max_points: float = Field(description="the criteria's maximum (the survey's is apart)")
    survey_max: float
    items: list[CriterionAnswer]


@api_bp.get("/index/<year:year>/<string:kind>/criteria")
@requires("view")
@operation(
    "getIndexCriteria",
    "A year's reform index criteria for one kind of unit, in the decision's order",
    answers={200: CriteriaAnswer},
    refusals=(401, 404, 422),
)
def get_index_criteria(year: int, kind: str):
    criteria_set = get_set(year, kind)
    shown = criteria_dict(
        fields_of(criteria_set),
        planned_of(criteria_set),
        state=criteria_set.state,
        locked=is_locked(criteria_set),
    )
    return answered(CriteriaAnswer.model_validate(shown))
