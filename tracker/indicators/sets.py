"""Indicator sets (bộ chỉ tiêu): imported from a workbook, all or nothing; found by code and
period; linked to the recurring "periodic report" task whose checkpoints the units'
submissions are.

Importing a code and year again replaces the set's indicators and checks while no unit has
reported on it. Once one has, the reported figures must keep their meaning: the same codes,
kinds, ratios and checks, and the same periodicity; only names, units of measure, targets and
their order may change (an "update"). Anything more is refused with a problem saying so: a
new definition is a set for another year (or another code).

Bad input raises nothing from read_set: the problems, or why the file cannot be read, are in
the result for the caller (the command, the page) to present. import_set raises them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.core.transactions import lock_key
from tracker.extensions import db
from tracker.imports.reader import ImportUnreadable, read_sheets
from tracker.indicators.models import Indicator, IndicatorCheck, IndicatorReport, IndicatorSet
from tracker.indicators.sets_checks import check_workbook
from tracker.indicators.sets_queries import get_set, latest_set, no_set, set_for, sets
from tracker.indicators.sets_results import SetImport, SetRefused
from tracker.indicators.sets_table import Workbook, not_a_year, read_workbook
from tracker.indicators.sets_tasks import attach_task, link_problem, resolve_task
from tracker.indicators.sets_words import (
    PERIODICITY_CHOICES,
    code_problem,
    periodicity_of,
    unknown_word,
)

__all__ = [
    "attach_task",
    "get_set",
    "import_set",
    "latest_set",
    "no_set",
    "read_set",
    "set_for",
    "sets",
]


def read_set(
    actor,
    data: bytes,
    filename: str,
    code: str | None = None,
    year: int | None = None,
    *,
    name: str | None = None,
    periodicity: str | None = None,
    task=None,
    dry_run: bool = False,
) -> SetImport:
    """Import the set of the workbook `data` (.xlsx, or .csv for the indicators alone), or
    with dry_run only say what importing it would do. The code, year, name and periodicity
    given here win over the workbook's title rows; the year defaults to this year, the
    periodicity to quarterly. `task`: a Task, or "PLAN_CODE:NUMBER", to link."""
    if actor is not None and not can(actor, "manage_plans"):
        raise Forbidden(
            Problem("indicator_sets_office_only", _l("Only the provincial office can do this."))
        )
    result = SetImport(filename=filename or "", dry_run=dry_run)
    try:
        book = read_workbook(read_sheets(data, filename or ""))
    except ImportUnreadable as error:
        result.unreadable = error.message
        return result
    check_workbook(book)
    result.problems += book.problems
    if not book.indicators:  # no table to speak of: no header, or no rows below it
        return result
    fields = _set_fields(result, book, code, year, name, periodicity)
    found_task = None
    if task is not None and fields is not None:
        found_task = resolve_task(task)
        if isinstance(found_task, Problem):
            result.problem(found_task)
        elif problem := link_problem(found_task, fields["code"], fields["periodicity"]):
            result.problem(problem)
    if result.problems or fields is None:
        result.problems.sort(key=lambda p: (p.sheet is not None, p.row or 0, p.column or ""))
        return result
    if not dry_run:
        lock_key("indicator_set", f"{result.code}:{result.year}")
    existing = get_set(result.code, result.year)
    result.reports = 0 if existing is None else _reports(existing)
    result.action = _action(existing, book, fields, result)
    if result.problems:
        return result
    if dry_run:  # a copy to show, never added to the session
        result.set = IndicatorSet(code=result.code, year=result.year)
        _write(result.set, book, fields, replace=True)
        result.set.task = found_task or (existing.task if existing else None)
        return result
    target = existing or IndicatorSet(code=result.code, year=result.year)
    result.set = target
    if result.action != "unchanged":
        _write(target, book, fields, replace=result.action != "update")
    elif found_task is None or found_task is existing.task:
        return result
    if found_task is not None:
        target.task = found_task
    if existing is None:
        db.session.add(target)
    db.session.flush()
    record(
        "indicator_set_imported",
        actor,
        target,
        code=target.code,
        year=target.year,
        change=result.action,
        filename=result.filename,
        task=target.task_id,
    )
    db.session.commit()
    result.written = True
    return result


def import_set(
    actor,
    stream,
    filename: str,
    code: str | None,
    year: int | None = None,
    *,
    task=None,
    dry_run: bool = False,
    name: str | None = None,
    periodicity: str | None = None,
) -> IndicatorSet:
    """read_set for code: the set (unsaved for a dry run); raises ImportUnreadable when the
    file cannot be read, SetRefused (a ValidationFailed with `problems`) when it has problems."""
    data = stream if isinstance(stream, bytes) else stream.read()
    result = read_set(
        actor,
        data,
        filename,
        code,
        year,
        name=name,
        periodicity=periodicity,
        task=task,
        dry_run=dry_run,
    )
    result.raise_refusal(SetRefused)
    return result.set


def _set_fields(result: SetImport, book: Workbook, code, year, name, periodicity) -> dict | None:
    title = book.title
    code = (code or title.get("code") or "").strip().upper()
    if not code:
        result.problem(
            Problem(
                "indicator_set_code_required",
                _l("Give the set's code: --set CODE, or a row “Mã bộ chỉ tiêu” above the header."),
            )
        )
    elif problem := code_problem(code):
        result.problem(problem)
    result.code = code
    if year is None:
        year = title.get("year") or local_today().year
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        result.problem(not_a_year(year))
    else:
        result.year = year
    name = " ".join((name or title.get("name") or "").split())
    if not name:
        result.problem(
            Problem(
                "indicator_set_name_required",
                _l(
                    "Give the set's name: a row “Tên bộ chỉ tiêu” above the header, or the "
                    "name on the form (--name)."
                ),
            )
        )
    if periodicity is not None:
        chosen = periodicity_of(periodicity)
        if chosen is None:
            result.problem(unknown_word(periodicity, PERIODICITY_CHOICES))
    else:
        chosen = title.get("periodicity", "quarterly")
    if result.problems:
        return None
    return {"code": code, "year": year, "name": name, "periodicity": chosen}


def _reports(found: IndicatorSet) -> int:
    return db.session.scalar(
        select(func.count()).select_from(IndicatorReport).where(IndicatorReport.set_id == found.id)
    )


def _meaning(indicators, checks, periodicity) -> tuple:
    """What reported figures depend on."""
    return (
        periodicity,
        sorted(
            (i.code, i.kind, i.combine, i.numerator or "", i.denominator or "") for i in indicators
        ),
        sorted((c.code, c.expression) for c in checks),
    )


def _words(name, indicators, checks) -> tuple:
    """What may change after units have reported: names, measures, targets, order."""
    return (
        name,
        [(i.code, i.name, i.measure, i.target) for i in indicators],
        [(c.code, c.name) for c in checks],
    )


def _action(existing, book: Workbook, fields: dict, result: SetImport) -> str:
    if existing is None:
        return "create"
    rows = [_Row.of(i) for i in existing.indicators]
    checks = [_Check(c.code, c.name, c.expression) for c in existing.checks]
    same_meaning = _meaning(rows, checks, existing.periodicity) == _meaning(
        book.indicators, book.checks, fields["periodicity"]
    )
    if same_meaning and _words(existing.name, rows, checks) == _words(
        fields["name"], book.indicators, book.checks
    ):
        return "unchanged"
    if same_meaning and result.reports:
        return "update"
    if result.reports:
        result.problem(
            Problem(
                "indicator_set_reported",
                _l(
                    "Units have reported on the set %(code)s of %(year)s (%(n)s reports): its "
                    "indicators, checks and periodicity can no longer change, only names, "
                    "units of measure and targets. Import the new definition for another year "
                    "or under another code."
                ),
                code=existing.code,
                year=str(existing.year),
                n=result.reports,
            )
        )
    return "replace"


class _Row:
    """An existing indicator as the workbook's rows say it, to compare."""

    @classmethod
    def of(cls, indicator: Indicator) -> _Row:
        row = cls()
        row.code, row.name, row.measure = indicator.code, indicator.name, indicator.measure
        row.kind, row.combine = indicator.kind, indicator.combine
        row.numerator, row.denominator = indicator.numerator_code, indicator.denominator_code
        row.target = (
            None
            if indicator.target_operator is None
            else (indicator.target_operator, float(indicator.target_value))
        )
        return row


