"""Appraised assessments for the results' tests: each unit's appraised points per
sub-criterion and its survey points, written with the models (the appraisal's own flow is
tested by its part).

    world = results_world()  # 2021 departments: four units, two tied
"""

from __future__ import annotations

from tests.index_support import make_criteria_set
from tracker.extensions import db
from tracker.reform_index.sets import assessment_for

# SMALL_SET's leaves with their maxima: 1.1.1 (1), 1.1.2 (levels 1/0,5/0), 1.2 (1), 1.3 (3),
# 2.1.1 (2) / 2.1.2 (1) chosen one, 2.2 (2): 10 points; the survey adds up to 10.
FULL = {"1.1.1": 1, "1.1.2": 1, "1.2": 1, "1.3": 3, "2.1.1": 2, "2.1.2": 0, "2.2": 2}


def appraise(criteria_set, unit, points: dict[str, float], survey: float | None, state="appraised"):
    """The unit's assessment with these appraised points (its own points the same)."""
    assessment = assessment_for(criteria_set, unit)
    for item in assessment.items:
        value = points.get(item.criterion.number, 0)
        item.self_points = value
        item.appraised_points = value
    assessment.survey_points = survey
    assessment.state = state
    db.session.commit()
    return assessment


def results_world(make_unit, *, year: int = 2021, kind: str = "department", state="finalised"):
    """A set (10 points of criteria + 10 of survey) and four units: A 9,5 + 9 = 18,5 (92,5);
    B and C 8 + 9 = 17 (85, tied); D not appraised. Returns (set, {letter: unit})."""
    criteria_set = make_criteria_set(year=year, kind=kind, survey_max=10)
    units = {letter: make_unit(kind=kind, code=f"R{year}{letter}") for letter in "ABCD"}
    appraise(criteria_set, units["A"], FULL | {"2.2": 1.5}, 9)
    tied = FULL | {"1.3": 1}
    appraise(criteria_set, units["B"], tied, 9)
    appraise(criteria_set, units["C"], tied | {"1.1.1": 0, "1.2": 1, "2.2": 2, "1.3": 2}, 9)
    criteria_set.state = state
    db.session.commit()
    return criteria_set, units
