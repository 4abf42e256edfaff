"""The status view: per-unit counts of each deadline class, grouped in the database.

One GROUP BY over the lead assignments that match the filters; the class of each row is the
SQL mirror of the deadline-class rule, and the filters are those of the assignment list, so
the figures equal what /api/v1/assignments lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import func, select

from tracker.core.datacache import VersionedCache, data_version
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.figures.services import counts_as_of, figures_usable
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Plan
from tracker.plans.queries import as_of_select, parallel_scan
from tracker.status.scoring import current_bands, rates, score
from tracker.units.lifecycle import current_unit_of, names_on, successor_map
from tracker.units.models import UNIT_KINDS, Unit

CLASSES = ("done_on_time", "done_late", "overdue", "due_soon", "on_track", "no_deadline")
SORT_KEYS = ("unit", "total", *CLASSES, "completion_rate", "on_time_rate", "score")
# ?roll_up=current: the figures of closed units in the rows of the units of today.
ROLL_UPS = ("current",)


class UnitInfo(NamedTuple):
    """What the status rows show of a unit: plain values, safe to keep between requests."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    # The unit's last day, for a unit that no longer exists on the day the rows are of (the
    # as-of day; today when rolled up); None for the others.
    valid_to: date | None = None

    @property
    def closed_on(self) -> date | None:
        """The first day it no longer existed."""
        return None if self.valid_to is None else self.valid_to + timedelta(days=1)


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    cancelled: int = 0
    # Of the done ones, those reported but not yet confirmed by the office (they count as done,
    # DOMAIN.md; shown apart so that nobody takes them for confirmed).
    awaiting_confirmation: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: Figures) -> None:
        for name in CLASSES:
            self.counts[name] += other.counts[name]
        self.cancelled += other.cancelled
        self.awaiting_confirmation += other.awaiting_confirmation

    def as_dict(self) -> dict:
        c = self.counts
        completion, on_time = rates(c["done_on_time"], c["done_late"], c["overdue"])
        return {
            "total": self.total,
            **c,
            "awaiting_confirmation": self.awaiting_confirmation,
            "completion_rate": None if completion is None else round(completion, 4),
            "on_time_rate": None if on_time is None else round(on_time, 4),
            "score": score(c["done_on_time"], c["done_late"], c["overdue"], current_bands()),
        }


@dataclass
class UnitRow:
    unit: UnitInfo
    figures: Figures

    def as_dict(self) -> dict:
        closed = {} if self.unit.valid_to is None else {"valid_to": self.unit.valid_to}
        return {
            "unit_code": self.unit.code,
            "unit_name": self.unit.name,
            "kind": self.unit.kind,
            **self.figures.as_dict(),
            **closed,
        }


@dataclass
class StatusTable:
    filters: AssignmentFilters
    groups: dict[str, list[UnitRow]]
    subtotals: dict[str, Figures]
    totals: Figures
    # The data version it was built at (None: not cacheable) and what it was built from, so
    # that what is made of it (JSON, HTML) can be cached alongside.
    version: tuple[int, str, int] | None = None
    key: tuple = ()
    # Each closed unit's figures added into the row of the unit of today it became.
    roll_up: bool = False

    def rows(self) -> list[UnitRow]:
        return [row for rows in self.groups.values() for row in rows]


def lead_filters_of(filters: AssignmentFilters) -> AssignmentFilters:
    return AssignmentFilters(**{**filters.__dict__, "role": "lead", "deadline_class": None})


def grouped_statement(filters: AssignmentFilters):
    """SELECT unit_id, class, awaiting confirmation, count(*) over the lead assignments that
    match the filters, each as it was on filters.as_of."""
    lead_filters = lead_filters_of(filters)
    query, source, cls = as_of_select(lead_filters)
    awaiting = (source.values.state == "awaiting_confirmation").label("awaiting")
    per_assignment = query.add_columns(source.unit_id.label("unit_id"), cls, awaiting).subquery()
    c = per_assignment.c
    return select(c.unit_id, c.cls, c.awaiting, func.count()).group_by(c.unit_id, c.cls, c.awaiting)


# Whole tables, per process, while the committed data is unchanged: the office's morning
# page is asked for again and again with the same filters.
_tables = VersionedCache(size=64)


