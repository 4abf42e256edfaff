"""What the units pages and API read: the units of a day (or all, the closed ones too), a
unit's history (earlier names, lineage, group memberships), its people and its work."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.assignments.models import FINAL_STATES, Assignment
from tracker.extensions import db
from tracker.units.lifecycle import lineage, names_on
from tracker.units.models import UNIT_KINDS, Unit, UnitGroup, UnitGroupMembership, UnitName


def units_on(day: date | None, *, include_closed: bool = False) -> list[Unit]:
    """The units existing on `day` (all of them with include_closed), by code."""
    query = select(Unit).options(selectinload(Unit.parent), selectinload(Unit.successor))
    if not include_closed and day is not None:
        query = query.where(
            or_(Unit.valid_from.is_(None), Unit.valid_from <= day),
            or_(Unit.valid_to.is_(None), Unit.valid_to >= day),
        )
    return list(db.session.scalars(query.order_by(Unit.code)))


def by_kind(units: list[Unit]) -> dict[str, list[Unit]]:
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        grouped[unit.kind].append(unit)
    return {kind: grouped[kind] for kind in UNIT_KINDS if grouped[kind]}


def names_of_day(units: list[Unit], day: date) -> dict[int, tuple[str, str]]:
    """(name, short name) of each unit as it was called on `day`."""
    earlier = names_on([u.id for u in units], day)
    return {u.id: earlier.get(u.id, (u.name, u.short_name)) for u in units}


def groups_with_memberships() -> list[UnitGroup]:
    return list(
        db.session.scalars(
            select(UnitGroup)
            .options(
                selectinload(UnitGroup.memberships).selectinload(UnitGroupMembership.unit),
                selectinload(UnitGroup.members),
            )
            .order_by(UnitGroup.code)
        )
    )


@dataclass
class UnitHistory:
    """What a unit's page shows beside its own fields."""

    earlier_names: list[UnitName]
    lineage: dict[str, list[dict]]
    memberships: list[UnitGroupMembership]
    people: list[User]
    open_count: int
    done_count: int
    children: list[Unit] = field(default_factory=list)


def history_of(unit: Unit) -> UnitHistory:
    earlier = db.session.scalars(
        select(UnitName).where(UnitName.unit_id == unit.id).order_by(UnitName.valid_to)
    )
    memberships = db.session.scalars(
        select(UnitGroupMembership)
        .where(UnitGroupMembership.unit_id == unit.id)
        .options(selectinload(UnitGroupMembership.group))
        .order_by(UnitGroupMembership.valid_from.nulls_first())
    )
    people = db.session.scalars(
        select(User).where(User.unit_id == unit.id, User.active).order_by(User.full_name)
    )
    open_count, done_count = db.session.execute(
        select(
            func.count().filter(Assignment.state.not_in(FINAL_STATES)),
            func.count().filter(Assignment.state == "done"),
        ).where(Assignment.unit_id == unit.id)
    ).one()
    return UnitHistory(
        earlier_names=list(earlier),
        lineage=lineage(unit),
        memberships=list(memberships),
        people=list(people),
        open_count=open_count,
        done_count=done_count,
        children=list(unit.children),
    )
