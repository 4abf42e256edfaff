"""The demo's reform index history written as it happened, on the days it happened (the
services date what they do today): a unit's points and evidence, its submission, the
appraisal, its answer and the decision, each with its journal line of that day.

Each step is held to the services' own rules (assessments.item_problems and
submission_problems, scoring.points_problem), so that the history is one the services could
have written; a step that breaks them raises DemoIndexError. The rows are built in memory and
written at once (History.write): a service call per sub-criterion, each with its commit,
would take the demo a minute.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache

from sqlalchemy import insert, select, update

from tracker.core.timeutil import format_date, local_zone
from tracker.demo.index_scores import ItemScore
from tracker.extensions import db
from tracker.reform_index.appraisal import answer_deadline
from tracker.reform_index.assessments import item_problems, submission_problems
from tracker.reform_index.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentItem,
    CriteriaSet,
    IndexJournalEntry,
)
from tracker.reform_index.scoring import node_of, points_problem, shown_points
from tracker.reform_index.sets import leaf_criteria
from tracker.units.models import Unit


class DemoIndexError(RuntimeError):
    """The demo's data break a rule of the reform index (a bug in the demo's data)."""


def moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=local_zone())


def _points(value) -> str | None:
    return None if value is None else shown_points(float(value))


@cache
def _answer_until(sent_on: date, days: int) -> date:
    # The work calendar is read once per day sent, not once per unit.
    return answer_deadline(sent_on, days)


class History:
    """The assessments of one set as they came to be, written by write()."""

    def __init__(self, criteria_set: CriteriaSet, *, every_line: bool = True) -> None:
        self.set = criteria_set
        # Without every_line, the journal keeps what changed hands or points (submission,
        # the appraisers' changes, answers): a year entered after the fact, in bulk.
        self.every_line = every_line
        self.leaves = leaf_criteria(criteria_set)
        self.assessments: list[Assessment] = []
        self.lines: list[tuple[Assessment, dict]] = []

    def _line(
        self, assessment, action, author, day, *, criterion=None, before=None, after=None, reason=""
    ):
        self.lines.append(
            (
                assessment,
                {
                    "criterion_id": None if criterion is None else criterion.id,
                    "author_id": None if author is None else author.id,
                    "created_at": moment(
                        day, 10 if action.startswith(("appraisal", "answer_")) else 9
                    ),
                    "action": action,
                    "before": before,
                    "after": after,
                    "reason": reason,
                },
            )
        )

    def self_assess(
        self,
        unit: Unit,
        scores: dict[str, ItemScore],
        author,
        day: date,
        *,
        numbers: set[str] | None = None,
    ) -> Assessment:
        """The unit's draft with its points, evidence or explanation on each sub-criterion
        (those of `numbers` only, for a draft half done), journaled on `day`."""
        assessment = Assessment(set=self.set, unit=unit, state="draft")
        author_id = None if author is None else author.id
        for criterion in self.leaves:
            item = AssessmentItem(criterion=criterion, explanation="")
            assessment.items.append(item)
            score = scores[criterion.number]
            if score.self_points is None or (numbers is not None and score.number not in numbers):
                continue
            if score.document:
                number, issued = score.document
                item.evidence.append(
                    AssessmentEvidence(
                        kind="document",
                        document_number=number,
                        document_date=issued,
                        created_by_id=author_id,
                        created_at=moment(day),
                    )
                )
            if score.link:
                item.evidence.append(
                    AssessmentEvidence(
                        kind="link", url=score.link, created_by_id=author_id, created_at=moment(day)
                    )
                )
            problems = item_problems(item, score.self_points, score.explanation, len(item.evidence))
            if problems:
                raise DemoIndexError(f"{unit.code} {score.number}: {sorted(problems)}")
            item.self_points = score.self_points
            item.explanation = score.explanation
            if not self.every_line:
                continue
            self._line(
                assessment,
                "self_points",
                author,
                day,
                criterion=criterion,
                after=_points(score.self_points),
            )
        db.session.add(assessment)
        self.assessments.append(assessment)
        return assessment

    def submit(self, assessment: Assessment, lead, day: date) -> None:
        """Submitted on `day`, late when after the set's deadline (computed points as they
        stood: the caller refreshed them)."""
        problems = submission_problems(assessment)
        if problems:
            raise DemoIndexError(f"{assessment.unit.code} cannot submit: {sorted(problems)}")
        deadline = self.set.self_deadline
        assessment.state = "submitted"
        assessment.submitted_on = day
        assessment.submitted_late = deadline is not None and day > deadline
        assessment.submitted_by_id = None if lead is None else lead.id
        after = "submitted_late" if assessment.submitted_late else "submitted"
        self._line(assessment, "submit", lead, day, before="draft", after=after)

    def appraise(
        self,
        assessment: Assessment,
        scores: dict[str, ItemScore],
        appraiser,
        day: date,
        *,
        numbers: set[str] | None = None,
    ) -> None:
        """The appraisers' points on each sub-criterion (those of `numbers` only, for an
        appraisal in progress): the unit's own, or lower with the reason."""
        for item in assessment.items:
            score = scores[item.criterion.number]
            if numbers is not None and score.number not in numbers:
                continue
            own = float(item.self_points or 0)
            points = own if score.self_points is None else float(score.appraised_points)
            if problem := points_problem(node_of(item.criterion), points):
                raise DemoIndexError(f"{assessment.unit.code} {score.number}: {problem.code}")
            changed = points != own
            item.appraised_points = points
            item.appraisal_reason = score.reason if changed else ""
            if not (changed or self.every_line):
                continue
            self._line(
                assessment,
                "appraisal",
                appraiser,
                day,
                criterion=item.criterion,
                before=_points(own),
                after=_points(points),
                reason=item.appraisal_reason,
            )

    def send_to_unit(self, assessment: Assessment, appraiser, day: date) -> None:
        if any(item.appraised_points is None for item in assessment.items):
            raise DemoIndexError(f"{assessment.unit.code}: sent before every item was appraised")
        assessment.state = "appraised"
        assessment.appraised_on = day
        assessment.answer_until = _answer_until(day, int(self.set.answer_days or 0))
        self._line(
            assessment, "sent_to_unit", appraiser, day, after=format_date(assessment.answer_until)
        )

    def answer(self, assessment: Assessment, number: str, text: str, person, day: date) -> None:
        item = next(i for i in assessment.items if i.criterion.number == number)
        if assessment.answer_until is None or day > assessment.answer_until:
            raise DemoIndexError(f"{assessment.unit.code} {number}: answered after the window")
        item.answer = text
        item.answered_on = day
        self._line(assessment, "answer", person, day, criterion=item.criterion, after=text)

    def decide(self, assessment, number: str, accepted: bool, reason: str, appraiser, day) -> None:
        """Accepted: the unit's own points; rejected: the appraised points stay."""
        item = next(i for i in assessment.items if i.criterion.number == number)
        before = item.appraised_points
        item.answer_decision = "accepted" if accepted else "rejected"
        item.answer_reason = reason
        if accepted:
            item.appraised_points = item.self_points
        self._line(
            assessment,
            "answer_accepted" if accepted else "answer_rejected",
            appraiser,
            day,
            criterion=item.criterion,
            before=_points(before),
            after=_points(item.appraised_points),
            reason=reason,
        )

    def write(self) -> None:
        """The assessments, their items and evidence, then the journal in one statement."""
        db.session.flush()
        rows = [{"assessment_id": assessment.id, **line} for assessment, line in self.lines]
        if rows:
            db.session.execute(insert(IndexJournalEntry), rows)
        self.lines.clear()


def redate_journal(criteria_set: CriteriaSet, action: str, day: date) -> None:
    """The journal lines a service wrote today for the set (survey, finalise), dated as
    the demo's calendar has them."""
    of_the_set = select(Assessment.id).where(Assessment.set_id == criteria_set.id)
    db.session.execute(
        update(IndexJournalEntry)
        .where(IndexJournalEntry.assessment_id.in_(of_the_set), IndexJournalEntry.action == action)
        .values(created_at=moment(day, 15))
    )
