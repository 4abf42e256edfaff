"""The office keeps the province's organisation as decided: it creates a unit, renames it (the
old name stays an alias and in the unit's history), sets its kind, division type, district
and other spellings, and dissolves it (its open work to a successor). One set of rules for the
units pages and the units API; each service checks everything first, refuses with a Problem
next to each field, then applies the change through units.lifecycle / units.closing and
commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.assignments.models import AssignmentTransfer
from tracker.audit.services import record
from tracker.core.exceptions import Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, required, too_long
from tracker.core.text import text_problem
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units.closing import close_into
from tracker.units.fields import code_problem, kind_problems, name_problem
from tracker.units.lifecycle import rename_unit
from tracker.units.models import Unit, UnitName
from tracker.units.services import unknown_unit

DECISION_MAX = 300
ALIAS_MAX = 200
NAME_MAX = 200
SHORT_NAME_MAX = 80
# The unit pages' own addresses under /units/: no unit may be called so.
RESERVED_CODES = frozenset({"new", "groups", "closed-people", "reorganise"})
CHANGEABLE = ("name", "short_name", "kind", "division_type", "district", "aliases")


def units_office_only() -> Problem:
    return Problem(
        "units_office_only", _l("Only the provincial office may change units and groups.")
    )


def check_manages_units(actor) -> None:
    if not can(actor, "manage_units"):
        raise Forbidden(units_office_only())


def dissolve_alone() -> Problem:
    return Problem(
        "dissolve_alone", _l("Dissolve a unit in a request of its own, without other changes.")
    )


def in_future(day: date) -> Problem:
    return Problem(
        "effective_in_future",
        _l("%(day)s has not come yet: the office applies the change on that day."),
        day=day,
    )


def checked_day(day: date | None, name: str, errors: dict, *, needed: bool = True):
    """An effective day: given (when needed) and not after today."""
    if day is None:
        if needed:
            errors[name] = required()
        return None
    if day > local_today():
        errors[name] = in_future(day)
    return day


def checked_decision(value: str | None, errors: dict, *, needed: bool = True) -> str:
    """The decision that ordered a change ("Quyết định số 1234/QĐ-UBND ngày …")."""
    text = " ".join((value or "").split())
    if problem := text_problem(text):
        errors["decision"] = problem
    elif needed and not text:
        errors["decision"] = Problem(
            "decision_required", _l("Name the decision that ordered this change.")
        )
    elif len(text) > DECISION_MAX:
        errors["decision"] = too_long(DECISION_MAX)
    return text


def _checked_name(value: str | None, name: str, errors: dict, limit: int) -> str:
    text = " ".join((value or "").split())
    if problem := text_problem(text) or name_problem(text, limit):
        errors[name] = problem
    return text


def checked_code(value: str | None, errors: dict) -> str:
    code = (value or "").strip()
    if problem := text_problem(code) or code_problem(code):
        errors["code"] = problem
    elif code.lower() in RESERVED_CODES:
        errors["code"] = Problem(
            "unit_code_reserved", _l("%(code)s cannot be a unit's code: choose another."), code=code
        )
    return code


def checked_aliases(values: Iterable[str] | str | None, errors: dict) -> list[str]:
    """The other ways people write the unit: one per line (or separated by ";"), each at most
    200 characters, each once."""
    if isinstance(values, str):
        values = values.replace(";", "\n").splitlines()
    aliases: list[str] = []
    for value in values or ():
        alias = " ".join(str(value).split())
        if not alias:
            continue
        if problem := text_problem(alias):
            errors["aliases"] = problem
        elif len(alias) > ALIAS_MAX:
            errors["aliases"] = Problem(
                "alias_too_long",
                _l("Each other spelling has at most %(max)s characters."),
                max=ALIAS_MAX,
            )
        elif alias not in aliases:
            aliases.append(alias)
    return aliases


def find_unit(code: str | None) -> Unit | None:
    text = (code or "").strip()
    if not text or text_problem(text):
        return None
    return db.session.scalar(select(Unit).where(Unit.code == text))


def not_on_day(unit: Unit, day: date) -> Problem:
    return Problem(
        "unit_not_on_day",
        _l("%(unit)s does not exist on %(day)s."),
        unit=unit.name,
        day=day,
    )


def _district(code: str | None, kind: str, day: date, errors: dict) -> Unit | None:
    """The district-level unit a commune belonged to (until 2025), by its code; none for
    other kinds."""
    if not code:
        return None
    district = find_unit(code)
    if kind != "commune":
        errors["district"] = Problem(
            "district_for_commune", _l("Only a commune-level unit belongs to a district.")
        )
    elif district is None:
        errors["district"] = unknown_unit(code)
    elif district.kind != "district":
        errors["district"] = Problem(
            "not_a_district", _l("%(unit)s is not a district-level unit."), unit=district.name
        )
    elif not district.is_valid_on(day):
        errors["district"] = not_on_day(district, day)
    return district


def _division_required() -> Problem:
    return Problem(
        "division_type_required",
        _l("Choose the commune's division type (xã, phường, thị trấn or đặc khu)."),
    )


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
    name = _checked_name(name, "name", errors, NAME_MAX)
    if (short_name or "").strip():
        short_name = _checked_name(short_name, "short_name", errors, SHORT_NAME_MAX)
    elif "name" not in errors:  # the full name, when it is short enough
        short_name = _checked_name(name, "short_name", errors, SHORT_NAME_MAX)
    division_type = division_type or None
    errors.update(kind_problems(kind, division_type))
    if kind == "commune" and not division_type:
        errors["division_type"] = _division_required()
    checked_day(valid_from, "valid_from", errors, needed=False)
    parent = _district(district, kind, valid_from or local_today(), errors)
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


def last_renamed_on(unit: Unit) -> date | None:
    """The day the unit took its present name, when it was renamed."""
    last = db.session.scalar(select(func.max(UnitName.valid_to)).where(UnitName.unit_id == unit.id))
    return last + timedelta(days=1) if last is not None else None


def _rename_problems(unit: Unit, on: date | None, errors: dict) -> None:
    """A rename takes effect on a day the unit exists, after its creation and its last rename."""
    if on is None or "effective_date" in errors:
        return
    since = max(filter(None, (unit.valid_from, last_renamed_on(unit))), default=None)
    if since is not None and on <= since:
        errors["effective_date"] = Problem(
            "rename_too_early",
            _l("Choose a day after %(day)s: the unit bore its present name from then."),
            day=since,
        )
    elif unit.valid_to is not None and on > unit.valid_to:
        errors["effective_date"] = unit_closed_already(unit)


def unit_closed_already(unit: Unit) -> Problem:
    return Problem(
        "unit_closed_already",
        _l("%(unit)s was closed: its last day was %(day)s."),
        unit=unit.name,
        day=unit.valid_to,
    )


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
    errors: dict[str, Problem] = {}
    name = unit.name
    short_name = unit.short_name
    if changes.get("name") is not None:
        name = _checked_name(changes["name"], "name", errors, NAME_MAX)
    if changes.get("short_name") is not None:
        short_name = _checked_name(changes["short_name"], "short_name", errors, SHORT_NAME_MAX)
    renaming = (name, short_name) != (unit.name, unit.short_name)
    if renaming:
        checked_day(effective_date, "effective_date", errors)
        decision = checked_decision(decision, errors)
        _rename_problems(unit, effective_date, errors)
    kind = changes.get("kind") or unit.kind
    wanted: dict = {"kind": kind}
    if "division_type" in changes or kind != "commune":
        wanted["division_type"] = changes.get("division_type") or None
    division_type = wanted.get("division_type", unit.division_type)
    errors.update(kind_problems(kind, division_type))
    if kind == "commune" and not division_type and kind != unit.kind:
        errors["division_type"] = _division_required()
    if changes.get("district"):
        if unit.parent is None or changes["district"] != unit.parent.code:
            day = min(local_today(), unit.valid_to or local_today())
            wanted["parent"] = _district(changes["district"], kind, day, errors)
    elif "district" in changes or kind != "commune":
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
