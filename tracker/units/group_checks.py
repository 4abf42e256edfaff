"""The checks of a group's own fields (units.groups): its code and its name. A plan's cell, an
import and expand_owners find a group by its code, name or other spellings, compared by
name_key after the units' codes: so a group's code or name may be no other group's, and not a
unit's code or name either (the unit would win, or the cell would name two owners)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.problems import Problem, required, too_long
from tracker.core.text import name_key, text_problem
from tracker.extensions import db
from tracker.units.models import Unit, UnitGroup

GROUP_CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
GROUP_CODE_MAX = 40
GROUP_NAME_MAX = 200
# The group pages' own addresses under /units/groups/: no group may be called so.
RESERVED_GROUP_CODES = frozenset({"new"})


def _taken_by(text: str, group: UnitGroup | None) -> Unit | UnitGroup | None:
    """The other group, or the unit, already written as `text` (its code or name)."""
    key = name_key(text)
    for other in db.session.scalars(select(UnitGroup)):
        if other is not group and key in {name_key(other.code), name_key(other.name)}:
            return other
    for unit in db.session.scalars(select(Unit)):
        if key in {name_key(unit.code), name_key(unit.name), name_key(unit.short_name)}:
            return unit
    return None


def _taken(text: str, owner: Unit | UnitGroup) -> Problem:
    if isinstance(owner, UnitGroup):
        return Problem(
            "group_name_taken",
            _l("%(text)s is already the code or name of the group %(group)s."),
            group=owner.name,
            text=text,
        )
    return Problem(
        "group_name_is_unit",
        _l("%(text)s is already the code or name of the unit %(unit)s: choose another."),
        unit=owner.name,
        text=text,
    )


def checked_group_code(value: str | None, errors: dict) -> str:
    """A new group's code: 1 to 40 letters, digits, '.', '_' or '-', no other group's or
    unit's."""
    code = (value or "").strip()
    if problem := text_problem(code):
        errors["code"] = problem
    elif not code:
        errors["code"] = required()
    elif not GROUP_CODE_PATTERN.match(code):
        errors["code"] = Problem(
            "group_code_format",
            _l("A group code is 1 to 40 letters or digits (also . _ -), without spaces."),
        )
    elif code.lower() in RESERVED_GROUP_CODES:
        errors["code"] = Problem(
            "group_code_reserved",
            _l("%(code)s cannot be a group's code: choose another."),
            code=code,
        )
    elif owner := _taken_by(code, None):
        errors["code"] = _taken(code, owner)
    return code


def checked_group_name(value: str | None, errors: dict, group: UnitGroup | None = None) -> str:
    """A group's name (its own present one passes): given, at most GROUP_NAME_MAX characters,
    no other group's or unit's."""
    name = " ".join((value or "").split())
    if problem := text_problem(name):
        errors["name"] = problem
    elif not name:
        errors["name"] = required()
    elif len(name) > GROUP_NAME_MAX:
        errors["name"] = too_long(GROUP_NAME_MAX)
    elif owner := _taken_by(name, group):
        errors["name"] = _taken(name, owner)
    return name


def unknown_group(code: str) -> Problem:
    return Problem("unknown_group", _l("No group of units has the code %(code)s."), code=code)
