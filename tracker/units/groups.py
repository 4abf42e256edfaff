"""The office's groups of units: it creates a group, renames it (the old name stays one of its
other spellings, so that plans written before still name it) and keeps its members over time:
it adds a unit from a day and ends a membership on a day. A membership that ended is kept (a
task assigned before still expanded to that unit: units.services.expand_owners reads the
members of the assigned day); none is ever deleted. Each change takes the reorganisation's
lock and reads the group again under a row lock, so that racing offices leave one winner."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.audit.services import record
from tracker.core.exceptions import NotFound, require
from tracker.core.problems import Problem
from tracker.core.transactions import lock_key, lock_row
from tracker.extensions import db
from tracker.units.admin_checks import (
    check_manages_units,
    checked_aliases,
    checked_day,
    chosen_unit,
    find_unit,
)
from tracker.units.group_checks import checked_group_code, checked_group_name
from tracker.units.lifecycle import day_before
from tracker.units.models import Unit, UnitGroup, UnitGroupMembership
from tracker.units.services import unknown_unit


def get_group(code: str) -> UnitGroup | None:
    return db.session.scalar(
        select(UnitGroup)
        .where(UnitGroup.code == code)
        .options(selectinload(UnitGroup.memberships).selectinload(UnitGroupMembership.unit))
    )


def memberships_of(group: UnitGroup) -> list[UnitGroupMembership]:
    """The group's memberships, the current ones first, each by its unit's code then its
    first day."""
    return sorted(
        group.memberships,
        key=lambda m: (m.valid_to is not None, m.unit.code, m.valid_from or date.min),
    )


def lock_group_changes(group: UnitGroup | None = None) -> None:
    """One change of the organisation at a time (units, groups and the reorganisation take the
    same lock), and the group read again as the last change left it."""
    lock_key("reorganise", "units")
    if group is not None:
        lock_row(group)
        db.session.expire(group, ["memberships"])


def create_group(actor, *, code: str, name: str, aliases: Iterable[str] | str = ()) -> UnitGroup:
    """A new group, without members yet (the office adds them, each from a day)."""
    check_manages_units(actor)
    lock_group_changes()
    errors: dict[str, Problem] = {}
    code = checked_group_code(code, errors)
    name = checked_group_name(name, errors)
    aliases = [a for a in checked_aliases(aliases, errors) if a != name]
    require(errors)
    group = UnitGroup(code=code, name=name, aliases=aliases)
    db.session.add(group)
    db.session.flush()
    record("unit_group.create", actor=actor, target=group, code=code, name=name)
    db.session.commit()
    return group


def update_group(
    actor, group: UnitGroup, *, name: str | None = None, aliases: Iterable[str] | str | None = None
) -> dict[str, list]:
    """Rename the group and/or replace its other spellings (None: unchanged); returns
    {field: [before, after]} of what changed. A renamed group keeps its old name among its
    other spellings: a plan or an import that writes it so still finds the group."""
    check_manages_units(actor)
    lock_group_changes(group)
    errors: dict[str, Problem] = {}
    new_name = group.name if name is None else checked_group_name(name, errors, group)
    spellings = list(group.aliases or [])
    if aliases is not None:
        spellings = checked_aliases(aliases, errors)
    require(errors)
    if new_name != group.name:
        spellings = [*spellings, group.name]
    spellings = [a for a in dict.fromkeys(spellings) if a != new_name]
    diff: dict[str, list] = {}
    if new_name != group.name:
        diff["name"] = [group.name, new_name]
        group.name = new_name
    if spellings != list(group.aliases or []):
        diff["aliases"] = [list(group.aliases or []), spellings]
        group.aliases = spellings
    if diff:
        record("unit_group.update", actor=actor, target=group, changes=diff)
        db.session.commit()
    return diff


def not_a_member(unit: Unit, group: UnitGroup) -> Problem:
    return Problem(
        "not_a_member",
        _l("%(unit)s has never belonged to %(group)s."),
        unit=unit.name,
        group=group.name,
    )


def membership_to_end(group: UnitGroup, unit_code: str) -> UnitGroupMembership:
    """The unit's membership of the group to end: its open one, else its latest (ended, so
    that ending it again is refused with its last day). NotFound when no unit has the code or
    the unit never belonged to the group."""
    unit = find_unit(unit_code)
    if unit is None:
        raise NotFound(unknown_unit(unit_code))
    mine = [m for m in group.memberships if m.unit_id == unit.id]
    if not mine:
        raise NotFound(not_a_member(unit, group))
    return max(mine, key=lambda m: (m.valid_to is None, m.valid_to or date.min))


def _overlaps(membership: UnitGroupMembership, since: date) -> bool:
    return membership.valid_to is None or membership.valid_to >= since


def add_membership(actor, group: UnitGroup, unit_code: str, since: date | None):
    """The unit belongs to the group from `since` (a day the unit exists, not after today)."""
    check_manages_units(actor)
    # One change of the group at a time, checked against what the last one left.
    lock_group_changes(group)
    errors: dict[str, Problem] = {}
    checked_day(since, "valid_from", errors)
    unit = chosen_unit(unit_code, since, errors)
    if (
        unit is not None
        and since is not None
        and any(m.unit_id == unit.id and _overlaps(m, since) for m in group.memberships)
    ):
        errors["unit"] = Problem(
            "already_member",
            _l("%(unit)s already belongs to %(group)s on that day."),
            unit=unit.name,
            group=group.name,
        )
    require(errors)
    # A unit closed since then was a member until its last day.
    membership = UnitGroupMembership(
        group=group, unit=unit, valid_from=since, valid_to=unit.valid_to
    )
    db.session.add(membership)
    record(
        "unit_group.add_member",
        actor=actor,
        target=group,
        unit=unit.code,
        valid_from=since.isoformat(),
    )
    db.session.commit()
    return membership


def end_membership(actor, membership: UnitGroupMembership, on: date | None) -> None:
    """From `on` the unit no longer belongs to the group (its last day is the day before)."""
    check_manages_units(actor)
    lock_key("reorganise", "units")
    lock_row(membership)
    errors: dict[str, Problem] = {}
    checked_day(on, "effective_date", errors)
    if membership.valid_to is not None:
        errors["effective_date"] = Problem(
            "membership_ended",
            _l("This membership ended already: its last day was %(day)s."),
            day=membership.valid_to,
        )
    elif on is not None and membership.valid_from is not None and on <= membership.valid_from:
        errors["effective_date"] = Problem(
            "membership_too_early",
            _l("Choose a day after %(day)s, the membership's first day."),
            day=membership.valid_from,
        )
    require(errors)
    membership.valid_to = day_before(on)
    record(
        "unit_group.end_member",
        actor=actor,
        target=membership.group,
        unit=membership.unit.code,
        valid_to=membership.valid_to.isoformat(),
    )
    db.session.commit()
