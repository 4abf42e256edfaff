"""Importing a year's criteria for one unit kind from the province's table, all or nothing.

Importing a year and kind again replaces the criteria while no unit has submitted against the
set: criteria are matched by number, so units' drafts keep their points on the numbers that
stay sub-criteria (the others' points go with them). Once a unit has submitted, the set is
locked and a new file is refused.

read_criteria raises nothing for bad input: the problems, or why the file cannot be read, are
in the result for the caller (the command, the page) to present. import_criteria raises them.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can
from tracker.core.problems import Problem, too_long
from tracker.core.routing import FIRST_YEAR, LAST_YEAR
from tracker.core.text import text_problem
from tracker.core.transactions import lock_key
from tracker.extensions import db
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.reform_index.criteria_checks import PlannedCriterion, check_table
from tracker.reform_index.criteria_results import (
    CriteriaImport,
    CriteriaRefused,
    SetFields,
    fields_of,
    item_dict,
    planned_of,
)
from tracker.reform_index.criteria_table import read_table
from tracker.reform_index.models import (
    INDEX_KINDS,
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
)
from tracker.reform_index.sets import find_set, is_locked

NAME_MAX, DECISION_MAX = 300, 300
SURVEY_MAX_LIMIT = 1000
# The set's name when none is given: data in the province's language, like the tables.
KIND_WORDS = {
    "department": "các sở, ban, ngành",
    "district": "UBND các huyện, thị xã, thành phố",
    "commune": "UBND các xã, phường, thị trấn",
}


def default_name(year: int, kind: str) -> str:
    return f"Bộ tiêu chí xác định Chỉ số CCHC năm {year} của {KIND_WORDS[kind]}"


def read_criteria(
    actor,
    data: bytes,
    filename: str,
    year: int | None,
    kind: str | None,
    *,
    name: str | None = None,
    decision: str | None = None,
    survey_max: float | None = None,
    demo: bool | None = None,
    dry_run: bool = False,
) -> CriteriaImport:
    """Import the criteria of the table `data` (.xlsx or .csv) as the set of `year` and
    `kind`, or with dry_run only say what importing it would do. name, decision, survey_max
    and demo default to the set's own (a new set: a name from the year and kind, no decision,
    no survey points, not demo)."""
    if actor is not None and not can(actor, "manage_index"):
        raise Forbidden(Problem("index_office_only", _l("Only the provincial office can do this.")))
    result = CriteriaImport(filename=filename or "", dry_run=dry_run, year=year, kind=kind)
    try:
        table = read_table(read_sheets(data, filename or ""))
    except ImportUnreadable as error:
        result.unreadable = error.message
        return result
    criteria = check_table(table) if table.rows else []
    result.problems += table.problems
    _check_year_and_kind(result, year, kind)
    if result.problems:
        result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        return result
    if not dry_run:
        lock_key("index_criteria_set", f"{year}:{kind}")
    existing = find_set(year, kind)
    fields = _fields(result, existing, year, kind, name, decision, survey_max, demo)
    if existing is not None and (existing.state != "open" or is_locked(existing)):
        result.problem(
            Problem(
                "index_criteria_set_locked",
                _l(
                    "Units have submitted their self-assessment against the criteria of "
                    "%(year)s: the set is locked and its criteria no longer change."
                ),
                year=str(year),
            )
        )
    if result.problems:
        return result
    result.fields, result.criteria = fields, criteria
    result.drafts = 0 if existing is None else _drafts(existing)
    result.action = _action(existing, fields, criteria)
    if dry_run or result.action == "unchanged":
        result.set = existing
        return result
    target = existing or CriteriaSet(year=year, kind=kind)
    if existing is None:
        db.session.add(target)
    _write(target, fields, criteria)
    record(
        "index_criteria_imported",
        actor,
        target,
        year=year,
        kind=kind,
        change=result.action,
        filename=result.filename,
        criteria=len(criteria),
    )
    db.session.commit()
    db.session.refresh(target)
    result.set, result.written = target, True
    return result


def import_criteria(
    actor, source, filename: str, year: int, kind: str, **options
) -> CriteriaSet | None:
    """read_criteria for code: the set (None for a dry run); raises ImportUnreadable when the
    file cannot be read, CriteriaRefused (a ValidationFailed with `problems`) otherwise."""
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    else:
        data = source if isinstance(source, bytes) else source.read()
    result = read_criteria(actor, data, filename, year, kind, **options)
    result.raise_refusal(CriteriaRefused)
    return result.set


def _check_year_and_kind(result: CriteriaImport, year, kind) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        result.problem(
            Problem(
                "index_criteria_year",
                _l("Give the year the criteria are for, from %(first)s to %(last)s."),
                first=str(FIRST_YEAR),
                last=str(LAST_YEAR),
            ),
            column="year",
        )
    if kind not in INDEX_KINDS:
        result.problem(
            Problem(
                "index_criteria_kind",
                _l("Give the kind of unit the criteria are for: %(kinds)s."),
                kinds=list(INDEX_KINDS),
            ),
            column="kind",
        )


def _fields(result, existing, year, kind, name, decision, survey_max, demo) -> SetFields:
    """The options given, else the set's own, else a new set's defaults."""
    before = fields_of(existing) if existing is not None else None

    def own(given, attribute: str, default):
        if given is not None:
            return given
        return getattr(before, attribute) if before is not None else default

    fields = SetFields(
        year=year,
        kind=kind,
        name=" ".join((name or own(None, "name", "") or default_name(year, kind)).split()),
        decision=" ".join(own(decision, "decision", "").split()),
        survey_max=float(own(survey_max, "survey_max", 0)),
        is_demo=bool(own(demo, "is_demo", False)),
    )
    for column, text, limit in (
        ("name", fields.name, NAME_MAX),
        ("decision", fields.decision, DECISION_MAX),
    ):
        if problem := text_problem(text, multiline=False):
            result.problem(problem, column=column)
        elif len(text) > limit:
            result.problem(too_long(limit), column=column)
    if not 0 <= fields.survey_max <= SURVEY_MAX_LIMIT:
        result.problem(
            Problem(
                "index_survey_max",
                _l("The survey's points are from 0 to %(limit)s."),
                limit=SURVEY_MAX_LIMIT,
            ),
            column="survey_max",
        )
    return fields


def _drafts(existing: CriteriaSet) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.set_id == existing.id)
    )


def _action(existing, fields: SetFields, criteria: list[PlannedCriterion]) -> str:
    if existing is None:
        return "create"
    same_fields = fields_of(existing) == fields
    same_criteria = [item_dict(c) for c in planned_of(existing)] == [item_dict(c) for c in criteria]
    return "unchanged" if same_fields and same_criteria else "replace"


def _write(target: CriteriaSet, fields: SetFields, criteria: list[PlannedCriterion]) -> None:
    target.name, target.decision = fields.name, fields.decision
    target.survey_max, target.is_demo = fields.survey_max, fields.is_demo
    db.session.flush()
    kept = {c.number: c for c in target.criteria}
    leaves = {c.number for c in criteria if c.leaf}
    wanted = {c.number for c in criteria}
    # Units' points on what is no longer a sub-criterion go (its evidence with it).
    unscored = [c.id for number, c in kept.items() if number not in leaves]
    if unscored:
        db.session.execute(
            delete(AssessmentItem).where(AssessmentItem.criterion_id.in_(unscored)),
            execution_options={"synchronize_session": False},
        )
    for number, criterion in list(kept.items()):
        if number not in wanted:
            target.criteria.remove(criterion)
            del kept[number]
    db.session.flush()
    by_number: dict[str, Criterion] = {}
    for position, planned in enumerate(criteria, start=1):
        criterion = kept.get(planned.number) or Criterion(number=planned.number)
        if criterion.id is None:
            target.criteria.append(criterion)
        criterion.position, criterion.depth = position, planned.depth
        criterion.title, criterion.max_points = planned.title, planned.max_points
        criterion.choose_one, criterion.guidance = planned.choose_one, planned.guidance
        criterion.evidence_required = planned.evidence_required
        criterion.rule, criterion.step, criterion.levels = (
            planned.rule,
            planned.step,
            planned.levels,
        )
        criterion.formula, criterion.parameters = planned.formula, planned.parameters
        by_number[planned.number] = criterion
    db.session.flush()
    for planned in criteria:
        parent = by_number.get(planned.parent) if planned.parent else None
        by_number[planned.number].parent_id = None if parent is None else parent.id
    db.session.flush()
    db.session.expire_all()
