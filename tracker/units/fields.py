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
# The unit pages' own addresses under /units/: no unit may be called so.
RESERVED_CODES = frozenset({"new", "groups", "closed-people", "reorganise"})
DECISION_MAX = 300
ALIAS_MAX = 200


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
    if code.lower() in RESERVED_CODES:
        return Problem(
            "unit_code_reserved", _l("%(code)s cannot be a unit's code: choose another."), code=code
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


def decision_problem(decision: str, required: bool = True) -> Problem | None:
    """The decision that ordered a change ("Quyết định số 1234/QĐ-UBND ngày …")."""
    if required and not decision.strip():
        return Problem("decision_required", _l("Name the decision that ordered this change."))
    if len(decision) > DECISION_MAX:
        return too_long(DECISION_MAX)
    return None


def alias_problem(alias: str) -> Problem | None:
    """One other way people write the unit."""
    if len(alias) > ALIAS_MAX:
        return Problem(
            "alias_too_long",
            _l("Each other spelling has at most %(max)s characters."),
            max=ALIAS_MAX,
        )
    return None
