"""Which unit a cell of the table names, and whether that unit can take the part a row gives
it on the day: exist the day before to close, exist on the day to receive work or be renamed.

A cell names a unit as the plan importer reads owners (code, name, short name or alias,
whatever the case and diacritics: imports.owners), or a unit the same table creates (by its
new code or name). When a name fits several units (a name reused after a merger), the one
that exists on the day wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.problems import Problem
from tracker.extensions import db
from tracker.imports.owners import OwnerIndex, owner_key, unknown_owner
from tracker.units.lifecycle import day_before
from tracker.units.models import Unit, UnitLink


@dataclass
class NewUnit:
    """A unit the table creates: its code is new."""

    code: str
    name: str
    kind: str
    division_type: str | None
    day: date
    row: int

    @property
    def label(self) -> str:
        return f"{self.name} [{self.code}]"


def label_of(unit: Unit | NewUnit) -> str:
    return unit.label if isinstance(unit, NewUnit) else f"{unit.name} [{unit.code}]"


def identity(unit: Unit | NewUnit) -> tuple[str, object]:
    return ("new", unit.code) if isinstance(unit, NewUnit) else ("unit", unit.id)


class Units:
    """The province's units as they are before the table is applied, and those it creates."""

    def __init__(self) -> None:
        self.index = OwnerIndex()
        self.by_code = {unit.code: unit for unit in db.session.scalars(select(Unit))}
        self.created: dict[str, NewUnit] = {}  # owner_key of code and of name → unit

    def existing(self, text: str, day: date) -> tuple[Unit | None, Problem | None]:
        """The unit of the province that `text` names (None, None when none does)."""
        if unit := self.by_code.get(text.strip()):
            return unit, None
        found = self.index.find(text)
        if found is None:
            return None, None
        owners = found if isinstance(found, list) else [found]
        units = [owner for owner in owners if isinstance(owner, Unit)]
        if not units:
            return None, Problem(
                "reorganisation_group_not_unit",
                _l("“%(name)s” is a group of units: name each unit, separated by “;”."),
                name=text,
            )
        if len(units) > 1:
            units = [unit for unit in units if unit.is_valid_on(day)] or units
        if len(units) > 1:
            return None, Problem(
                "ambiguous_unit",
                _l("“%(name)s” could be any of %(candidates)s: write the code instead."),
                name=text,
                candidates=[f"{u.name} [{u.code}]" for u in units],
            )
        return units[0], None

    def new(self, text: str) -> NewUnit | None:
        return self.created.get(owner_key(text))

    def register(self, unit: NewUnit) -> NewUnit | None:
        """Remember a unit the table creates; the one already registered under its code when
        another row creates it too."""
        other = self.created.get(owner_key(unit.code))
        if other is not None:
            return other
        self.created[owner_key(unit.code)] = unit
        self.created.setdefault(owner_key(unit.name), unit)
        return None

    def resolve(self, text: str, day: date) -> tuple[Unit | NewUnit | None, Problem | None]:
        """The unit `text` names, in the province or created by the table; else a problem."""
        unit, problem = self.existing(text, day)
        if unit is not None or problem is not None:
            return unit, problem
        if created := self.new(text):
            return created, None
        return None, unknown_owner(text, self.index.closest(text))


def linked(predecessor: Unit, successor: Unit, day: date) -> bool:
    return (
        db.session.scalar(
            select(UnitLink.id).where(
                UnitLink.predecessor_id == predecessor.id,
                UnitLink.successor_id == successor.id,
                UnitLink.effective_date == day,
            )
        )
        is not None
    )


def closing_problem(unit: Unit | NewUnit, day: date, successors: list) -> Problem | None:
    """Why `unit` cannot close from `day` into one of `successors` (None: dissolved without
    one), or None. A unit closed already on that day into the same successor is fine: that is
    this table applied before."""
    if isinstance(unit, NewUnit):
        return None if unit.day < day else not_yet(unit, day)
    if unit.valid_from is not None and unit.valid_from > day_before(day):
        return not_yet(unit, day)
    if unit.valid_to is None:
        return None
    if unit.valid_to == day_before(day):
        ids = {s.id for s in successors if isinstance(s, Unit)}
        if (not successors and unit.successor_id is None) or unit.successor_id in ids:
            return None
    return closed_by_another(unit)


def receiving_problem(unit: Unit | NewUnit, day: date) -> Problem | None:
    """Why `unit` cannot receive work or be renamed on `day`, or None."""
    if isinstance(unit, NewUnit):
        return None if unit.day <= day else not_yet(unit, day)
    if unit.valid_from is not None and unit.valid_from > day:
        return not_yet(unit, day)
    if unit.valid_to is not None and unit.valid_to < day:
        return closed_by_another(unit)
    return None


def not_yet(unit: Unit | NewUnit, day: date) -> Problem:
    return Problem(
        "reorganisation_unit_not_yet",
        _l("%(unit)s does not exist yet on %(day)s."),
        unit=label_of(unit),
        day=day,
    )


def closed_by_another(unit: Unit) -> Problem:
    closed_on = unit.valid_to and unit.valid_to.toordinal() + 1
    return Problem(
        "reorganisation_unit_closed",
        _l("%(unit)s was closed from %(day)s by another change."),
        unit=label_of(unit),
        day=date.fromordinal(closed_on) if closed_on else "",
    )
