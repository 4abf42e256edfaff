"""The filters of the assignment list, parsed once for the pages, the API and the CLI."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import ASSIGNMENT_ROLES, STATES
from tracker.core.db import MAX_INTEGER
from tracker.core.exceptions import require
from tracker.core.text import text_problem
from tracker.core.timeutil import MAX_DATE, MIN_DATE, local_today, make_date, parse_date
from tracker.plans.areas import AREA_CODES

SORTS = ("urgency", "due_date", "-due_date", "number", "unit", "state", "updated")
MAX_PER_PAGE = 200


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
    # Due dates within a period ("2021", "2021-Q3", or "from..to"); no-deadline ones drop out.
    period: str | None = None
    period_start: date | None = None
    period_end: date | None = None
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
    except ValueError:
        errors[name] = (
            f"{raw!r} is not a date (YYYY-MM-DD or dd/mm/yyyy, {MIN_DATE.year} to {MAX_DATE.year})"
        )
        return None


def parse_period(raw: str) -> tuple[date, date]:
    """ "2021" → the year; "2021-Q3" or "Q3/2021" → the quarter; "A..B" → dates A to B."""
    raw = raw.strip().upper()
    if ".." in raw:
        start, end = (parse_date(part) for part in raw.split("..", 1))
        if end < start:
            raise ValueError("the period ends before it starts")
        return start, end
    if raw.isdigit() and len(raw) == 4:
        year = int(raw)
        return make_date(year, 1, 1), make_date(year, 12, 31)
    if "-Q" in raw:
        year_text, quarter_text = raw.split("-Q", 1)
    elif raw.startswith("Q") and "/" in raw:
        quarter_text, year_text = raw[1:].split("/", 1)
    else:
        raise ValueError(f"{raw!r} is not a period")
    year, quarter = int(year_text), int(quarter_text)
    if not 1 <= quarter <= 4:
        raise ValueError("a quarter is 1 to 4")
    start = make_date(year, 3 * quarter - 2, 1)  # the year checked before monthrange sees it
    end = make_date(year, 3 * quarter, monthrange(year, 3 * quarter)[1])
    return start, end


def _choice(args, name: str, choices, errors: dict) -> str | None:
    value = (args.get(name) or "").strip() or None
    if value is not None and value not in choices:
        errors[name] = f"one of {', '.join(choices)}"
        return None
    return value


def _int(args, name: str, default: int | None, low: int, high: int, errors: dict) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = "a whole number"
        return default
    if not low <= value <= high:
        errors[name] = f"from {low} to {high}"
        return default
    return value


def parse_assignment_filters(args) -> AssignmentFilters:
    errors: dict[str, str] = {}
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
        page=_int(args, "page", 1, 1, 100000, errors),
        per_page=_int(args, "per_page", 50, 1, MAX_PER_PAGE, errors),
        sort=_choice(args, "sort", SORTS, errors) or "urgency",
    )
    period = (args.get("period") or "").strip()
    if period:
        try:
            filters.period_start, filters.period_end = parse_period(period)
            filters.period = period
        except ValueError:
            errors["period"] = (
                "a year (2021), a quarter (2021-Q3) or dates (2021-07-01..2021-09-30), "
                f"within {MIN_DATE.year} to {MAX_DATE.year}"
            )
    require(errors)
    return filters
