"""The office finalises a year's set: every unit it assesses appraised, no answer awaiting a
decision and no answer window still open where the unit could still answer; then every
assessment and the set are finalised (and the ranking may be published)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.core.exceptions import Conflict, Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, changed_meanwhile
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict, lock_row
from tracker.extensions import db
from tracker.reform_index.answers import answerable, pending, window_open
from tracker.reform_index.journal import journal
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet
from tracker.reform_index.sets import assessed_units


def require_office(actor) -> None:
    if not can(actor, "manage_index"):
        raise Forbidden(
            Problem("office_finalises", _l("Only the provincial office finalises the index."))
        )


def assessments_of(criteria_set: CriteriaSet, *, lock: bool = False) -> dict[int, Assessment]:
    query = (
        select(Assessment)
        .where(Assessment.set_id == criteria_set.id)
        .options(selectinload(Assessment.items).selectinload(AssessmentItem.criterion))
        .order_by(Assessment.id)
    )
    if lock:
        # In one order, so that two finalisations (or a finalisation and an answer, which
        # locks its one assessment) queue instead of deadlocking.
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    return {assessment.unit_id: assessment for assessment in db.session.scalars(query)}


def still_open(assessment: Assessment) -> bool:
    """The unit may still answer on some sub-criterion: its window is open and an item the
    appraisers changed has no answer yet."""
    return window_open(assessment) and any(
        answerable(item) and not item.answer for item in assessment.items
    )


def finalise_problems(criteria_set: CriteriaSet, assessments=None) -> dict[str, Problem]:
    """What keeps the set from being finalised, under "units.<code>" (and "state")."""
    if criteria_set.state != "open":
        return {"state": Problem("set_finalised", _l("This year's index is already finalised."))}
    if assessments is None:
        assessments = assessments_of(criteria_set)
    problems: dict[str, Problem] = {}
    for unit in assessed_units(criteria_set):
        key = f"units.{unit.code}"
        assessment = assessments.get(unit.id)
        if assessment is None or assessment.state in ("draft", "submitted"):
            problems[key] = Problem(
                "unit_not_appraised",
                _l("%(unit)s: its assessment is not appraised and sent to it yet."),
                unit=unit.name,
            )
        elif any(pending(item) for item in assessment.items):
            problems[key] = Problem(
                "answers_pending",
                _l("%(unit)s: an answer of the unit awaits the appraisers' decision."),
                unit=unit.name,
            )
        elif still_open(assessment):
            problems[key] = Problem(
                "answer_window_open",
                _l("%(unit)s: the unit may answer until %(day)s."),
                unit=unit.name,
                day=assessment.answer_until,
            )
    return problems


def finalise(actor, criteria_set: CriteriaSet, version: int | None = None) -> CriteriaSet:
    """Finalise every assessment of the set and the set itself, journaled per assessment."""
    require_office(actor)
    lock_row(criteria_set)
    if version is not None and version != criteria_set.version:
        raise Conflict(changed_meanwhile())
    assessments = assessments_of(criteria_set, lock=True)
    require(finalise_problems(criteria_set, assessments))
    today = local_today()
    for assessment in assessments.values():
        if assessment.state != "appraised":
            continue  # a unit no longer assessed (merged away) keeps what it had
        assessment.state = "finalised"
        assessment.finalised_on = today
        journal(assessment, "finalise", actor, before="appraised", after="finalised")
    criteria_set.state = "finalised"
    criteria_set.finalised_on = today
    commit_or_conflict(changed_meanwhile())
    return criteria_set
