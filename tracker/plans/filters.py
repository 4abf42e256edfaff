"""The filters of the assignment list, parsed once for the pages, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import ASSIGNMENT_ROLES, STATES
from tracker.core.db import MAX_INTEGER
from tracker.core.exceptions import require
from tracker.core.problems import Problem, not_a_date, one_of, out_of_range
from tracker.core.recurrence import MONTHS_IN, Period
from tracker.core.recurrence import parse_period as parse_period_code
from tracker.core.text import text_problem
from tracker.core.timeutil import MAX_DATE, MIN_DATE, DateOutOfRange, local_today, parse_date
from tracker.plans.areas import AREA_CODES
from tracker.plans.periods import PeriodReversed, parse_period

__all__ = ["FILTER_LABELS", "AssignmentFilters", "parse_assignment_filters", "parse_period"]

SORTS = ("urgency", "due_date", "-due_date", "number", "unit", "state", "updated")
MAX_PER_PAGE = 200
# Each filter as the pages label it, to say which one a problem is about.
FILTER_LABELS = {
    "as_of": _l("As of"),
    "plan": _l("Plan"),
    "unit": _l("Unit"),
    "role": _l("Role"),
    "state": _l("Status"),
    "deadline_class": _l("Deadline class"),
    "due_from": _l("Due from"),
    "due_to": _l("Due until"),
    "q": _l("Search"),
    "area": _l("Reform area"),
    "section": _l("Section"),
    "unit_kind": _l("Kind"),
    "period": _l("Period"),
    "checkpoint": _l("Checkpoint of"),
    "inherited": _l("Work of closed units taken over"),
    "page": _l("Page"),
    "per_page": _l("Rows per page"),
    "sort": _l("Sort"),
    "order": _l("Sort"),
}


@dataclass
class AssignmentFilters:
    as_of: date
    plan: str | None = None
    unit: str | None = None
    role: str | None = None
    state: str | None = None
    deadline_class: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str | None = None
    area: str | None = None
    section_id: int | None = None
    unit_kind: str | None = None
    # Due dates within a period (plans.periods: "2021", "Quý III/2021", "6 tháng đầu năm 2021",
    # "from..to"); no-deadline ones drop out.
    period: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    # A recurring task's checkpoints of one period (core.recurrence.Period.code: "2021-Q3"),
    # whatever their due dates; one-off assignments drop out.
    checkpoint: str | None = None
    # With `unit`: also the open work left with the units closed into it (its successor held
    # the same task already), which the unit's people carry on (permissions.acts_for_unit).
    inherited: bool = False
    page: int = 1
    per_page: int = 50
    sort: str = "urgency"

    def key(self, paging: bool = True) -> tuple:
        """The filters as a hashable key of cached results; without paging, what selects
        the rows whatever page and order are shown."""
        skipped = () if paging else ("page", "per_page", "sort")
        return tuple(sorted((k, str(v)) for k, v in vars(self).items() if k not in skipped))


def _text(args, name: str, errors: dict) -> str | None:
    """A searched-for text; one a database column cannot hold would fail the query."""
    value = (args.get(name) or "").strip() or None
    problem = value and text_problem(value, multiline=False)
    if problem:
        errors[name] = problem
        return None
    return value


def _date(args, name: str, errors: dict) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except DateOutOfRange:
        errors[name] = outside_dates()
    except ValueError:
        errors[name] = not_a_date(raw)
    return None


def outside_dates() -> Problem:
    return Problem(
        "date_out_of_range",
        _l("Write a date from %(first)s to %(last)s."),
        first=MIN_DATE,
        last=MAX_DATE,
    )


def period_problem(raw: str) -> Problem | None:
    """Why the period box's text is not a period, or None when it is one."""
    try:
        parse_period(raw)
    except PeriodReversed:
        return Problem(
            "period_reversed", _l("“%(value)s” ends before it starts."), value=raw.strip()
        )
    except DateOutOfRange:
        return outside_dates()
    except ValueError:
        return Problem(
            "not_a_period",
            _l(
                "“%(value)s” is not a period: write a year (2021), a quarter (Quý III/2021 or "
                "2021-Q3), a half (6 tháng đầu năm 2021), a month (Tháng 9/2021) or two dates "
                "(01/07/2021..30/09/2021)."
            ),
            value=raw.strip(),
        )
    return None


