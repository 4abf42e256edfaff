"""What a reader sees of a unit's self-assessment, the same on the page and in the API: each
sub-criterion with the unit's points and evidence, the appraisal once the reader may see it,
the totals and the rank."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reform_index.formulas import is_computed
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet, Criterion
from tracker.reform_index.scoring import tree_totals
from tracker.reform_index.self_access import sees_appraisal
from tracker.reform_index.sets import leaf_criteria, nodes_of
from tracker.reform_index.totals import Totals, ranking, set_maximum, totals_of


@dataclass
class ItemRow:
    criterion: Criterion
    item: AssessmentItem | None
    # The appraisal as this reader may see it (None for a unit before it is sent to it).
    appraised_points: float | None
    appraisal_reason: str

    @property
    def computed(self) -> bool:
        return is_computed(self.criterion)

    @property
    def self_points(self) -> float | None:
        return None if self.item is None else self.item.self_points

    @property
    def evidence(self) -> list:
        return [] if self.item is None else list(self.item.evidence)

    @property
    def explanation(self) -> str:
        return "" if self.item is None else self.item.explanation

    @property
    def working(self) -> str:
        return "" if self.item is None else self.item.working

    @property
    def answer(self) -> str:
        return "" if self.item is None else self.item.answer

    @property
    def version(self) -> int:
        return 0 if self.item is None else self.item.version


@dataclass
class AssessmentView:
    criteria_set: CriteriaSet
    assessment: Assessment | None
    rows: list[ItemRow]
    totals: Totals
    rank: int | None
    shows_appraisal: bool
    # Each criterion's points as the unit gave them (a lĩnh vực's and a tiêu chí's sums).
    self_by_criterion: dict[int, float]

    @property
    def state(self) -> str:
        return "draft" if self.assessment is None else self.assessment.state


def _empty_totals(criteria_set: CriteriaSet) -> Totals:
    return Totals(
        self_total=0,
        appraised_total=None,
        survey=None,
        total=None,
        max_points=set_maximum(criteria_set),
        index=None,
        by_criterion={},
    )


def view_of(actor, criteria_set: CriteriaSet, unit, assessment: Assessment | None):
    """The reader's view; an assessment not opened yet reads as an empty draft."""
    shows = sees_appraisal(actor, assessment)
    items = {} if assessment is None else {i.criterion_id: i for i in assessment.items}
    rows = []
    for criterion in leaf_criteria(criteria_set):
        item = items.get(criterion.id)
        rows.append(
            ItemRow(
                criterion=criterion,
                item=item,
                appraised_points=item.appraised_points if shows and item else None,
                appraisal_reason=item.appraisal_reason if shows and item else "",
            )
        )
    totals = _empty_totals(criteria_set) if assessment is None else totals_of(assessment)
    rank = None
    if shows:
        rank = next((row.rank for row in ranking(criteria_set) if row.unit.id == unit.id), None)
    own = {row.criterion.id: row.self_points for row in rows}
    self_by_criterion = tree_totals(nodes_of(criteria_set), own)
    if not shows:
        # What the unit may not see yet stays out of its totals too.
        totals.appraised_total = totals.total = totals.index = None
        totals.by_criterion = self_by_criterion
    return AssessmentView(criteria_set, assessment, rows, totals, rank, shows, self_by_criterion)
