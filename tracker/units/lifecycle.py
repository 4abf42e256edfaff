"""A unit's life over time, the primitives every way of changing it uses (the units pages and
API, `tracker reorganise`, the demo): rename, close with a successor, link a predecessor to a
successor, and what a unit was called or became on a day. They add to the session and never
commit: the caller's transaction holds a whole change or none of it. The checks people meet
(codes taken, dates missing…) are the callers' services'; these assume them made."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.units.models import Reorganisation, Unit, UnitGroupMembership, UnitLink, UnitName


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def rename_unit(unit: Unit, name: str, short_name: str, on: date, decision: str = "") -> bool:
    """From `on`, the unit is called `name`: the old name is kept for the days before (the
    pages of a past day show it) and as an alias (an old plan that writes it still finds the
    unit). False when the unit already bears the name."""
    if unit.name == name and unit.short_name == short_name:
        return False
    db.session.add(
        UnitName(
            unit_id=unit.id,
            name=unit.name,
            short_name=unit.short_name,
            valid_to=day_before(on),
            decision=decision,
        )
    )
    old_names = [n for n in (unit.name, unit.short_name) if n not in (name, short_name)]
    unit.aliases = list(dict.fromkeys([*(unit.aliases or []), *old_names]))
    unit.name, unit.short_name = name, short_name
    return True


def close_unit(unit: Unit, on: date, successor: Unit | None = None) -> bool:
    """The unit exists until the day before `on`; its group memberships end with it. False when
    it was closed already."""
    if unit.valid_to is not None and unit.valid_to < on:
        return False
    unit.valid_to = day_before(on)
    if successor is not None:
        unit.successor = successor
    for membership in db.session.scalars(
        select(UnitGroupMembership).where(
            UnitGroupMembership.unit_id == unit.id,
            or_(UnitGroupMembership.valid_to.is_(None), UnitGroupMembership.valid_to >= on),
        )
    ):
        membership.valid_to = day_before(on)
    return True


def link_units(
    predecessor: Unit,
    successor: Unit,
    on: date,
    kind: str,
    decision: str = "",
    *,
    partial: bool = False,
    reorganisation: Reorganisation | None = None,
) -> UnitLink:
    """The lineage edge predecessor → successor from `on` (one per pair and day)."""
    found = db.session.scalar(
        select(UnitLink).where(
            UnitLink.predecessor_id == predecessor.id,
            UnitLink.successor_id == successor.id,
            UnitLink.effective_date == on,
        )
    )
    if found is not None:
        return found
    link = UnitLink(
        predecessor=predecessor,
        successor=successor,
        effective_date=on,
        kind=kind,
        decision=decision,
        partial=partial,
        reorganisation=reorganisation,
    )
    db.session.add(link)
    return link


def names_on(unit_ids, day: date) -> dict[int, tuple[str, str]]:
    """(name, short name) the units bore on `day`, for those renamed since (the others bear
    their row's name)."""
    ids = list(unit_ids)
    if not ids:
        return {}
    found: dict[int, tuple[str, str]] = {}
    rows = db.session.execute(
        select(UnitName.unit_id, UnitName.name, UnitName.short_name)
        .where(UnitName.unit_id.in_(ids), UnitName.valid_to >= day)
        .order_by(UnitName.unit_id, UnitName.valid_to)
    )
    for unit_id, name, short_name in rows:
        found.setdefault(unit_id, (name, short_name))  # the earliest name still in force
    return found


def successor_map() -> dict[int, int]:
    """Closed unit id → the unit its open work went to (Unit.successor_id), for every unit
    that has one."""
    return dict(
        db.session.execute(
            select(Unit.id, Unit.successor_id).where(Unit.successor_id.is_not(None))
        ).all()
    )


def current_unit_of(unit_id: int, successors: dict[int, int]) -> int:
    """The unit of today that `unit_id` became, following successors transitively (a unit
    with none is its own; a cycle, which no reorganisation makes, stops where it closes)."""
    seen = {unit_id}
    while unit_id in successors:
        unit_id = successors[unit_id]
        if unit_id in seen:
            break
        seen.add(unit_id)
    return unit_id


def units_closed_into(unit_id: int, day: date) -> set[int]:
    """The units closed before `day` whose successors lead to this one (transitively): the
    work left with them is this unit's to carry on, as its people are reminded of it
    (reminders.recipients)."""
    successors = dict(
        db.session.execute(
            select(Unit.id, Unit.successor_id).where(
                Unit.successor_id.is_not(None), Unit.valid_to < day
            )
        ).all()
    )
    return {
        closed
        for closed in successors
        if closed != unit_id and current_unit_of(closed, successors) == unit_id
    }


def lineage(unit: Unit) -> dict[str, list[dict]]:
    """The units this one came from and went to, each with the day and the decision."""

    def edge(other: Unit, link: UnitLink) -> dict:
        return {
            "code": other.code,
            "name": other.name,
            "date": link.effective_date,
            "decision": link.decision,
            "kind": link.kind,
            "partial": link.partial,
        }

    before = db.session.scalars(
        select(UnitLink).where(UnitLink.successor_id == unit.id).order_by(UnitLink.effective_date)
    )
    after = db.session.scalars(
        select(UnitLink).where(UnitLink.predecessor_id == unit.id).order_by(UnitLink.effective_date)
    )
    return {
        "predecessors": [edge(link.predecessor, link) for link in before],
        "successors": [edge(link.successor, link) for link in after],
    }
