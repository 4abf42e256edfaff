"""The unit's answer (giải trình) to its appraisal and the appraisers' decision on it.

The unit answers once per sub-criterion whose points the appraisers changed, until the
assessment's answer_until (inclusive); the appraisers (or the office) then accept the answer,
possibly setting new points, or reject it with the reason. Each write locks the assessment and
the item first (see reform_index.appraisal), so an answer cannot slip in while the office
finalises, and a second answer or decision on one item finds the first and is refused.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.core.exceptions import Forbidden, require
from tracker.core.problems import Problem, one_of
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict
from tracker.reform_index.appraisal import (
    REASON_MAX,
    is_unit_person,
    item_changed_meanwhile,
    item_key,
    locked_item,
    points_of,
    require_appraiser,
    require_state,
    take_version,
    unit_points,
)
from tracker.reform_index.journal import journal
from tracker.reform_index.models import ANSWER_DECISIONS, Assessment, AssessmentItem
from tracker.reform_index.scoring import as_points, node_of, points_problem

ANSWER_MAX = 5000


def not_sent_yet() -> Problem:
    return Problem(
        "appraisal_not_sent",
        _l("The appraisal has not been sent to the unit, or the assessment is finalised."),
    )


def window_open(assessment: Assessment, today: date | None = None) -> bool:
    """Whether the unit may still answer: the appraisal is sent and its last day not past."""
    if assessment.state != "appraised" or assessment.answer_until is None:
        return False
    return (today or local_today()) <= assessment.answer_until


def answerable(item: AssessmentItem) -> bool:
    """The unit answers where the appraisers gave other points than its own."""
    return item.appraised_points is not None and as_points(item.appraised_points) != unit_points(
        item
    )


def pending(item: AssessmentItem) -> bool:
    """An answer given that awaits the appraisers' decision."""
    return bool(item.answer) and item.answer_decision is None


def answer(actor, assessment: Assessment, number: str, text: str) -> AssessmentItem:
    """The unit's one answer on a sub-criterion, within the answer days. Journaled."""
    if not is_unit_person(actor, assessment):
        raise Forbidden(
            Problem("unit_answers", _l("Only the unit's own people answer its appraisal."))
        )
    item = locked_item(assessment, number, None)
    require_state(assessment, "appraised", not_sent_yet())
    key = item_key(number, "answer")
    today = local_today()
    if not window_open(assessment, today):
        require(
            {
                key: Problem(
                    "answer_window_closed",
                    _l("Answers were taken until %(day)s."),
                    day=assessment.answer_until,
                )
            }
        )
    if item.answer:
        require(
            {
                key: Problem(
                    "answered_once",
                    _l("The unit answered on this sub-criterion on %(day)s; it answers once."),
                    day=item.answered_on,
                )
            }
        )
    if not answerable(item):
        require(
            {
                key: Problem(
                    "nothing_to_answer",
                    _l(
                        "The appraisers accepted the unit's points here: there is nothing to "
                        "answer."
                    ),
                )
            }
        )
    errors: dict[str, Problem] = {}
    text = checked_text(text, key, errors, ANSWER_MAX)
    require(errors)
    item.answer = text
    item.answered_on = today
    journal(assessment, "answer", actor, criterion=item.criterion, after=text)
    commit_or_conflict(item_changed_meanwhile())
    return item


def decide_answer(
    actor,
    assessment: Assessment,
    number: str,
    decision: str,
    points: float | None = None,
    reason: str = "",
    version: int | None = None,
) -> AssessmentItem:
    """The appraisers' decision on the unit's answer: accepted (the points become `points`,
    the unit's own when none are given) or rejected (the appraised points stay; the reason is
    required). Decided once; journaled with the points before and after."""
    require_appraiser(actor)
    item = locked_item(assessment, number, version)
    require_state(assessment, "appraised", not_sent_yet())
    errors: dict[str, Problem] = {}
    if not item.answer:
        errors[item_key(number, "answer")] = Problem(
            "no_answer", _l("The unit has not answered on this sub-criterion.")
        )
    elif item.answer_decision is not None:
        errors[item_key(number, "decision")] = Problem(
            "answer_decided", _l("The answer on this sub-criterion is already decided.")
        )
    require(errors)
    if decision not in ANSWER_DECISIONS:
        errors[item_key(number, "decision")] = one_of(ANSWER_DECISIONS)
    accepted = decision == "accepted"
    new_points = as_points(item.appraised_points)
    if accepted:
        new_points = unit_points(item) if points is None else as_points(points)
        if problem := points_problem(node_of(item.criterion), new_points):
            errors[item_key(number, "points")] = problem
    reason = checked_text(
        reason, item_key(number, "reason"), errors, REASON_MAX, required=not accepted
    )
    require(errors)
    before = item.appraised_points
    item.answer_decision = decision
    item.answer_reason = reason
    item.appraised_points = new_points
    take_version(item)
    journal(
        assessment,
        "answer_accepted" if accepted else "answer_rejected",
        actor,
        criterion=item.criterion,
        before=points_of(before),
        after=points_of(new_points),
        reason=reason,
    )
    commit_or_conflict(item_changed_meanwhile())
    return item
