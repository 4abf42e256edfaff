"""The office keeps the province's organisation as decided: it creates a unit, renames it (the
old name stays an alias and in the unit's history), sets its kind, division type, district
and other spellings, and dissolves it (its open work to a successor). One set of rules for the
units pages and the units API; each service checks everything first, refuses with a Problem
next to each field, then applies the change through units.lifecycle / units.closing and
commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.assignments.models import AssignmentTransfer
from tracker.audit.services import record
from tracker.core.exceptions import require
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.core.transactions import lock_key, lock_row
from tracker.extensions import db
from tracker.units.admin_checks import (
    check_manages_units,
    checked_aliases,
    checked_code,
    checked_day,
    checked_decision,
    checked_name,
    district_of,
    division_required,
    find_unit,
    not_on_day,
    rename_problems,
    unit_closed_already,
)
from tracker.units.closing import close_into
from tracker.units.districts import district_on
from tracker.units.fields import kind_problems
from tracker.units.lifecycle import rename_unit
from tracker.units.models import Unit
from tracker.units.services import unknown_unit

NAME_MAX = 200
SHORT_NAME_MAX = 80
CHANGEABLE = ("name", "short_name", "kind", "division_type", "district", "aliases")


def create_unit(
    actor,
    *,
    code: str,
    name: str,
    short_name: str = "",
    kind: str,
    division_type: str | None = None,
    district: str | None = None,
    valid_from: date | None = None,
    aliases: Iterable[str] | str = (),
) -> Unit:
    """A new unit, existing from `valid_from` (since ever when not given)."""
    check_manages_units(actor)
    errors: dict[str, Problem] = {}
    code = checked_code(code, errors)
    name = checked_name(name, "name", errors, NAME_MAX)
    if (short_name or "").strip():
        short_name = checked_name(short_name, "short_name", errors, SHORT_NAME_MAX)
    elif "name" not in errors:  # the full name, when it is short enough
        short_name = checked_name(name, "short_name", errors, SHORT_NAME_MAX)
    division_type = division_type or None
    errors.update(kind_problems(kind, division_type))
    if kind == "commune" and not division_type:
        errors["division_type"] = division_required()
    checked_day(valid_from, "valid_from", errors, needed=False)
    parent = district_of(district, kind, valid_from or local_today(), errors)
    aliases = checked_aliases(aliases, errors)
    require(errors)
    unit = Unit(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        division_type=division_type,
        parent=parent,
        valid_from=valid_from,
        aliases=aliases,
    )
    db.session.add(unit)
    db.session.flush()
    record("unit.create", actor=actor, target=unit, code=code, name=name, kind=kind)
    db.session.commit()
    return unit


def _plain(value):
    if isinstance(value, Unit):
        return value.code
    return value


def update_unit(
    actor,
    unit: Unit,
    *,
    effective_date: date | None = None,
    decision: str = "",
    **changes,
) -> dict[str, list]:
    """Change any of CHANGEABLE; returns {field: [before, after]} of what changed. A new name
    or short name is a rename: from `effective_date`, as `decision` ordered (both needed)."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"update_unit() got unknown fields {sorted(unknown)}")
    check_manages_units(actor)
    lock_unit_changes(unit)
    errors: dict[str, Problem] = {}
    name = unit.name
    short_name = unit.short_name
    if changes.get("name") is not None:
        name = checked_name(changes["name"], "name", errors, NAME_MAX)
    if changes.get("short_name") is not None:
        short_name = checked_name(changes["short_name"], "short_name", errors, SHORT_NAME_MAX)
    renaming = (name, short_name) != (unit.name, unit.short_name)
    if renaming:
        checked_day(effective_date, "effective_date", errors)
        decision = checked_decision(decision, errors)
        rename_problems(unit, effective_date, errors)
    kind = changes.get("kind") or unit.kind
    wanted: dict = {"kind": kind}
    if "division_type" in changes or kind != "commune":
        wanted["division_type"] = changes.get("division_type") or None
    division_type = wanted.get("division_type", unit.division_type)
    errors.update(kind_problems(kind, division_type))
    if kind == "commune" and not division_type and kind != unit.kind:
        errors["division_type"] = division_required()
    # The district of today (or of the unit's last day): a commune whose district closed keeps
    # it for the days before, and "no district" is then no change.
    district = district_on(unit)
    if changes.get("district"):
        if district is None or changes["district"] != district.code:
            day = min(local_today(), unit.valid_to or local_today())
            wanted["parent"] = district_of(changes["district"], kind, day, errors)
    elif ("district" in changes and district is not None) or kind != "commune":
        wanted["parent"] = None
    if changes.get("aliases") is not None:
        wanted["aliases"] = checked_aliases(changes["aliases"], errors)
    require(errors)

    diff: dict[str, list] = {}
    for field, value in wanted.items():
        before = getattr(unit, field)
        if _plain(before) != _plain(value):
            diff["district" if field == "parent" else field] = [_plain(before), _plain(value)]
            setattr(unit, field, value)
    if renaming:
        diff["name"] = [unit.name, name]
        if short_name != unit.short_name:
            diff["short_name"] = [unit.short_name, short_name]
        rename_unit(unit, name, short_name, effective_date, decision)
    if diff:
        details = {"effective_date": effective_date, "decision": decision} if renaming else {}
        record("unit.update", actor=actor, target=unit, changes=diff, **_json(details))
        db.session.commit()
    return diff


def lock_unit_changes(unit: Unit) -> None:
    """One change of the organisation at a time (the reorganisation takes the same lock), and
    the unit read again as the last one left it: two offices dissolving a unit at once, or a
    dissolution during a reorganisation, leave exactly one winner."""
    lock_key("reorganise", "units")
    lock_row(unit)


def _json(details: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in details.items()}


def dissolve_unit(
    actor,
    unit: Unit,
    *,
    effective_date: date | None,
    successor: str | Unit | None,
    decision: str,
) -> list[AssignmentTransfer]:
    """From `effective_date` the unit no longer exists; with a successor (a unit existing on
    that day) its open work moves there, done and cancelled work stays with it."""
    check_manages_units(actor)
    lock_unit_changes(unit)
    errors: dict[str, Problem] = {}
    on = checked_day(effective_date, "effective_date", errors)
    decision = checked_decision(decision, errors)
    if unit.valid_to is not None:
        errors["effective_date"] = unit_closed_already(unit)
    elif on is not None and unit.valid_from is not None and on <= unit.valid_from:
        errors["effective_date"] = Problem(
            "dissolve_too_early",
            _l("Choose a day after %(day)s, the unit's first day."),
            day=unit.valid_from,
        )
    target = successor if isinstance(successor, Unit) else None
    if isinstance(successor, str) and successor.strip():
        target = find_unit(successor)
        if target is None:
            errors["successor"] = unknown_unit(successor.strip())
    if target is not None:
        if target.id == unit.id:
            errors["successor"] = Problem(
                "successor_itself", _l("A unit cannot be its own successor.")
            )
        elif on is not None and not target.is_valid_on(on):
            errors["successor"] = not_on_day(target, on)
    require(errors)
    moved = close_into(unit, on, target, decision, actor)
    record(
        "unit.dissolve",
        actor=actor,
        target=unit,
        effective_date=on.isoformat(),
        successor=target.code if target else None,
        decision=decision,
        moved=[transfer.assignment_id for transfer in moved],
    )
    db.session.commit()
    return moved
