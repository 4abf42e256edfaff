"""A unit's self-assessment: its lead and staff give points, evidence or an explanation for
each sub-criterion as a draft; the lead submits it, by the office's deadline or late (which is
recorded). Computed sub-criteria are filled in by formulas.refresh_computed while the draft is
open, never typed.

Each save takes the assessment's row lock (so a save and the submission never cross), then
checks the version of the item it was made from (409 when stale). The first opening of an
assessment is serialised on its key, as the first save of a unit's figures is.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from tracker.core.exceptions import Conflict, Forbidden, require
from tracker.core.permissions import is_lead_of
from tracker.core.problems import Problem, required
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict, lock_key, lock_row
from tracker.extensions import db
from tracker.reform_index import evidence as evidence_service
from tracker.reform_index.formulas import is_computed, refresh_computed
from tracker.reform_index.journal import journal
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet
from tracker.reform_index.scoring import node_of, points_problem, shown_points
from tracker.reform_index.self_access import require_assessor, require_unit_of_set
from tracker.reform_index.sets import assessment_for, item_by_number
from tracker.reform_index.unsent import did_not_self_assess
from tracker.units.models import Unit

EXPLANATION_MAX = 5000


def changed_meanwhile() -> Problem:
    return Problem(
        "assessment_changed_meanwhile",
        _l("Someone else changed this self-assessment in the meantime. Reload and try again."),
    )


def open_assessment(actor, criteria_set: CriteriaSet, unit: Unit) -> Assessment:
    """The unit's assessment, made on its first opening by one of its people; while a draft,
    its computed sub-criteria are worked out again from the tracker's data."""
    require_assessor(actor, unit)
    require_unit_of_set(criteria_set, unit)
    # Two first openings at once: the second waits here and finds the row the first made.
    lock_key("index_assessment", f"{criteria_set.id}:{unit.id}")
    assessment = assessment_for(criteria_set, unit)
    if assessment.state == "draft" and criteria_set.state == "open":
        refresh_computed(assessment)
    commit_or_conflict(changed_meanwhile())
    return assessment


def _item_problem(item: AssessmentItem, problem: Problem) -> Problem:
    """A problem of one sub-criterion, its number first, so that a list of them reads."""
    return Problem(
        problem.code,
        _l("Sub-criterion %(number)s: %(problem)s"),
        number=item.criterion.number,
        problem=problem,
    )


def _still_open(assessment: Assessment) -> None:
    if assessment.set.state != "open":
        require(
            {
                "state": Problem(
                    "set_closed", _l("This year's reform index is closed: nothing changes now.")
                )
            }
        )
    if did_not_self_assess(assessment):
        require(
            {
                "state": Problem(
                    "assessment_closed_unsent",
                    _l(
                        "The deadline has passed and the appraisers have begun scoring the unit "
                        "from its records: its self-assessment can no longer be changed."
                    ),
                )
            }
        )
    if assessment.state != "draft":
        require(
            {
                "state": Problem(
                    "assessment_submitted",
                    _l("The self-assessment is submitted and can no longer be changed."),
                )
            }
        )


def lacks_evidence(item: AssessmentItem, points, explanation: str, evidence_count: int) -> bool:
    """Where the decision asks for evidence, points above 0 need evidence or an explanation
    of why there is none."""
    return (
        bool((item.criterion.evidence_required or "").strip())
        and (points or 0) > 0
        and evidence_count == 0
        and not explanation.strip()
    )


def evidence_missing(item: AssessmentItem) -> Problem:
    return _item_problem(
        item,
        Problem(
            "evidence_required",
            _l("attach evidence (%(asked)s) or explain why there is none."),
            asked=item.criterion.evidence_required.strip(),
        ),
    )


def item_problems(item: AssessmentItem, points, explanation: str, evidence_count: int) -> dict:
    """What is wrong with these points on this sub-criterion, under items.<number>.*"""
    key = f"items.{item.criterion.number}"
    errors: dict[str, Problem] = {}
    if points is not None and (problem := points_problem(node_of(item.criterion), points)):
        errors[f"{key}.points"] = _item_problem(item, problem)
    if lacks_evidence(item, points, explanation, evidence_count):
        errors[f"{key}.evidence"] = evidence_missing(item)
    return errors