def checkpoint_code(raw: str) -> str | None:
    """The code of the one checkpoint period written as `raw` ("2021-Q3", "Quý III/2021",
    "Tháng 9/2021", "6 tháng đầu năm 2021", "2021"), or None when it names no such period."""
    try:
        return parse_period_code(raw).code
    except ValueError:
        pass
    try:
        start, end = parse_period(raw)
    except ValueError:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    period = Period(start.year, start.month, months)
    aligned = months in MONTHS_IN.values() and (start.month - 1) % months == 0
    if not aligned or start.day != 1 or end != period.end:
        return None
    return period.code


def _checkpoint(args, errors: dict) -> str | None:
    raw = (args.get("checkpoint") or "").strip()
    if not raw:
        return None
    code = checkpoint_code(raw)
    if code is None:
        errors["checkpoint"] = Problem(
            "not_a_checkpoint_period",
            _l(
                "“%(value)s” is not the period of a checkpoint: write a month (Tháng 9/2021 or "
                "2021-09), a quarter (Quý III/2021 or 2021-Q3), a half (6 tháng đầu năm 2021 or "
                "2021-H1) or a year (2021)."
            ),
            value=raw[:40],
        )
    return code


def _choice(args, name: str, choices, errors: dict) -> str | None:
    value = (args.get(name) or "").strip() or None
    if value is not None and value not in choices:
        errors[name] = one_of(choices)
        return None
    return value


def _flag(args, name: str, errors: dict) -> bool:
    value = (args.get(name) or "").strip().lower()
    if value not in ("", "true", "false", "1", "0"):
        errors[name] = one_of(("true", "false"))
    return value in ("true", "1")


def _int(args, name: str, default: int | None, low: int, high: int, errors: dict) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = Problem("not_a_whole_number", _l("Give a whole number."))
        return default
    if not low <= value <= high:
        errors[name] = out_of_range(low, high)
        return default
    return value


def parse_assignment_filters(args) -> AssignmentFilters:
    errors: dict[str, Problem] = {}
    as_of = _date(args, "as_of", errors) or local_today()
    filters = AssignmentFilters(
        as_of=as_of,
        plan=_text(args, "plan", errors),
        unit=_text(args, "unit", errors),
        role=_choice(args, "role", ASSIGNMENT_ROLES, errors),
        state=_choice(args, "state", STATES, errors),
        deadline_class=_choice(args, "deadline_class", tuple(DEADLINE_CLASSES), errors),
        due_from=_date(args, "due_from", errors),
        due_to=_date(args, "due_to", errors),
        q=(_text(args, "q", errors) or "")[:200] or None,
        area=_choice(args, "area", AREA_CODES, errors),
        unit_kind=_choice(
            args, "unit_kind", ("office", "department", "district", "commune"), errors
        ),
        section_id=_int(args, "section", None, 1, MAX_INTEGER, errors),
        checkpoint=_checkpoint(args, errors),
        inherited=_flag(args, "inherited", errors),
        page=_int(args, "page", 1, 1, 100000, errors),
        per_page=_int(args, "per_page", 50, 1, MAX_PER_PAGE, errors),
        sort=_choice(args, "sort", SORTS, errors) or "urgency",
    )
    period = (args.get("period") or "").strip()
    if period:
        if problem := period_problem(period):
            errors["period"] = problem
        else:
            filters.period_start, filters.period_end = parse_period(period)
            filters.period = period
    require(errors)
    return filters
