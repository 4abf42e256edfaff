"""A group's members over time: the office adds a unit from a day and ends a membership on a
day. A membership that ended is kept (a task assigned before still expanded to that unit:
units.services.expand_owners reads the members of the assigned day); none is ever deleted."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.problems import Problem
from tracker.core.transactions import lock_key, lock_row
from tracker.extensions import db
from tracker.units.admin_checks import (
    check_manages_units,
    checked_day,
    chosen_unit,
)
from tracker.units.lifecycle import day_before
from tracker.units.models import UnitGroup, UnitGroupMembership


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


def _overlaps(membership: UnitGroupMembership, since: date) -> bool:
    return membership.valid_to is None or membership.valid_to >= since


def add_membership(actor, group: UnitGroup, unit_code: str, since: date | None):
    """The unit belongs to the group from `since` (a day the unit exists, not after today)."""
    check_manages_units(actor)
    # One change of the group at a time, checked against what the last one left.
    lock_key("reorganise", "units")
    lock_row(group)
    db.session.expire(group, ["memberships"])
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
