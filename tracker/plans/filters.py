"""The filters of the assignment list, parsed once for the pages, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.core.exceptions import require
from tracker.core.timeutil import local_today, parse_date
from tracker.plans.areas import AREA_CODES
from tracker.plans.models import ROLES, STATES
from tracker.status.deadlines import DEADLINE_CLASSES

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
    page: int = 1
    per_page: int = 50
    sort: str = "urgency"


def _date(args, name: str, errors: dict) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError:
        errors[name] = f"{raw!r} is not a date (YYYY-MM-DD or dd/mm/yyyy)"
        return None


def _choice(args, name: str, choices, errors: dict) -> str | None:
    value = (args.get(name) or "").strip() or None
    if value is not None and value not in choices:
        errors[name] = f"one of {', '.join(choices)}"
        return None
    return value


def _int(args, name: str, default: int, low: int, high: int, errors: dict) -> int:
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
        plan=(args.get("plan") or "").strip() or None,
        unit=(args.get("unit") or "").strip() or None,
        role=_choice(args, "role", ROLES, errors),
        state=_choice(args, "state", STATES, errors),
        deadline_class=_choice(args, "deadline_class", tuple(DEADLINE_CLASSES), errors),
        due_from=_date(args, "due_from", errors),
        due_to=_date(args, "due_to", errors),
        q=(args.get("q") or "").strip()[:200] or None,
        area=_choice(args, "area", AREA_CODES, errors),
        unit_kind=_choice(
            args, "unit_kind", ("office", "department", "district", "commune"), errors
        ),
        page=_int(args, "page", 1, 1, 100000, errors),
        per_page=_int(args, "per_page", 50, 1, MAX_PER_PAGE, errors),
        sort=_choice(args, "sort", SORTS, errors) or "urgency",
    )
    section = (args.get("section") or "").strip()
    if section:
        if section.isdigit():
            filters.section_id = int(section)
        else:
            errors["section"] = "a section id"
    require(errors)
    return filters
