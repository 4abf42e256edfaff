"""What the appraisal's pages and API read: a unit's assessment found for the reader, the
criteria tree with each leaf's item (the cards of the appraisal and answers pages), and the
journal as the reader may see it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.core.exceptions import NotFound
from tracker.core.problems import Problem
from tracker.core.text import text_problem
from tracker.extensions import db
from tracker.reform_index.appraisal import open_unsent
from tracker.reform_index.models import (
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    IndexJournalEntry,
)
from tracker.reform_index.self_access import require_reader, require_unit_of_set, sees_appraisal
from tracker.reform_index.sets import find_assessment
from tracker.reform_index.totals import totals_of
from tracker.reform_index.unsent import may_close
from tracker.units.models import Unit
from tracker.units.services import get_unit, unknown_unit

# The journal's lines a unit does not see before the appraisal is sent to it.
APPRAISERS_WORK = ("appraisal",)


def no_assessment() -> Problem:
    return Problem(
        "no_assessment", _l("This unit has not started its self-assessment for this year.")
    )


def _unit_of(actor, criteria_set: CriteriaSet, unit_code: str) -> Unit:
    unit = None if text_problem(unit_code) else get_unit(unit_code)
    if unit is None:
        raise NotFound(unknown_unit(unit_code[:40]))
    require_reader(actor, unit)
    require_unit_of_set(criteria_set, unit)
    return unit


def find_assessment_of(actor, criteria_set: CriteriaSet, unit_code: str) -> Assessment:
    """The unit's assessment of the set, for a reader allowed to see it; NotFound otherwise."""
    assessment = find_assessment(criteria_set, _unit_of(actor, criteria_set, unit_code))
    if assessment is None:
        raise NotFound(no_assessment())
    return assessment


def assessment_to_appraise(
    actor, criteria_set: CriteriaSet, unit_code: str, *, writing: bool = False
) -> Assessment:
    """The unit's assessment for the appraisers' page and PUT: one the unit has not begun is
    opened for them once they may appraise it without the unit's own (unsent.closing_problem).
    Before that, reading it is a NotFound and writing to it a 422 naming why."""
    unit = _unit_of(actor, criteria_set, unit_code)
    assessment = find_assessment(criteria_set, unit)
    if assessment is not None:
        return assessment
    if not writing and not may_close(actor, criteria_set):
        raise NotFound(no_assessment())
    return open_unsent(actor, criteria_set, unit)


@dataclass
class OutlineRow:
    """A line of the criteria tree: a heading (lĩnh vực, tiêu chí) or a leaf with its item."""

    criterion: Criterion
    item: AssessmentItem | None
    points: float  # a heading's appraised points so far (the unit's where none yet)


def outline(assessment: Assessment) -> list[OutlineRow]:
    """The set's criteria in the decision's order, each leaf with the unit's item."""
    items = {item.criterion_id: item for item in assessment.items}
    points = totals_of(assessment).by_criterion
    return [
        OutlineRow(criterion=c, item=items.get(c.id), points=points.get(c.id, 0.0))
        for c in assessment.set.criteria
    ]


def journal_rows(actor, assessment: Assessment) -> list[IndexJournalEntry]:
    """The assessment's journal, oldest first; a unit sees the appraisers' work once it is
    sent to it."""
    query = (
        select(IndexJournalEntry)
        .where(IndexJournalEntry.assessment_id == assessment.id)
        .options(selectinload(IndexJournalEntry.author), selectinload(IndexJournalEntry.criterion))
        .order_by(IndexJournalEntry.created_at, IndexJournalEntry.id)
    )
    if not sees_appraisal(actor, assessment):
        query = query.where(IndexJournalEntry.action.not_in(APPRAISERS_WORK))
    return list(db.session.scalars(query))
