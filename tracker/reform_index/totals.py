"""An assessment's totals and a set's ranking: the one reading of scoring's arithmetic that
pages, the API, the workbook and the decision's annex all show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.reform_index.models import Assessment, CriteriaSet
from tracker.reform_index.scoring import (
    as_points,
    band_for,
    grand_total,
    index_of,
    maximum,
    ranks,
    tree_totals,
)
from tracker.reform_index.sets import assessed_units, nodes_of
from tracker.units.models import Unit


@dataclass
class Totals:
    self_total: float
    # None until the appraiser has decided at least one sub-criterion.
    appraised_total: float | None
    survey: float | None
    # appraised + survey; None while nothing is appraised.
    total: float | None
    max_points: float
    index: float | None
    # Each criterion's appraised points (self points where none yet), for the breakdown.
    by_criterion: dict[int, float]


def set_maximum(criteria_set: CriteriaSet) -> float:
    """The criteria's maximum and the survey's."""
    return as_points(maximum(nodes_of(criteria_set)) + float(criteria_set.survey_max or 0))


def totals_of(assessment: Assessment) -> Totals:
    nodes = nodes_of(assessment.set)
    own = {item.criterion_id: item.self_points for item in assessment.items}
    appraised = {
        item.criterion_id: item.appraised_points
        for item in assessment.items
        if item.appraised_points is not None
    }
    self_total = grand_total(nodes, own)
    appraised_total = grand_total(nodes, appraised) if appraised else None
    survey = assessment.survey_points
    total = None
    if appraised_total is not None:
        total = as_points(appraised_total + float(survey or 0))
    max_points = set_maximum(assessment.set)
    shown = {**own, **appraised}
    return Totals(
        self_total=self_total,
        appraised_total=appraised_total,
        survey=survey,
        total=total,
        max_points=max_points,
        index=index_of(total, max_points),
        by_criterion=tree_totals(nodes, shown),
    )


@dataclass
class RankedUnit:
    unit: Unit
    assessment: Assessment | None
    totals: Totals | None
    rank: int | None
    band: str | None


def ranking(criteria_set: CriteriaSet) -> list[RankedUnit]:
    """Every unit the set assesses, best index first, ties sharing a rank; units without an
    appraised total last, by code."""
    assessments = {
        a.unit_id: a
        for a in db.session.scalars(
            select(Assessment)
            .where(Assessment.set_id == criteria_set.id)
            .options(selectinload(Assessment.items))
        )
    }
    rows = []
    for unit in assessed_units(criteria_set):
        assessment = assessments.get(unit.id)
        rows.append((unit, assessment, None if assessment is None else totals_of(assessment)))
    places = ranks({unit.id: None if t is None else t.index for unit, _, t in rows})
    ranked = [
        RankedUnit(
            unit=unit,
            assessment=assessment,
            totals=totals,
            rank=places[unit.id],
            band=None if totals is None else band_for(totals.index, criteria_set.bands),
        )
        for unit, assessment, totals in rows
    ]
    ranked.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit.code))
    return ranked
