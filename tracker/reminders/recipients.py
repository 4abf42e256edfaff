"""Whose people hear of a unit's work: the one rule the digests, the calendar invites, the
office's đôn đốc and the notices of a change follow.

A unit's work is told to its own people while the unit exists. A closed unit's open work has
gone to its successor, but what is still held by it (dissolved without a successor at first,
one given later, work left behind) is told to the people of the unit of today it became
(units.lifecycle.current_unit_of); the people of a closed unit hear of none of it, and when it
became no unit that exists, nobody of a unit does (the office still does when it escalates).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.units.lifecycle import current_unit_of, successor_map
from tracker.units.models import Unit


def reminded_units(unit_ids: Iterable[int], day: date) -> dict[int, int]:
    """unit id → the unit whose people hear of its work on `day`; a unit whose work nobody of
    a unit hears of is left out."""
    ids = set(unit_ids)
    if not ids:
        return {}
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    closed = {i for i, unit in units.items() if not unit.is_valid_on(day)}
    found = {i: i for i in ids - closed if i in units}
    if not closed:
        return found
    successors = successor_map()
    became = {i: current_unit_of(i, successors) for i in closed}
    heirs = {
        unit.id: unit
        for unit in db.session.scalars(select(Unit).where(Unit.id.in_(set(became.values()))))
    }
    for unit_id, heir in became.items():
        if heir in heirs and heirs[heir].is_valid_on(day):
            found[unit_id] = heir
    return found
