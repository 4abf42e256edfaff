"""What importing a criteria set reports, and a set's criteria as the API, `--json`, the preview
and the criteria page show them (one shape for a saved set and a file not yet imported)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from tracker.imports.results import FileImport, TableRefused
from tracker.reform_index.criteria_checks import PlannedCriterion, parent_of
from tracker.reform_index.models import CriteriaSet
from tracker.reform_index.scoring import as_points

# create: a new year and kind; replace: the criteria rewritten (no unit has submitted: units'
# drafts keep their points on the numbers that stay leaves); unchanged: as the file says.
ACTIONS = ("create", "replace", "unchanged")
ACTION_LABELS = {
    "create": _l("A new criteria set"),
    "replace": _l("The set's criteria are replaced"),
    "unchanged": _l("The set is as the file says already"),
}


@dataclass
class SetFields:
    year: int
    kind: str
    name: str
    decision: str
    survey_max: float
    is_demo: bool


@dataclass
class CriteriaImport(FileImport):
    year: int | None = None
    kind: str | None = None
    action: str | None = None
    fields: SetFields | None = None
    criteria: list[PlannedCriterion] = field(default_factory=list)
    # The set after the import (None for a dry run: `fields` and `criteria` say what it would be).
    set: CriteriaSet | None = None
    # Units' drafts of the set before the import.
    drafts: int = 0

    @property
    def unchanged(self) -> bool:
        return self.action == "unchanged"

    @property
    def max_points(self) -> float:
        return maximum_of(self.criteria)

    def as_dict(self) -> dict:
        shown = None
        if self.fields is not None and not self.problems:
            shown = criteria_dict(self.fields, self.criteria, state="open", locked=False)
        return {
            "status": self.status,
            "dry_run": self.dry_run,
            "written": self.written,
            "action": self.action,
            "year": self.year,
            "kind": self.kind,
            "drafts": self.drafts,
            "set": shown,
            "unreadable": self.unreadable_text,
            "problems": self.problems_as_dicts(),
        }


def maximum_of(criteria: list[PlannedCriterion]) -> float:
    return as_points(sum(c.max_points for c in criteria if c.parent is None))


def planned_of(criteria_set: CriteriaSet) -> list[PlannedCriterion]:
    """A saved set's criteria in the import's shape, in the decision's order."""
    numbers = {c.number for c in criteria_set.criteria}
    parents = {parent_of(number) for number in numbers}
    return [
        PlannedCriterion(
            number=c.number,
            title=c.title,
            max_points=float(c.max_points),
            depth=c.depth,
            parent=parent_of(c.number),
            choose_one=c.choose_one,
            guidance=c.guidance,
            evidence_required=c.evidence_required,
            leaf=c.number not in parents,
            rule=c.rule,
            step=None if c.step is None else float(c.step),
            levels=c.levels,
            formula=c.formula,
            parameters=c.parameters,
        )
        for c in sorted(criteria_set.criteria, key=lambda c: c.position)
    ]


def fields_of(criteria_set: CriteriaSet) -> SetFields:
    return SetFields(
        year=criteria_set.year,
        kind=criteria_set.kind,
        name=criteria_set.name,
        decision=criteria_set.decision,
        survey_max=float(criteria_set.survey_max or 0),
        is_demo=criteria_set.is_demo,
    )


def item_dict(c: PlannedCriterion) -> dict:
    return {
        "number": c.number,
        "title": c.title,
        "max_points": c.max_points,
        "depth": c.depth,
        "choose_one": c.choose_one,
        "guidance": c.guidance,
        "evidence_required": c.evidence_required,
        "rule": c.rule,
        "step": c.step,
        "levels": c.levels,
        "formula": c.formula,
        "parameters": c.parameters,
        "leaf": c.leaf,
    }


def criteria_dict(fields: SetFields, criteria, *, state: str, locked: bool) -> dict:
    """A set as the API (GET …/criteria) and `--json` show it."""
    return {
        "year": fields.year,
        "kind": fields.kind,
        "name": fields.name,
        "decision": fields.decision,
        "is_demo": fields.is_demo,
        "state": state,
        "locked": locked,
        "max_points": maximum_of(criteria),
        "survey_max": fields.survey_max,
        "items": [item_dict(c) for c in criteria],
    }


class CriteriaRefused(TableRefused):
    """The table has problems: nothing was written."""

    refusal = "index_criteria_problems"
    wording = _l("The criteria were not imported: %(problems)s")
