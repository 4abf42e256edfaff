"""What the index's first pages list: every year's sets, a unit's own assessments, and a set's
units with the state of their assessment and their totals (the office's and appraisers' view)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.core.permissions import acts_for_a_unit
from tracker.extensions import db
from tracker.reform_index.models import INDEX_KINDS, Assessment, AssessmentItem, CriteriaSet
from tracker.reform_index.sets import assessed_units, is_locked
from tracker.reform_index.totals import Totals, set_maximum, totals_of
from tracker.reform_index.unsent import did_not_self_assess
from tracker.units.models import Unit


def all_sets() -> list[CriteriaSet]:
    """Every set, the latest year first, then by kind as INDEX_KINDS orders them."""
    found = db.session.scalars(select(CriteriaSet).options(selectinload(CriteriaSet.criteria)))
    return sorted(found, key=lambda s: (-s.year, INDEX_KINDS.index(s.kind)))


@dataclass
class OwnAssessment:
    set: CriteriaSet
    assessment: Assessment | None


def own_assessments(user) -> list[OwnAssessment]:
    """A unit person's sets (those of their unit's kind) and their unit's assessment of each."""
    if not acts_for_a_unit(user):
        return []
    unit = db.session.get(Unit, user.unit_id)
    sets = [s for s in all_sets() if s.kind == unit.kind]
    found = {
        a.set_id: a
        for a in db.session.scalars(
            select(Assessment).where(
                Assessment.unit_id == unit.id, Assessment.set_id.in_([s.id for s in sets])
            )
        )
    }
    return [OwnAssessment(s, found.get(s.id)) for s in sets]


def stage_of(assessment: Assessment | None) -> str:
    """Where a unit stands in the overview's counts: its assessment's state (not begun counts
    as a draft), except that a draft the appraisers closed unsent is "unsent" while it awaits
    its appraisal, not among the units that sent theirs; once appraised it counts as any."""
    if assessment is None:
        return "draft"
    if assessment.state == "submitted" and did_not_self_assess(assessment):
        return "unsent"
    return assessment.state


@dataclass
class UnitRow:
    unit: Unit
    assessment: Assessment | None
    totals: Totals | None


@dataclass
class Overview:
    set: CriteriaSet
    rows: list[UnitRow]
    max_points: float
    locked: bool

    def count(self, stage: str) -> int:
        """Units at that stage of the summary line (see `stage_of`)."""
        return sum(1 for row in self.rows if stage_of(row.assessment) == stage)

    @property
    def late(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.assessment
            and row.assessment.submitted_late
            and not did_not_self_assess(row.assessment)
        )


def overview(criteria_set: CriteriaSet) -> Overview:
    assessments = {
        a.unit_id: a
        for a in db.session.scalars(
            select(Assessment)
            .where(Assessment.set_id == criteria_set.id)
            .options(selectinload(Assessment.items).selectinload(AssessmentItem.criterion))
        )
    }
    rows = []
    for unit in assessed_units(criteria_set):
        assessment = assessments.get(unit.id)
        totals = None if assessment is None else totals_of(assessment)
        rows.append(UnitRow(unit, assessment, totals))
    return Overview(criteria_set, rows, set_maximum(criteria_set), is_locked(criteria_set))