def save_item(
    actor,
    assessment: Assessment,
    number: str,
    points: float | None,
    evidence: list[evidence_service.EvidenceInput] | None,
    explanation: str | None,
    version: int | None,
) -> AssessmentItem:
    """Save the unit's points, evidence and explanation of one sub-criterion in the draft.
    `evidence` None keeps the item's evidence; a list replaces it (EvidenceInput.keep_id keeps
    one already there). `explanation` None keeps it. Points outside the rule, or without the
    evidence the rule asks for, are refused (422 naming items.<number>.points/.evidence);
    points on a computed sub-criterion too; a stale version is a 409."""
    require_assessor(actor, assessment.unit)
    lock_row(assessment)
    _still_open(assessment)
    item = item_by_number(assessment, number)
    key = f"items.{number}"
    if version is None:
        require({"version": required()})
    lock_row(item)
    if version != item.version:
        raise Conflict(changed_meanwhile())
    errors: dict[str, Problem] = {}
    if is_computed(item.criterion):
        if points is not None:
            errors[f"{key}.points"] = _item_problem(
                item,
                Problem("computed_points", _l("these points are computed, not typed.")),
            )
        points = item.self_points
    if explanation is None:
        explanation = item.explanation
    explanation = checked_text(explanation, f"{key}.explanation", errors, EXPLANATION_MAX, False)
    plan = evidence_service.plan_changes(actor, item, evidence, errors, key)
    if not errors:
        errors.update(item_problems(item, points, explanation, plan.count_after))
    require(errors)
    before_points, before_explanation = item.self_points, item.explanation
    if points != before_points:
        journal(
            assessment,
            "self_points",
            actor,
            criterion=item.criterion,
            before=_points_text(before_points),
            after=_points_text(points),
        )
        item.self_points = points
    if explanation != before_explanation:
        journal(
            assessment,
            "explanation",
            actor,
            criterion=item.criterion,
            before=before_explanation or None,
            after=explanation or None,
        )
        item.explanation = explanation
    evidence_service.apply_changes(actor, assessment, item, plan)
    # Write the item, and so take its next version, even when only its evidence changed:
    # another save made from the same version must then find it stale.
    flag_modified(item, "explanation")
    # Any save makes the assessment's version new: a submission made from a page that did
    # not see it is then refused as stale.
    assessment.updated_at = func.now()
    commit_or_conflict(changed_meanwhile())
    return item


def _points_text(points) -> str | None:
    return None if points is None else shown_points(float(points))


def submission_problems(assessment: Assessment) -> dict[str, Problem]:
    """Every sub-criterion scored (a computed one counts as it stands), within its rule, and
    with the evidence its rule asks for."""
    errors: dict[str, Problem] = {}
    for item in sorted(assessment.items, key=lambda i: i.criterion.position):
        key = f"items.{item.criterion.number}"
        if item.self_points is None and not is_computed(item.criterion):
            errors[f"{key}.points"] = _item_problem(
                item, Problem("points_missing", _l("no points given yet."))
            )
            continue
        errors.update(item_problems(item, item.self_points, item.explanation, len(item.evidence)))
    return errors


def _reload_items(assessment: Assessment) -> None:
    """The items as the last save committed them: a save that landed while the page (or the
    request) read them is what the lock now waits behind, and what is checked and sent."""
    db.session.scalars(
        select(AssessmentItem)
        .where(AssessmentItem.assessment_id == assessment.id)
        .options(selectinload(AssessmentItem.evidence))
        .execution_options(populate_existing=True)
    ).all()


def may_submit(actor, assessment: Assessment) -> bool:
    return is_lead_of(actor, assessment.unit_id)


def submit(actor, assessment: Assessment, version: int | None = None) -> Assessment:
    """The lead sends the self-assessment: every sub-criterion checked (422 naming each one
    wrong); after the office's deadline it is taken and recorded as late. With a version, a
    submission made from a page that missed a later save is a 409."""
    if not may_submit(actor, assessment):
        raise Forbidden(
            Problem("lead_submits", _l("Only the unit's lead can submit its self-assessment."))
        )
    lock_row(assessment)
    if version is not None and version != assessment.version:
        raise Conflict(changed_meanwhile())
    _still_open(assessment)
    _reload_items(assessment)
    refresh_computed(assessment)
    require(submission_problems(assessment))
    today = local_today()
    deadline = assessment.set.self_deadline
    assessment.state = "submitted"
    assessment.submitted_on = today
    assessment.submitted_late = deadline is not None and today > deadline
    assessment.submitted_by_id = actor.id
    journal(
        assessment,
        "submit",
        actor,
        before="draft",
        after="submitted_late" if assessment.submitted_late else "submitted",
    )
    commit_or_conflict(changed_meanwhile())
    return assessment


def _kept(item: AssessmentItem) -> list[evidence_service.EvidenceInput]:
    return [evidence_service.EvidenceInput(keep_id=piece.id) for piece in item.evidence]


def _points_as_they_are(item: AssessmentItem):
    return None if is_computed(item.criterion) else item.self_points


def add_evidence(
    actor, assessment: Assessment, number: str, new: evidence_service.EvidenceInput, version
) -> AssessmentItem:
    """Attach one more piece of evidence to a sub-criterion, its points as they are."""
    item = item_by_number(assessment, number)
    return save_item(
        actor, assessment, number, _points_as_they_are(item), [*_kept(item), new], None, version
    )


def remove_evidence(
    actor, assessment: Assessment, number: str, evidence_id: int, version
) -> AssessmentItem:
    """Detach one piece of evidence; the points stay, so where the rule asks for evidence the
    unit explains its absence instead (or the removal is refused)."""
    item = item_by_number(assessment, number)
    kept = [piece for piece in _kept(item) if piece.keep_id != evidence_id]
    return save_item(actor, assessment, number, _points_as_they_are(item), kept, None, version)
