"""The tổ thẩm định's work on a submitted assessment: per sub-criterion accept the unit's
points or set others with a reason, then send the result to the unit, which may answer within
the office's days (reform_index.answers).

Every change takes the assessment's row lock first (so that it queues behind the office's
finalisation, which locks every assessment of the set), then the item's, and checks the
version the appraiser saw: of two appraisers on one item, the second is refused (409).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified

from tracker.core.exceptions import Conflict, Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, required
from tracker.core.text import checked_text
from tracker.core.timeutil import format_date, local_today
from tracker.core.transactions import commit_or_conflict, lock_key, lock_row
from tracker.reform_index.journal import journal
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet
from tracker.reform_index.scoring import as_points, node_of, points_problem, shown_points
from tracker.reform_index.self_access import may_assess, require_unit_of_set
from tracker.reform_index.sets import assessment_for, item_by_number
from tracker.reform_index.unsent import close_unsent, closing_problem
from tracker.reminders.workcalendar import load_calendar
from tracker.units.models import Unit

REASON_MAX = 5000


def item_key(number: str, field: str) -> str:
    """The name a problem of one sub-criterion's field goes under: "items.1.1.2.points"."""
    return f"items.{number}.{field}"


def item_changed_meanwhile() -> Problem:
    return Problem(
        "appraisal_changed_meanwhile",
        _l("Someone else changed this sub-criterion in the meantime. Reload and try again."),
    )


# -- who may do what ------------------------------------------------------------------------


def may_appraise(actor) -> bool:
    return can(actor, "appraise_index")


def require_appraiser(actor) -> None:
    if not may_appraise(actor):
        raise Forbidden(
            Problem(
                "appraisers_only",
                _l("Only the appraisal team and the provincial office can do this."),
            )
        )


def is_unit_person(actor, assessment: Assessment) -> bool:
    return may_assess(actor, assessment.unit)


# -- locking --------------------------------------------------------------------------------


def locked_item(assessment: Assessment, number: str, version: int | None) -> AssessmentItem:
    """The assessment under its row lock, then its item under its own, at the version given
    (None: no check, for the writes that may happen only once anyway). Version 0 is how a
    reader saw an assessment not opened yet: it holds while the item was never written."""
    lock_row(assessment)
    item = item_by_number(assessment, number)
    lock_row(item)
    never_written = version == 0 and item.version == 1
    if version is not None and version != item.version and not never_written:
        raise Conflict(item_changed_meanwhile())
    return item


def take_version(item: AssessmentItem) -> None:
    """Write the row, and so take the next version, even when the points stay the same:
    another appraiser's save made from the same version must then find it stale."""
    flag_modified(item, "appraisal_reason")


def require_state(assessment: Assessment, state: str, problem: Problem) -> None:
    if assessment.state != state:
        require({"state": problem})


def not_under_appraisal() -> Problem:
    return Problem(
        "not_under_appraisal",
        _l("Only a submitted assessment that has not yet been sent back to its unit is appraised."),
    )


# -- the appraisal --------------------------------------------------------------------------


def unit_points(item: AssessmentItem) -> float:
    """The unit's points on the item; a sub-criterion it left empty counts as 0."""
    return as_points(item.self_points or 0)


def points_of(value: float | None) -> str | None:
    return None if value is None else shown_points(value)


def appraise_item(
    actor,
    assessment: Assessment,
    number: str,
    points: float | None,
    reason: str = "",
    version: int | None = None,
) -> AssessmentItem:
    """Accept the unit's points (points None or the same, no reason needed) or set others,
    with the reason; the points must fit the sub-criterion's rule. Journaled with what the
    points were before (the last appraisal, or the unit's own) and after. A draft the unit
    never sent is closed to it first, once its deadline has passed (reform_index.unsent)."""
    require_appraiser(actor)
    if version is None:
        require({item_key(number, "version"): required()})
    item = locked_item(assessment, number, version)
    if assessment.state == "draft":
        close_unsent(actor, assessment)
    require_state(assessment, "submitted", not_under_appraisal())
    errors: dict[str, Problem] = {}
    own = unit_points(item)
    points = own if points is None else as_points(points)
    if problem := points_problem(node_of(item.criterion), points):
        errors[item_key(number, "points")] = problem
    changed = points != own
    reason = checked_text(reason, item_key(number, "reason"), errors, REASON_MAX, required=False)
    if changed and not reason and not errors:
        errors[item_key(number, "reason")] = Problem(
            "reason_required",
            _l("Give the reason for points other than the unit's own (%(points)s)."),
            points=shown_points(own),
        )
    require(errors)
    before = item.appraised_points if item.appraised_points is not None else item.self_points
    item.appraised_points = points
    item.appraisal_reason = reason if changed else ""
    take_version(item)
    journal(
        assessment,
        "appraisal",
        actor,
        criterion=item.criterion,
        before=points_of(before),
        after=points_of(points),
        reason=item.appraisal_reason,
    )
    commit_or_conflict(item_changed_meanwhile())
    return item


def open_unsent(actor, criteria_set: CriteriaSet, unit: Unit) -> Assessment:
    """The assessment of a unit that has not begun, opened (an empty draft) for the
    appraisers once they may score it without the unit's own; refused (422 on "state",
    naming why) before that. Serialised on its key as the unit's own first opening is."""
    require_appraiser(actor)
    require_unit_of_set(criteria_set, unit)
    if problem := closing_problem(actor, criteria_set):
        require({"state": problem})
    lock_key("index_assessment", f"{criteria_set.id}:{unit.id}")
    assessment = assessment_for(criteria_set, unit)
    commit_or_conflict(item_changed_meanwhile())
    return assessment


def unappraised_items(assessment: Assessment) -> list[AssessmentItem]:
    return [item for item in assessment.items if item.appraised_points is None]


def answer_deadline(sent_on: date, days: int) -> date:
    """The last day of the unit's answer: `days` days after the appraisal is sent; a last day
    that falls on a day off moves to the next working day (Bộ luật Dân sự 2015, Điều 148)."""
    last = sent_on + timedelta(days=days)
    return load_calendar(last).next_working_day(last)


def send_to_unit(actor, assessment: Assessment, version: int | None = None) -> Assessment:
    """Send the appraisal to the unit once every sub-criterion is appraised: the unit sees it
    and may answer until answer_until (inclusive)."""
    require_appraiser(actor)
    lock_row(assessment)
    if version is not None and version != assessment.version:
        raise Conflict(item_changed_meanwhile())
    require_state(assessment, "submitted", not_under_appraisal())
    missing = sorted(unappraised_items(assessment), key=lambda item: item.criterion.position)
    require(
        {
            item_key(item.criterion.number, "points"): Problem(
                "not_appraised", _l("This sub-criterion is not appraised yet.")
            )
            for item in missing
        }
    )
    today = local_today()
    assessment.state = "appraised"
    assessment.appraised_on = today
    assessment.answer_until = answer_deadline(today, int(assessment.set.answer_days or 0))
    journal(
        assessment,
        "sent_to_unit",
        actor,
        after=format_date(assessment.answer_until),
    )
    commit_or_conflict(item_changed_meanwhile())
    return assessment