def unit_status(
    filters: AssignmentFilters,
    sort: str = "unit",
    descending: bool = False,
    roll_up: bool = False,
) -> StatusTable:
    """Counts per unit of its lead assignments' classes as of filters.as_of, each under the
    unit that held it on that day, named as it was then. With `roll_up`, the rows are the
    units of today: a closed unit's figures go into the row of the unit it became (through
    every successor), so the totals stay the same.

    Cancelled assignments are excluded from every count (DOMAIN.md)."""
    lead_filters = lead_filters_of(filters)
    version = data_version()
    key = (lead_filters.key(paging=False), sort, descending)
    if roll_up:
        # Which units are closed "today" moves with the day, not only with the data.
        key += ("roll_up", local_today())
    return _tables.get(
        version,
        key,
        lambda: _build_status(lead_filters, sort, descending, version, key, roll_up),
    )


def _build_status(lead_filters, sort, descending, version, key, roll_up) -> StatusTable:
    figures = _figures_by_unit(lead_filters)
    if roll_up:
        figures = rolled_up(figures)
    units = units_shown(figures, local_today() if roll_up else lead_filters.as_of, roll_up)
    groups: dict[str, list[UnitRow]] = {kind: [] for kind in UNIT_KINDS}
    for unit_id, row in figures.items():
        if row.total:
            groups[units[unit_id].kind].append(UnitRow(units[unit_id], row))
    subtotals, totals = {}, Figures()
    for kind, rows in groups.items():
        rows.sort(key=_sort_key(sort), reverse=descending)
        subtotal = Figures()
        for row in rows:
            subtotal.add(row.figures)
        subtotals[kind] = subtotal
        totals.add(subtotal)
    groups = {kind: rows for kind, rows in groups.items() if rows}
    return StatusTable(
        filters=lead_filters,
        groups=groups,
        subtotals=subtotals,
        totals=totals,
        version=version,
        key=key,
        roll_up=roll_up,
    )


# The filters the kept figures (tracker.figures) answer: the whole province or one plan, of
# every kind of unit or one. Any other filter counts from the rows.
KEPT_FILTERS = {"as_of", "plan", "unit_kind", "role"}


def _grouped_rows(lead_filters) -> list[tuple[int, str, bool, int]]:
    """(unit id, class, awaiting, count) of the lead assignments that match the filters."""
    others = {
        name: value
        for name, value in lead_filters.__dict__.items()
        if name not in KEPT_FILTERS | {"page", "per_page", "sort"}
    }
    if not any(others.values()) and figures_usable():
        plan_id = None
        if lead_filters.plan:
            plan_id = db.session.scalar(select(Plan.id).where(Plan.code == lead_filters.plan))
            if plan_id is None:
                return []
        return counts_as_of(lead_filters.as_of, plan_id, lead_filters.unit_kind)
    with parallel_scan(lead_filters.as_of):
        return db.session.execute(grouped_statement(lead_filters)).all()


def _figures_by_unit(lead_filters) -> dict[int, Figures]:
    """unit id → the figures of the lead assignments it held on filters.as_of."""
    figures: dict[int, Figures] = {}
    grouped = _grouped_rows(lead_filters)
    for unit_id, klass, awaiting, count in grouped:
        row = figures.get(unit_id)
        if row is None:
            row = figures[unit_id] = Figures()
        if klass == "cancelled":
            row.cancelled += count
        else:
            row.counts[klass] += count
            if awaiting and klass in ("done_on_time", "done_late"):
                row.awaiting_confirmation += count
    return figures


def rolled_up(figures: dict[int, Figures]) -> dict[int, Figures]:
    """The figures re-keyed by the unit of today each unit became (itself when it is still
    open, or closed with no successor); the figures of units that became one are added."""
    successors = successor_map()
    merged: dict[int, Figures] = {}
    for unit_id, row in figures.items():
        merged.setdefault(current_unit_of(unit_id, successors), Figures()).add(row)
    return merged


def units_shown(unit_ids, day: date, current_names: bool = False) -> dict[int, UnitInfo]:
    """unit id → the unit as a row shows it on `day`: the name it bore then (today's with
    `current_names`), and its last day when it no longer existed then."""
    rows = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.kind, Unit.valid_to).where(
            Unit.id.in_(list(unit_ids))
        )
    ).all()
    earlier = {} if current_names else names_on([row.id for row in rows], day)
    shown = {}
    for unit_id, code, name, short_name, kind, valid_to in rows:
        name, short_name = earlier.get(unit_id, (name, short_name))
        closed = valid_to if valid_to is not None and valid_to < day else None
        shown[unit_id] = UnitInfo(unit_id, code, name, short_name, kind, closed)
    return shown


def _sort_key(sort: str):
    if sort == "unit" or sort not in SORT_KEYS:
        return lambda row: row.unit.code

    # Units without a rate or score sort as lowest, whichever the direction.
    def key(row):
        value = row.figures.as_dict()[sort]  # computed once per row
        return (value is not None, value or 0, row.unit.code)

    return key
