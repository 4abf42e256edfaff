"""A unit's self-assessment in the API: GET /api/v1/index/{year}/{kind}/units/{unit} (its
points, evidence, totals and rank), PUT …/items/{number} (the unit's people: points, evidence,
explanation, version) and POST …/submit (the lead). The same services as the page."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any, Literal

from flask import url_for
from flask_login import current_user
from pydantic import Field, PlainValidator, WithJsonSchema

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import Day, OptionalText, RowId, Text, Version
from tracker.api.operations import WRITE_REFUSALS, operation
from tracker.api.refusals import pydantic_problem, refuse
from tracker.core.exceptions import NotFound
from tracker.core.permissions import requires
from tracker.reform_index import assessments
from tracker.reform_index import evidence as evidence_service
from tracker.reform_index.evidence import DOCUMENT_NUMBER_MAX, URL_MAX, EvidenceInput
from tracker.reform_index.models import ASSESSMENT_STATES, INDEX_KINDS, RULE_KINDS
from tracker.reform_index.self_access import may_assess, require_reader
from tracker.reform_index.self_view import ItemRow, view_of
from tracker.reform_index.sets import find_assessment, get_set
from tracker.reform_index.unsent import did_not_self_assess
from tracker.units.services import get_unit, unknown_unit

UNIT_PATH = "/index/<year:year>/<string:kind>/units/<string:unit_code>"
NEW_EVIDENCE_KINDS = ["journal", "document", "link"]  # a file goes up through the page


def _points(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(pydantic_problem("float_type"))
    if not math.isfinite(value):
        raise refuse(pydantic_problem("float_type"))
    return float(value)


Points = Annotated[float | None, PlainValidator(_points), WithJsonSchema({"type": "number"})]


class EvidenceBody(Body):
    id: RowId = Field(None, description="keep this piece the item already has, as it is")
    kind: OptionalText = described(None, enum=NEW_EVIDENCE_KINDS)
    journal_entry_id: RowId = Field(
        None, description="kind journal: an entry of the unit's task journal that has evidence"
    )
    document_number: OptionalText = described(None, maxLength=DOCUMENT_NUMBER_MAX)
    document_date: Day = None
    url: OptionalText = described(None, maxLength=URL_MAX)

    def evidence(self) -> EvidenceInput:
        return EvidenceInput(
            kind=self.kind,
            keep_id=self.id,
            journal_entry_id=self.journal_entry_id,
            document_number=self.document_number,
            document_date=self.document_date,
            url=self.url,
        )


class ItemBody(Body):
    points: Points = Field(
        None,
        description="the unit's points; null or left out: none yet. Never on a computed "
        "sub-criterion",
    )
    evidence: list[EvidenceBody] | None = Field(
        None,
        description="the item's evidence, all of it (pieces it has are kept by id); left out: "
        "as it is",
    )
    explanation: Text = described(
        None,
        maxLength=assessments.EXPLANATION_MAX,
        description="why there is no evidence; left out: as it is",
    )
    version: Version = Field(None, description="the item's version, as read (required)")


class SubmissionBody(Body):
    version: Version = Field(None, description="the assessment's version, as read (optional)")


class EvidenceAnswer(Answer):
    id: int
    kind: str
    journal_entry_id: int | None
    document_number: str | None
    document_date: date | None
    url: str | None
    file_name: str | None
    file_url: str | None = Field(description="the uploaded file, for the logged-in reader")
    text: str

    @classmethod
    def of(cls, piece, year: int, kind: str, unit_code: str) -> EvidenceAnswer:
        file_url = None
        if piece.file_path:
            file_url = url_for(
                "index_self.evidence_file",
                year=year,
                kind=kind,
                unit_code=unit_code,
                evidence_id=piece.id,
            )
        return cls(
            id=piece.id,
            kind=piece.kind,
            journal_entry_id=piece.journal_entry_id,
            document_number=piece.document_number,
            document_date=piece.document_date,
            url=piece.url,
            file_name=piece.file_name,
            file_url=file_url,
            text=evidence_service.described(piece),
        )


class AssessmentItemAnswer(Answer):
    number: str
    title: str
    max_points: float
    rule: Literal[RULE_KINDS]
    evidence_required: str
    self_points: float | None
    appraised_points: float | None = Field(description="null until the unit may see it")
    appraisal_reason: str
    computed: bool
    working: str = Field(description="a computed sub-criterion's working")
    evidence: list[EvidenceAnswer]
    explanation: str
    answer: str
    version: int = Field(description="0: the assessment is not opened yet")

    @classmethod
    def of(cls, row: ItemRow, year: int, kind: str, unit_code: str) -> AssessmentItemAnswer:
        return cls(
            number=row.criterion.number,
            title=row.criterion.title,
            max_points=row.criterion.max_points,
            rule=row.criterion.rule,
            evidence_required=row.criterion.evidence_required or "",
            self_points=row.self_points,
            appraised_points=row.appraised_points,
            appraisal_reason=row.appraisal_reason,
            computed=row.computed,
            working=row.working,
            evidence=[EvidenceAnswer.of(p, year, kind, unit_code) for p in row.evidence],
            explanation=row.explanation,
            answer=row.answer,
            version=row.version,
        )


class UnitAssessmentAnswer(Answer):
    year: int
    kind: Literal[INDEX_KINDS]
    unit_code: str
    unit_name: str
    state: Literal[ASSESSMENT_STATES]
    self_deadline: date | None
    submitted_on: date | None
    submitted_late: bool
    did_not_self_assess: bool = Field(
        description="the unit sent no self-assessment by the deadline: the appraisers scored "
        "it from its records, its own points counting 0"
    )
    version: int = Field(description="0: the assessment is not opened yet")
    items: list[AssessmentItemAnswer]
    self_total: float
    appraised_total: float | None
    survey: float | None
    total: float | None = Field(description="appraised + survey points")
    max_points: float
    index: float | None = Field(description="total / maximum × 100")
    rank: int | None = Field(description="among the units of the kind, ties shared")

    @classmethod
    def of(cls, view, unit) -> UnitAssessmentAnswer:
        criteria_set, assessment = view.criteria_set, view.assessment
        year, kind = criteria_set.year, criteria_set.kind
        return cls(
            year=year,
            kind=kind,
            unit_code=unit.code,
            unit_name=unit.name,
            state=view.state,
            self_deadline=criteria_set.self_deadline,
            submitted_on=assessment.submitted_on if assessment else None,
            submitted_late=bool(assessment and assessment.submitted_late),
            did_not_self_assess=did_not_self_assess(assessment),
            version=assessment.version if assessment else 0,
            items=[AssessmentItemAnswer.of(row, year, kind, unit.code) for row in view.rows],
            self_total=view.totals.self_total,
            appraised_total=view.totals.appraised_total,
            survey=view.totals.survey if view.shows_appraisal else None,
            total=view.totals.total,
            max_points=view.totals.max_points,
            index=view.totals.index,
            rank=view.rank,
        )


def _lookup(year: int, kind: str, unit_code: str):
    criteria_set = get_set(year, kind)
    unit = get_unit(unit_code)
    if unit is None:
        raise NotFound(unknown_unit(unit_code))
    require_reader(current_user, unit)
    return criteria_set, unit


def _answer(criteria_set, unit, assessment):
    view = view_of(current_user, criteria_set, unit, assessment)
    return answered(UnitAssessmentAnswer.of(view, unit))


@api_bp.get(UNIT_PATH)
@requires("view")
@operation(
    "getIndexAssessment",
    "A unit's self-assessment: points, evidence, the appraisal once sent, totals and rank",
    answers={200: UnitAssessmentAnswer},
    refusals=(401, 403, 404, 422),
)
def get_assessment(year: int, kind: str, unit_code: str):
    criteria_set, unit = _lookup(year, kind, unit_code)
    if may_assess(current_user, unit):
        # The unit's own people open it: made on first use, computed points worked out.
        assessment = assessments.open_assessment(current_user, criteria_set, unit)
    else:
        assessment = find_assessment(criteria_set, unit)
    return _answer(criteria_set, unit, assessment)


@api_bp.put(f"{UNIT_PATH}/items/<string:number>")
@requires("self_assess")
@operation(
    "saveIndexAssessmentItem",
    "Save the unit's points, evidence and explanation of one sub-criterion (a draft)",
    body=ItemBody,
    answers={200: AssessmentItemAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def save_assessment_item(year: int, kind: str, unit_code: str, number: str):
    criteria_set, unit = _lookup(year, kind, unit_code)
    body = read_body(ItemBody)
    assessment = assessments.open_assessment(current_user, criteria_set, unit)
    evidence = None if body.evidence is None else [piece.evidence() for piece in body.evidence]
    assessments.save_item(
        current_user, assessment, number, body.points, evidence, body.explanation, body.version
    )
    view = view_of(current_user, criteria_set, unit, assessment)
    row = next(row for row in view.rows if row.criterion.number == number)
    return answered(AssessmentItemAnswer.of(row, year, kind, unit.code))


@api_bp.post(f"{UNIT_PATH}/submit")
@requires("self_assess")
@operation(
    "submitIndexAssessment",
    "The lead submits the unit's self-assessment: every sub-criterion checked",
    body=SubmissionBody,
    answers={200: UnitAssessmentAnswer},
    refusals=(*WRITE_REFUSALS, 409),
)
def submit_assessment(year: int, kind: str, unit_code: str):
    criteria_set, unit = _lookup(year, kind, unit_code)
    body = read_body(SubmissionBody)
    assessment = assessments.open_assessment(current_user, criteria_set, unit)
    assessments.submit(current_user, assessment, body.version)
    return _answer(criteria_set, unit, assessment)
