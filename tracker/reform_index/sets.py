"""Finding a year's criteria set, the units it assesses and each unit's assessment."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker.core.exceptions import NotFound
from tracker.core.problems import Problem
from tracker.extensions import db
from tracker.reform_index.models import (
    INDEX_KIND_LABELS,
    INDEX_KINDS,
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
)
from tracker.reform_index.scoring import Node, leaves, node_of
from tracker.units.models import Unit, UnitGroupMembership
from tracker.units.queries import units_on


def no_set(year: int, kind: str) -> Problem:
    return Problem(
        "no_criteria_set",
        _l("There are no reform index criteria for %(kind)s in %(year)s."),
        kind=INDEX_KIND_LABELS.get(kind, kind),
        year=str(year),
    )


def find_set(year: int, kind: str) -> CriteriaSet | None:
    if kind not in INDEX_KINDS:
        return None
    return db.session.scalar(
        select(CriteriaSet)
        .where(CriteriaSet.year == year, CriteriaSet.kind == kind)
        .options(selectinload(CriteriaSet.criteria))
    )


def get_set(year: int, kind: str) -> CriteriaSet:
    """The set of that year and unit kind; NotFound otherwise."""
    criteria_set = find_set(year, kind)
    if criteria_set is None:
        raise NotFound(no_set(year, kind))
    return criteria_set


def nodes_of(criteria_set: CriteriaSet) -> list[Node]:
    return [node_of(criterion) for criterion in criteria_set.criteria]


def leaf_criteria(criteria_set: CriteriaSet) -> list[Criterion]:
    """The tiêu chí thành phần that are scored, in the decision's order."""
    leaf_ids = {node.id for node in leaves(nodes_of(criteria_set))}
    return [criterion for criterion in criteria_set.criteria if criterion.id in leaf_ids]


def assessed_on(criteria_set: CriteriaSet) -> date:
    """The units assessed for a year are those existing on its last day."""
    return date(criteria_set.year, 12, 31)


def assessed_units(criteria_set: CriteriaSet) -> list[Unit]:
    """The province's units of the set's kind existing at the end of its year, by code: those
    in one of its groups that day (another province's units, kept for a merger to come, are in
    none), or all of the kind where no group holds any."""
    day = assessed_on(criteria_set)
    units = [u for u in units_on(day) if u.kind == criteria_set.kind]
    member = UnitGroupMembership
    grouped = set(
        db.session.scalars(
            select(member.unit_id).where(
                or_(member.valid_from.is_(None), member.valid_from <= day),
                or_(member.valid_to.is_(None), member.valid_to >= day),
            )
        )
    )
    return [u for u in units if u.id in grouped] or units


def is_locked(criteria_set: CriteriaSet) -> bool:
    """A set is locked once a unit has submitted against it: its criteria no longer change."""
    return (
        db.session.scalar(
            select(Assessment.id)
            .where(Assessment.set_id == criteria_set.id, Assessment.state != "draft")
            .limit(1)
        )
        is not None
    )


def find_assessment(criteria_set: CriteriaSet, unit: Unit) -> Assessment | None:
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.set_id == criteria_set.id, Assessment.unit_id == unit.id)
        .options(selectinload(Assessment.items).selectinload(AssessmentItem.evidence))
    )


def assessment_for(criteria_set: CriteriaSet, unit: Unit) -> Assessment:
    """The unit's assessment, made (as an empty draft with an item per leaf) on first use."""
    assessment = find_assessment(criteria_set, unit)
    if assessment is None:
        assessment = Assessment(set=criteria_set, unit=unit, state="draft")
        db.session.add(assessment)
    present = {item.criterion_id for item in assessment.items}
    for criterion in leaf_criteria(criteria_set):
        if criterion.id not in present:
            assessment.items.append(AssessmentItem(criterion=criterion))
    db.session.flush()
    return assessment


def item_by_number(assessment: Assessment, number: str) -> AssessmentItem:
    """The assessment's item for the sub-criterion numbered so; NotFound otherwise."""
    for item in assessment.items:
        if item.criterion.number == number:
            return item
    raise NotFound(
        Problem("no_criterion", _l("There is no sub-criterion numbered %(number)s."), number=number)
    )
