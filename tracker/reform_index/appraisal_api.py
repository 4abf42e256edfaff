"""The appraisal through the API: PUT a sub-criterion's appraisal, POST the appraisal to the
unit, POST the unit's answer, PUT the appraisers' decision on it, GET an assessment's journal
and POST the office's finalisation. The same services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import Field, PlainValidator, WithJsonSchema

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import RequiredText, Text, Version
from tracker.api.operations import WRITE_REFUSALS, operation
from tracker.api.refusals import refuse
from tracker.core.permissions import requires
from tracker.core.problems import Problem
from tracker.reform_index import answers, appraisal, finalising
from tracker.reform_index.appraisal_pages import (
    assessment_to_appraise,
    find_assessment_of,
    journal_rows,
)
from tracker.reform_index.models import (
    ANSWER_DECISIONS,
    ASSESSMENT_STATES,
    INDEX_KINDS,
    SET_STATES,
    Assessment,
    AssessmentItem,
)
from tracker.reform_index.sets import get_set
from tracker.reform_index.totals import totals_of

UNIT_PATH = "/index/<year:year>/<string:kind>/units/<string:unit_code>"
ITEM_PATH = UNIT_PATH + "/items/<string:number>"


def _points(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(Problem("not_a_number", _l("Enter a number.")))
    try:
        number = float(value)
    except OverflowError:  # an integer beyond a float: 10**400
        raise refuse(Problem("not_a_number", _l("Enter a number."))) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise refuse(Problem("not_a_number", _l("Enter a number.")))
    return number


# Points as a JSON number; whether they fit the sub-criterion is the service's rule.
Points = Annotated[
    float | None, PlainValidator(_points), WithJsonSchema({"type": "number", "minimum": 0})
]


class AppraisalBody(Body):
    points: Points = described(
        None, description="the appraised points; null: the unit's own points are accepted"
    )
    reason: Text = described(
        "", maxLength=appraisal.REASON_MAX, description="required when the points change"
    )
    version: Version = described(
        None,
        description="required: the item's version as read (0: the unit has not begun; after "
        "its deadline the appraisal closes its draft, its own points counting 0)",
    )


class SendBody(Body):
    version: Version = described(None, description="the assessment's version as read")


class AnswerBody(Body):
    text: RequiredText = described(minLength=1, maxLength=answers.ANSWER_MAX)


class DecisionBody(Body):
    decision: RequiredText = described(enum=list(ANSWER_DECISIONS))
    points: Points = described(
        None, description="when accepted: the new points (null: the unit's own)"
    )
    reason: Text = described(
        "", maxLength=appraisal.REASON_MAX, description="required when rejected"
    )
    version: Version = described(None, description="the item's version as read")


class FinaliseBody(Body):
    version: Version = described(None, description="the set's version as read")


class AppraisedItemAnswer(Answer):
    number: str
    self_points: float | None
    appraised_points: float | None
    appraisal_reason: str
    answer: str = Field(description="the unit's answer; empty: none")
    answered_on: date | None
    answer_decision: Literal[ANSWER_DECISIONS] | None
    answer_reason: str
    version: int

    @classmethod
    def of(cls, item: AssessmentItem) -> AppraisedItemAnswer:
        return cls(
            number=item.criterion.number,
            self_points=item.self_points,
            appraised_points=item.appraised_points,
            appraisal_reason=item.appraisal_reason or "",
            answer=item.answer or "",
            answered_on=item.answered_on,
            answer_decision=item.answer_decision,
            answer_reason=item.answer_reason or "",
            version=item.version,
        )


class AppraisalStateAnswer(Answer):
    unit_code: str
    state: Literal[ASSESSMENT_STATES]
    appraised_on: date | None
    answer_until: date | None = Field(description="the unit answers until this day, included")
    self_total: float
    appraised_total: float | None
    version: int

    @classmethod
    def of(cls, assessment: Assessment) -> AppraisalStateAnswer:
        totals = totals_of(assessment)
        return cls(
            unit_code=assessment.unit.code,
            state=assessment.state,
            appraised_on=assessment.appraised_on,
            answer_until=assessment.answer_until,
            self_total=totals.self_total,
            appraised_total=totals.appraised_total,
            version=assessment.version,
        )


class JournalLine(Answer):
    at: datetime
    author: str | None
    action: str = Field(
        description="self_points, evidence, submit, closed_unsent (the appraisers closed a "
        "draft never sent), appraisal, sent_to_unit, answer, answer_accepted, answer_rejected, "
        "survey, finalise …"
    )
    number: str | None = Field(description="the sub-criterion's number; null: the assessment")
    before: str | None
    after: str | None
    reason: str


class JournalAnswer(Answer):
    unit_code: str
    items: list[JournalLine]


class FinalisedAnswer(Answer):
    year: int
    kind: Literal[INDEX_KINDS]
    state: Literal[SET_STATES]
    finalised_on: date | None
    version: int


def _assessment(year: int, kind: str, unit_code: str) -> Assessment:
    return find_assessment_of(current_user, get_set(year, kind), unit_code)


@api_bp.put(ITEM_PATH + "/appraisal")
@requires("appraise_index")
@operation(
    "appraiseIndexItem",
    "Appraise a sub-criterion: accept the unit's points, or set others with the reason",
    body=AppraisalBody,
    answers={200: AppraisedItemAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def appraise_index_item(year: int, kind: str, unit_code: str, number: str):
    body = read_body(AppraisalBody)
    criteria_set = get_set(year, kind)
    assessment = assessment_to_appraise(current_user, criteria_set, unit_code, writing=True)
    item = appraisal.appraise_item(
        current_user, assessment, number, body.points, body.reason, body.version
    )
    return answered(AppraisedItemAnswer.of(item))


@api_bp.post(UNIT_PATH + "/appraisal/send")
@requires("appraise_index")
@operation(
    "sendIndexAppraisal",
    "Send the appraisal to the unit once every sub-criterion is appraised; its answer days start",
    body=SendBody,
    answers={200: AppraisalStateAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def send_index_appraisal(year: int, kind: str, unit_code: str):
    assessment = _assessment(year, kind, unit_code)
    body = read_body(SendBody)
    appraisal.send_to_unit(current_user, assessment, body.version)
    return answered(AppraisalStateAnswer.of(assessment))


@api_bp.post(ITEM_PATH + "/answer")
@requires("self_assess")
@operation(
    "answerIndexAppraisal",
    "The unit's one answer (giải trình) on a sub-criterion whose points the appraisers "
    "changed, within the answer days",
    body=AnswerBody,
    answers={200: AppraisedItemAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def answer_index_appraisal(year: int, kind: str, unit_code: str, number: str):
    assessment = _assessment(year, kind, unit_code)
    body = read_body(AnswerBody)
    item = answers.answer(current_user, assessment, number, body.text)
    return answered(AppraisedItemAnswer.of(item))


@api_bp.put(ITEM_PATH + "/answer/decision")
@requires("appraise_index")
@operation(
    "decideIndexAnswer",
    "The appraisers' decision on the unit's answer: accepted (with new points) or rejected "
    "(with the reason)",
    body=DecisionBody,
    answers={200: AppraisedItemAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def decide_index_answer(year: int, kind: str, unit_code: str, number: str):
    assessment = _assessment(year, kind, unit_code)
    body = read_body(DecisionBody)
    item = answers.decide_answer(
        current_user, assessment, number, body.decision, body.points, body.reason, body.version
    )
    return answered(AppraisedItemAnswer.of(item))


@api_bp.get(UNIT_PATH + "/journal")
@requires("view")
@operation(
    "getIndexJournal",
    "Every change to a unit's assessment: who, when, before, after and why",
    answers={200: JournalAnswer},
    refusals=(401, 403, 404, 422),
)
def get_index_journal(year: int, kind: str, unit_code: str):
    assessment = _assessment(year, kind, unit_code)
    lines = [
        JournalLine(
            at=row.created_at,
            author=row.author.full_name if row.author else None,
            action=row.action,
            number=row.criterion.number if row.criterion else None,
            before=row.before,
            after=row.after,
            reason=row.reason or "",
        )
        for row in journal_rows(current_user, assessment)
    ]
    return answered(JournalAnswer(unit_code=assessment.unit.code, items=lines))


@api_bp.post("/index/<year:year>/<string:kind>/finalise")
@requires("manage_index")
@operation(
    "finaliseIndex",
    "Finalise a year's index of one unit kind: every unit appraised, no answer pending and "
    "no answer days still open",
    body=FinaliseBody,
    answers={200: FinalisedAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def finalise_index(year: int, kind: str):
    criteria_set = get_set(year, kind)
    body = read_body(FinaliseBody)
    finalising.finalise(current_user, criteria_set, body.version)
    return answered(FinalisedAnswer.model_validate(criteria_set))
