"""Units and groups: lookups and the one expansion of a group into its member units."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.audit.services import record
from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can, is_lead_of
from tracker.core.problems import Problem
from tracker.core.text import name_key
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units.models import UNIT_KINDS, Unit, UnitGroup, UnitGroupMembership


def unknown_unit(code: str) -> Problem:
    return Problem("unknown_unit", _l("No unit has the code %(code)s."), code=code)


class UnitClosed(KeyError):
    """A unit named for a day it did not exist on (closed by then, or not yet made)."""

    def __init__(self, code: str, day: date) -> None:
        super().__init__(code)
        self.code, self.day = code, day


def unit_closed(code: str, day: date) -> Problem:
    return Problem(
        "unit_closed",
        _l("The unit %(code)s does not exist on %(day)s (it was closed or not yet created)."),
        code=code,
        day=day,
    )


def expand_owners(codes: list[str], on: date | None = None) -> list[Unit]:
    """Unit codes and group codes (or group names) → the distinct units, in the given order,
    as they stood on `on` (today when not given): a group gives its members of that day that
    exist that day.

    This is the one place a group becomes one assignment per member unit. Codes and names
    compare by name_key (any case, NFC or NFD alike). An unknown code raises KeyError naming
    it; a unit that does not exist on the day raises UnitClosed (a KeyError too).
    """
    day = on or local_today()
    units_by_code = {name_key(u.code): u for u in db.session.scalars(select(Unit))}
    groups = list(
        db.session.scalars(
            select(UnitGroup).options(
                selectinload(UnitGroup.memberships).selectinload(UnitGroupMembership.unit)
            )
        )
    )
    groups_by_key = {}
    for group in groups:
        groups_by_key[name_key(group.code)] = group
        groups_by_key[name_key(group.name)] = group
    result: list[Unit] = []
    seen: set[int] = set()
    for code in codes:
        key = name_key(code)
        if key in units_by_code:
            unit = units_by_code[key]
            if not unit.is_valid_on(day):
                raise UnitClosed(unit.code, day)
            members = [unit]
        elif key in groups_by_key:
            members = [u for u in groups_by_key[key].members_on(day) if u.is_valid_on(day)]
        else:
            raise KeyError(code)
        for unit in members:
            if unit.id not in seen:
                seen.add(unit.id)
                result.append(unit)
    return result


def units_by_kind(on: date | None = None) -> dict[str, list[Unit]]:
    """Units by kind, by code: every unit, or those existing on `on`."""
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for unit in db.session.scalars(select(Unit).order_by(Unit.kind, Unit.code)):
        if on is None or unit.is_valid_on(on):
            grouped[unit.kind].append(unit)
    return {kind: grouped[kind] for kind in UNIT_KINDS if grouped[kind]}


def all_groups() -> list[UnitGroup]:
    return list(
        db.session.scalars(
            select(UnitGroup).options(selectinload(UnitGroup.members)).order_by(UnitGroup.code)
        )
    )


def get_unit(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def set_member_reports_need_lead(actor, unit: Unit, value: bool) -> None:
    """A unit decides whether its staff's reports of done wait for the lead's agreement."""

    if not (is_lead_of(actor, unit.id) or can(actor, "manage_plans")):
        raise Forbidden(
            Problem(
                "unit_lead_or_office",
                _l("Only the unit's lead or the provincial office may change this."),
            )
        )
    if unit.member_reports_need_lead != value:
        unit.member_reports_need_lead = value
        record("unit.settings", actor=actor, target=unit, member_reports_need_lead=value)
        db.session.commit()
