"""What importing an indicator set reports: the set as it is (or would be), what the import
does with it, and the workbook's problems by row and column (then nothing was written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from tracker.imports.results import FileImport, TableRefused
from tracker.indicators.models import IndicatorSet
from tracker.indicators.sets_table import SetProblem

# create: a new code and year; replace: its indicators and checks rewritten (no unit has
# reported on it); update: only names, units of measure, targets and order (units have);
# unchanged: the file says what the set says.
ACTIONS = ("create", "replace", "update", "unchanged")
ACTION_LABELS = {
    "create": _l("A new indicator set"),
    "replace": _l("The set's indicators and checks are replaced"),
    "update": _l("Names, units of measure and targets are updated"),
    "unchanged": _l("The set is as the file says already"),
}


@dataclass
class SetImport(FileImport):
    code: str = ""
    year: int | None = None
    action: str | None = None
    # The set after the import; for a dry run, a copy that is not saved.
    set: IndicatorSet | None = None
    # Reports the units have made on the set (before the import).
    reports: int = 0
    problems: list[SetProblem] = field(default_factory=list)

    problem_type = SetProblem

    @property
    def unchanged(self) -> bool:
        return self.action == "unchanged"

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "dry_run": self.dry_run,
            "written": self.written,
            "action": self.action,
            "code": self.code,
            "year": self.year,
            "reports": self.reports,
            "set": None if self.set is None or self.problems else set_as_dict(self.set),
            "unreadable": self.unreadable_text,
            "problems": self.problems_as_dicts(),
        }


def set_as_dict(found: IndicatorSet) -> dict:
    """A set as the API and `--json` show it."""
    return {
        "code": found.code,
        "year": found.year,
        "name": found.name,
        "periodicity": found.periodicity,
        "task": task_reference(found.task),
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "measure": i.measure,
                "kind": i.kind,
                "combine": i.combine,
                "numerator": i.numerator_code,
                "denominator": i.denominator_code,
                "target": None
                if i.target_operator is None
                else {"operator": i.target_operator, "value": i.target_value},
            }
            for i in found.indicators
        ],
        "checks": [
            {"code": c.code, "name": c.name, "expression": c.expression} for c in found.checks
        ],
    }


def task_reference(task) -> str | None:
    """ "PLAN_CODE:NUMBER", as `--task` takes it."""
    return None if task is None else f"{task.plan.code}:{task.number}"


class SetRefused(TableRefused):
    """The workbook has problems: nothing was written."""

    refusal = "indicator_set_problems"
    wording = _l("The indicator set was not imported: %(problems)s")
