"""The sociological survey's points (điểm điều tra xã hội học) of each unit, imported from a
table made elsewhere: all or nothing, each problem "Dòng N, cột C: …", each change journaled in
the unit's assessment.

A unit is found by its code or its name as the plan import reads owners (imports.owners: any
case, diacritics and the ways people write units), as of the set's last day; it must be one of
the units the set assesses. Points lie in [0, set.survey_max]. Units the table leaves out keep
their points. Only an open set takes survey points: once finalised, the ranking stands."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can
from tracker.core.problems import Problem, required
from tracker.core.transactions import commit_or_conflict, lock_row
from tracker.extensions import db
from tracker.imports.owners import OwnerIndex, unknown_owner
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.imports.results import FileImport, ImportProblem
from tracker.indicators.rules import read_number
from tracker.reform_index.journal import journal
from tracker.reform_index.models import INDEX_KIND_LABELS, Assessment, CriteriaSet
from tracker.reform_index.scoring import as_points, shown_points
from tracker.reform_index.sets import (
    assessed_on,
    assessed_units,
    assessment_for,
    find_set,
    no_set,
)
from tracker.reform_index.survey_table import CODE, NAME, POINTS, SurveyRow, read_survey_table
from tracker.units.models import Unit, UnitGroup


@dataclass
class SurveyLine:
    row: int
    unit: Unit
    before: float | None
    points: float

    @property
    def changed(self) -> bool:
        return self.before is None or as_points(self.before) != self.points


@dataclass
class SurveyImport(FileImport):
    year: int
    kind: str
    lines: list[SurveyLine] = field(default_factory=list)
    # The set's units the table does not name: their points stay as they are.
    not_in_file: list[Unit] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any(line.changed for line in self.lines)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "year": self.year,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "written": self.written,
            "problems": self.problems_as_dicts(),
            "units": [
                {
                    "row": line.row,
                    "unit_code": line.unit.code,
                    "unit_name": line.unit.name,
                    "before": line.before,
                    "points": line.points,
                    "changed": line.changed,
                }
                for line in self.lines
            ],
            "not_in_file": [unit.code for unit in self.not_in_file],
        }


def survey_office_only() -> Problem:
    return Problem("index_office_only", _l("Only the provincial office can do this."))


def set_not_open(criteria_set: CriteriaSet) -> Problem:
    return Problem(
        "index_set_not_open",
        _l("The reform index of %(year)s is finalised: its survey points no longer change."),
        year=str(criteria_set.year),
    )


def read_survey(
    actor, data: bytes, filename: str, year: int, kind: str, *, dry_run: bool = False
) -> SurveyImport:
    """Import the survey points of the table `data` (.xlsx or .csv) into the set of that year
    and unit kind, or with dry_run only say what importing it would do. Bad input raises
    nothing: the problems, or why the file cannot be read, are in the result."""
    if actor is not None and not can(actor, "manage_index"):
        raise Forbidden(survey_office_only())
    result = SurveyImport(year=year, kind=kind, filename=filename or "", dry_run=dry_run)
    try:
        table = read_survey_table(read_sheets(data, filename or ""))
    except ImportUnreadable as error:
        result.unreadable = error.message
        return result
    criteria_set = find_set(year, kind)
    if criteria_set is None:
        result.problems.append(ImportProblem(no_set(year, kind)))
        return result
    if criteria_set.state != "open":
        result.problems.append(ImportProblem(set_not_open(criteria_set)))
    result.problems += table.problems
    _read_lines(result, table, criteria_set)
    if result.problems or dry_run:
        return result
    _apply(actor, result, criteria_set)
    return result


def _read_lines(result: SurveyImport, table, criteria_set: CriteriaSet) -> None:
    units = assessed_units(criteria_set)
    assessed = {unit.id for unit in units}
    owners = OwnerIndex(on=assessed_on(criteria_set))
    current = _current_points(criteria_set)
    seen: dict[int, int] = {}

    def issue(row: SurveyRow, column: str, problem: Problem) -> None:
        letter = table.letters.get(column, column)
        result.problems.append(ImportProblem(problem, row.row, letter, column))

    for row in table.rows:
        unit = _unit_of(row, owners, criteria_set, assessed, issue)
        points = _points_of(row, criteria_set, issue)
        if unit is None or points is None:
            continue
        if unit.id in seen:
            column = CODE if row.code else NAME
            issue(row, column, _twice(unit, seen[unit.id]))
            continue
        seen[unit.id] = row.row
        result.lines.append(SurveyLine(row.row, unit, current.get(unit.id), points))
    result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    result.not_in_file = [unit for unit in units if unit.id not in seen]


def _current_points(criteria_set: CriteriaSet) -> dict[int, float | None]:
    rows = db.session.execute(
        select(Assessment.unit_id, Assessment.survey_points).where(
            Assessment.set_id == criteria_set.id
        )
    )
    return {unit_id: points for unit_id, points in rows}


def _unit_of(row: SurveyRow, owners: OwnerIndex, criteria_set, assessed: set[int], issue):
    """The unit the row names by its code, else its name; None (and a problem) otherwise."""
    by_code = _find(row, CODE, row.code, owners, criteria_set, assessed, issue)
    if row.code and by_code is None:
        return None
    by_name = _find(row, NAME, row.name, owners, criteria_set, assessed, issue)
    if by_code is not None and by_name is not None and by_code.id != by_name.id:
        issue(
            row,
            NAME,
            Problem(
                "survey_name_and_code_differ",
                _l("“%(name)s” is not the unit of code %(code)s (%(unit)s)."),
                name=row.name,
                code=row.code,
                unit=by_code.name,
            ),
        )
        return None
    if not row.code and not row.name:
        issue(row, CODE, required())
    return by_code or by_name


def _find(row, column: str, text: str, owners: OwnerIndex, criteria_set, assessed, issue):
    if not text:
        return None
    found = owners.find(text)
    if found is None:
        issue(row, column, unknown_owner(text, owners.closest(text)))
    elif isinstance(found, list):
        names = [f"{owner.name} [{owner.code}]" for owner in found]
        issue(
            row,
            column,
            Problem(
                "ambiguous_unit",
                _l("“%(name)s” could be any of %(candidates)s: write the code instead."),
                name=text,
                candidates=names,
            ),
        )
    elif isinstance(found, UnitGroup) or found.id not in assessed:
        issue(row, column, _not_assessed(found, criteria_set))
    else:
        return found
    return None


def _not_assessed(owner, criteria_set: CriteriaSet) -> Problem:
    return Problem(
        "survey_unit_not_assessed",
        _l("%(name)s is not one of the units this index assesses (%(kind)s in %(year)s)."),
        name=owner.name,
        kind=INDEX_KIND_LABELS[criteria_set.kind],
        year=str(criteria_set.year),
    )


def _twice(unit: Unit, first_row: int) -> Problem:
    return Problem(
        "survey_unit_twice",
        _l("%(name)s is already on row %(row)s."),
        name=unit.name,
        row=str(first_row),
    )


def _points_of(row: SurveyRow, criteria_set: CriteriaSet, issue) -> float | None:
    if row.points is None or str(row.points).strip() == "":
        issue(row, POINTS, required())
        return None
    try:
        points = read_number(row.points)
    except ValueError:
        issue(
            row,
            POINTS,
            Problem(
                "not_a_number",
                _l("“%(value)s” is not a number."),
                value=str(row.points),
            ),
        )
        return None
    top = float(criteria_set.survey_max or 0)
    if points < 0 or points > top:
        issue(
            row,
            POINTS,
            Problem(
                "survey_points_out_of_range",
                _l("Survey points must be between 0 and %(max)s."),
                max=shown_points(top),
            ),
        )
        return None
    if as_points(points) != points:
        issue(
            row,
            POINTS,
            Problem("points_two_decimals", _l("Give points with at most two decimals.")),
        )
        return None
    return points


def _apply(actor, result: SurveyImport, criteria_set: CriteriaSet) -> None:
    # The set's row lock serialises survey imports with finalising and publishing: points
    # never land in a set that has just been finalised.
    lock_row(criteria_set)
    if criteria_set.state != "open":
        result.problems.append(ImportProblem(set_not_open(criteria_set)))
        db.session.rollback()
        return
    changed = [line for line in result.lines if line.changed]
    for line in changed:
        assessment = assessment_for(criteria_set, line.unit)
        before = assessment.survey_points
        assessment.survey_points = line.points
        journal(
            assessment,
            "survey",
            actor,
            before=None if before is None else shown_points(float(before)),
            after=shown_points(line.points),
            reason=result.filename,
        )
    if not changed:
        db.session.rollback()
        return
    record(
        "index_survey_imported",
        actor,
        criteria_set,
        year=criteria_set.year,
        kind=criteria_set.kind,
        filename=result.filename,
        units=len(changed),
    )
    commit_or_conflict()
    result.written = True