class _Check:
    def __init__(self, code, name, expression) -> None:
        self.code, self.name, self.expression = code, name, expression


def _write(target: IndicatorSet, book: Workbook, fields: dict, *, replace: bool) -> None:
    target.name, target.periodicity = fields["name"], fields["periodicity"]
    if target.id is not None and not replace:  # update: the same codes, new words
        indicators = {i.code: i for i in target.indicators}
        for position, row in enumerate(book.indicators):
            _fill(indicators[row.code], row, position)
        checks = {c.code: c for c in target.checks}
        for position, row in enumerate(book.checks):
            checks[row.code].name, checks[row.code].position = row.name, position
        return
    if target.id is not None:
        # Rows of the same codes are inserted after the old ones are deleted, not before.
        target.indicators.clear()
        target.checks.clear()
        db.session.flush()
    for position, row in enumerate(book.indicators):
        target.indicators.append(_fill(Indicator(), row, position))
    target.checks += [
        IndicatorCheck(code=c.code, name=c.name, expression=c.expression, position=p)
        for p, c in enumerate(book.checks)
    ]


def _fill(indicator: Indicator, row, position: int) -> Indicator:
    indicator.position, indicator.code, indicator.name = position, row.code, row.name
    indicator.measure, indicator.kind, indicator.combine = row.measure, row.kind, row.combine
    ratio = row.combine == "ratio"
    indicator.numerator_code = row.numerator if ratio else None
    indicator.denominator_code = row.denominator if ratio else None
    indicator.computed = ratio
    indicator.target_operator, indicator.target_value = row.target or (None, None)
    return indicator
