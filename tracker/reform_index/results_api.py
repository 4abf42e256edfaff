"""A year's ranking in the API: GET /api/v1/index/{year}/{kind}/ranking (the roles that run the
year before publication, every logged-in caller after) and POST …/publish (the office, once the
year is finalised). The same list as the results page, the workbook and the decision's annex."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask_login import current_user
from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, read_body
from tracker.api.fields import Version
from tracker.api.operations import WRITE_REFUSALS, operation
from tracker.core.permissions import requires
from tracker.reform_index.models import INDEX_KINDS, SET_STATES
from tracker.reform_index.results import (
    publish,
    ranking_items,
    require_ranking_reader,
)
from tracker.reform_index.sets import get_set
from tracker.reform_index.totals import set_maximum


class RankingEntry(Answer):
    unit_code: str
    unit_name: str = Field(description="as the unit was called on 31/12 of the year")
    total: float | None = Field(description="appraised points + survey points; null: not yet")
    index: float | None = Field(description="total / maximum × 100, two decimals")
    rank: int | None = Field(description="ties share a rank (95, 90, 90, 85 → 1, 2, 2, 4)")
    band: str | None = Field(description="the office's band: Tốt, Khá, Trung bình, Yếu")
    did_not_self_assess: bool = Field(
        description="the unit sent no self-assessment by the deadline: the appraisers scored "
        "it from its records, its own points counting 0"
    )


class RankingAnswer(Answer):
    year: int
    kind: Literal[INDEX_KINDS]
    name: str
    state: Literal[SET_STATES]
    published_on: date | None
    max_points: float = Field(description="the criteria's maximum and the survey's")
    items: list[RankingEntry]


class SetStateAnswer(Answer):
    year: int
    kind: Literal[INDEX_KINDS]
    state: Literal[SET_STATES]
    finalised_on: date | None
    published_on: date | None
    version: int


class PublishBody(Body):
    version: Version = None


def ranking_answer(criteria_set) -> RankingAnswer:
    return RankingAnswer(
        year=criteria_set.year,
        kind=criteria_set.kind,
        name=criteria_set.name,
        state=criteria_set.state,
        published_on=criteria_set.published_on,
        max_points=set_maximum(criteria_set),
        items=[
            RankingEntry(
                unit_code=item.unit_code,
                unit_name=item.unit_name,
                total=item.total,
                index=item.index,
                rank=item.rank,
                band=item.band,
                did_not_self_assess=item.did_not_self_assess,
            )
            for item in ranking_items(criteria_set)
        ],
    )


@api_bp.get("/index/<year:year>/<string:kind>/ranking")
@requires("view")
@operation(
    "getIndexRanking",
    "A year's reform index ranking of one unit kind, best first, ties sharing a rank",
    answers={200: RankingAnswer},
    refusals=(401, 403, 404, 422),
)
def get_index_ranking(year: int, kind: str):
    criteria_set = get_set(year, kind)
    require_ranking_reader(current_user, criteria_set)
    return answered(ranking_answer(criteria_set))


@api_bp.post("/index/<year:year>/<string:kind>/publish")
@requires("manage_index")
@operation(
    "publishIndex",
    "Publish a finalised year's reform index: its ranking and breakdowns become public",
    body=PublishBody,
    answers={200: SetStateAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def publish_index(year: int, kind: str):
    criteria_set = get_set(year, kind)
    body = read_body(PublishBody)
    publish(current_user, criteria_set, body.version)
    return answered(SetStateAnswer.model_validate(criteria_set))
