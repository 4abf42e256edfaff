"""A submitted self-assessment ready for the appraisers, made with the models (the
self-assessment's own services are tested in their part), and the appraisal's people."""

from __future__ import annotations

from tests.index_support import make_criteria_set
from tracker.extensions import db
from tracker.reform_index.sets import assessment_for, item_by_number

# The unit's own points on the small set's leaves (tests/index_support.SMALL_SET).
SELF_POINTS = {
    "1.1.1": 1,
    "1.1.2": 1,
    "1.2": 0.75,
    "1.3": 2.5,
    "2.1.1": 2,
    "2.1.2": 0,
    "2.2": 1.5,
}


def submitted_assessment(criteria_set, unit, lead, points=None):
    """The unit's assessment as its lead submitted it, with these points."""
    assessment = assessment_for(criteria_set, unit)
    for number, value in (points or SELF_POINTS).items():
        item_by_number(assessment, number).self_points = value
    assessment.state = "submitted"
    assessment.submitted_on = criteria_set.self_deadline
    assessment.submitted_by_id = lead.id
    db.session.commit()
    return assessment


def appraise_all(actor, assessment, changes=None):
    """Every sub-criterion appraised: the unit's points accepted, except `changes`
    {number: (points, reason)}."""
    from tracker.reform_index.appraisal import appraise_item

    changes = changes or {}
    for item in sorted(assessment.items, key=lambda item: item.criterion.position):
        number = item.criterion.number
        points, reason = changes.get(number, (None, ""))
        appraise_item(actor, assessment, number, points, reason, item.version)


def appraisal_world(make_unit, make_user) -> dict:
    """A department's submitted assessment of 2021, its lead and staff, an appraiser and the
    office."""
    unit = make_unit(kind="department", code="SNV", name="Sở Nội vụ")
    lead = make_user(role="unit_lead", unit=unit)
    criteria_set = make_criteria_set(year=2021, kind="department", answer_days=7)
    assessment = submitted_assessment(criteria_set, unit, lead)
    return {
        "set": criteria_set,
        "unit": unit,
        "assessment": assessment,
        "lead": lead,
        "member": make_user(role="unit_member", unit=unit),
        "appraiser": make_user(role="appraiser", email="thamdinh@example.vn"),
        "office": make_user(role="office"),
    }
