"""The checks of the office's changes to units, shared by its services (units.admin,
units.groups, units.closed_people): who may change units, effective days (given, not in the
future), decisions, codes, names, other spellings, a commune's district, and the day a rename
may take effect."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can
from tracker.core.problems import Problem, required
from tracker.core.text import text_problem
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units.fields import alias_problem, code_problem, decision_problem, name_problem
from tracker.units.models import Unit, UnitName
from tracker.units.services import unknown_unit


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
    text = " ".join((value or "").split())
    if problem := text_problem(text) or decision_problem(text, needed):
        errors["decision"] = problem
    return text


def checked_name(value: str | None, name: str, errors: dict, limit: int) -> str:
    text = " ".join((value or "").split())
    if problem := text_problem(text) or name_problem(text, limit):
        errors[name] = problem
    return text


def checked_code(value: str | None, errors: dict) -> str:
    code = (value or "").strip()
    if problem := text_problem(code) or code_problem(code):
        errors["code"] = problem
    return code


def checked_aliases(values: Iterable[str] | str | None, errors: dict) -> list[str]:
    """The other ways people write the unit: one per line (or separated by ";"), each once."""
    if isinstance(values, str):
        values = values.replace(";", "\n").splitlines()
    aliases: list[str] = []
    for value in values or ():
        alias = " ".join(str(value).split())
        if problem := text_problem(alias) or alias_problem(alias):
            errors["aliases"] = problem
        elif alias and alias not in aliases:
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


def chosen_unit(code: str | None, day: date | None, errors: dict) -> Unit | None:
    """The unit a form or body names by code, existing on `day` (when given); a problem goes
    to errors["unit"]."""
    text = (code or "").strip()
    unit = find_unit(text)
    if not text:
        errors["unit"] = Problem("unit_required", _l("Choose a unit."))
    elif unit is None:
        errors["unit"] = unknown_unit(text)
    elif day is not None and not unit.is_valid_on(day):
        errors["unit"] = not_on_day(unit, day)
    else:
        return unit
    return None


def district_of(code: str | None, kind: str, day: date, errors: dict) -> Unit | None:
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


def division_required() -> Problem:
    return Problem(
        "division_type_required",
        _l("Choose the commune's division type (xã, phường, thị trấn or đặc khu)."),
    )


def last_renamed_on(unit: Unit) -> date | None:
    """The day the unit took its present name, when it was renamed."""
    last = db.session.scalar(select(func.max(UnitName.valid_to)).where(UnitName.unit_id == unit.id))
    return last + timedelta(days=1) if last is not None else None


def rename_problems(unit: Unit, on: date | None, errors: dict) -> None:
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
