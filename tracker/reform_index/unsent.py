"""A unit that never sends its self-assessment: once the office's deadline has passed, the tổ
thẩm định scores it from its own records, so that one silent unit cannot hold back the
province's ranking for ever.

The first appraisal of such a unit closes its draft to it. Within the assessment's columns
that reads: state "submitted" with no submission day (submitted_on None, submitted_by None)
and submitted_late set (nothing came in time); the unit's own points are emptied (an unsent
draft is no claim: they count 0), its evidence, explanations and computed workings stay for
the appraisers to read. The closing is journaled as "closed_unsent" with its reason, and the
results, the ranking and the decision's annex mark the unit as not self-assessed.

Who and when: after the deadline (local_today() > self_deadline) an appraiser or the office;
while the set has no deadline, only the office, which decides when the units have had time.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.core.exceptions import require
from tracker.core.permissions import can
from tracker.core.problems import Problem
from tracker.core.timeutil import format_date, local_today
from tracker.extensions import db
from tracker.reform_index.journal import journal
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet

# The journal's word for the closing, shown on the journal page as a state.
CLOSED_UNSENT = "closed_unsent"


def did_not_self_assess(assessment: Assessment | None) -> bool:
    """The appraisers closed the unit's draft: it sent no self-assessment (past the draft,
    late, and no day it was sent on)."""
    return (
        assessment is not None
        and assessment.state != "draft"
        and assessment.submitted_late
        and assessment.submitted_on is None
    )


def closing_problem(actor, criteria_set: CriteriaSet) -> Problem | None:
    """Why `actor` may not yet appraise a unit that has sent nothing; None: they may."""
    if criteria_set.state != "open":
        return Problem("set_closed", _l("This year's reform index is closed: nothing changes now."))
    deadline = criteria_set.self_deadline
    if deadline is None:
        if can(actor, "manage_index"):
            return None
        return Problem(
            "no_self_deadline",
            _l(
                "The unit has not submitted its self-assessment and no deadline is set: only "
                "the provincial office may appraise it without one."
            ),
        )
    if local_today() <= deadline:
        return Problem(
            "self_deadline_not_passed",
            _l(
                "The unit has not submitted its self-assessment and may do so until %(day)s: "
                "it can be appraised without one only after that day."
            ),
            day=deadline,
        )
    return None


def may_close(actor, criteria_set: CriteriaSet) -> bool:
    """An appraiser (or the office) may now appraise a unit whose draft was never sent."""
    return can(actor, "appraise_index") and closing_problem(actor, criteria_set) is None


def unsent_reason(criteria_set: CriteriaSet) -> str:
    """The journal's reason, in Vietnamese as the records are kept (a fact, not a message)."""
    deadline = criteria_set.self_deadline
    if deadline is None:
        return "Không gửi bản tự đánh giá"
    return f"Không gửi bản tự đánh giá (hạn {format_date(deadline)})"


def _reload_items(assessment: Assessment) -> None:
    """The items as the unit's last save committed them (it waited behind the same lock)."""
    db.session.scalars(
        select(AssessmentItem)
        .where(AssessmentItem.assessment_id == assessment.id)
        .options(selectinload(AssessmentItem.evidence))
        .execution_options(populate_existing=True)
    ).all()


def close_unsent(actor, assessment: Assessment) -> None:
    """Close the unit's draft for the appraisal, in the caller's transaction and under its
    lock of the assessment's row; refused (422 on "state", naming why) before the deadline."""
    if problem := closing_problem(actor, assessment.set):
        require({"state": problem})
    _reload_items(assessment)
    for item in assessment.items:
        item.self_points = None
    assessment.state = "submitted"
    assessment.submitted_on = None
    assessment.submitted_by_id = None
    assessment.submitted_late = True
    journal(
        assessment,
        CLOSED_UNSENT,
        actor,
        before="draft",
        after=CLOSED_UNSENT,
        reason=unsent_reason(assessment.set),
    )
