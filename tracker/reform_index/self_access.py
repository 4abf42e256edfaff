"""Who reads and who writes a unit's self-assessment, and which units a set assesses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.exceptions import Forbidden, NotFound
from tracker.core.permissions import UNIT_ROLES, can
from tracker.core.problems import Problem
from tracker.reform_index.models import Assessment, CriteriaSet
from tracker.reform_index.sets import assessed_on
from tracker.units.models import Unit


def may_read(actor, unit: Unit) -> bool:
    """A unit's people read their own unit's assessment; the office, the appraisers and the
    viewers every unit's."""
    if actor.role in UNIT_ROLES:
        return actor.unit_id == unit.id
    return can(actor, "view")


def require_reader(actor, unit: Unit) -> None:
    if not may_read(actor, unit):
        raise Forbidden(
            Problem("not_your_unit", _l("You can see only your own unit's self-assessment."))
        )


def may_assess(actor, unit: Unit) -> bool:
    return can(actor, "self_assess", unit_id=unit.id)


def require_assessor(actor, unit: Unit) -> None:
    if not may_assess(actor, unit):
        raise Forbidden(
            Problem(
                "not_your_unit_assessment",
                _l("Only the unit's lead and staff can fill in its self-assessment."),
            )
        )


def sees_appraisal(actor, assessment: Assessment | None) -> bool:
    """The unit sees the appraisal once it is sent to it; the roles that appraise see it as it
    goes."""
    if assessment is None:
        return False
    if actor.role in UNIT_ROLES:
        return assessment.state in ("appraised", "finalised")
    return True


def require_unit_of_set(criteria_set: CriteriaSet, unit: Unit) -> None:
    """The set assesses the units of its kind existing at the end of its year."""
    if unit.kind != criteria_set.kind or not unit.is_valid_on(assessed_on(criteria_set)):
        raise NotFound(
            Problem(
                "unit_not_assessed",
                _l("%(unit)s is not assessed by these criteria."),
                unit=unit.name,
            )
        )
