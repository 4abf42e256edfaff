"""The checks of a unit's own fields, one set shared by the units pages and API and by
`tracker reorganise` (which creates and renames units from a table's cells)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.problems import Problem, one_of, required, too_long
from tracker.extensions import db
from tracker.units.models import DIVISION_TYPES, UNIT_KINDS, Unit

CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")


def code_problem(code: str) -> Problem | None:
    """Why `code` cannot name a new unit, or None: up to 20 letters, digits, '.', '_' or '-',
    not taken by another unit."""
    if not code:
        return required()
    if not CODE_PATTERN.match(code):
        return Problem(
            "unit_code_format",
            _l("A unit code is 1 to 20 letters or digits (also . _ -), without spaces."),
        )
    if db.session.scalar(select(Unit.id).where(Unit.code == code)):
        return Problem("unit_code_taken", _l("A unit with the code %(code)s exists."), code=code)
    return None


def name_problem(name: str, limit: int = 200) -> Problem | None:
    if not name or not name.strip():
        return required()
    if len(name) > limit:
        return too_long(limit)
    return None


def kind_problems(kind: str, division_type: str | None) -> dict[str, Problem]:
    """A kind of the vocabulary, and a division type only for a commune (where it is one of
    xã, phường, thị trấn, đặc khu)."""
    found: dict[str, Problem] = {}
    if kind not in UNIT_KINDS:
        found["kind"] = one_of(UNIT_KINDS)
    if division_type:
        if kind != "commune":
            found["division_type"] = Problem(
                "division_type_for_commune",
                _l("Only a commune-level unit has a division type."),
            )
        elif division_type not in DIVISION_TYPES:
            found["division_type"] = one_of(DIVISION_TYPES)
    return found
