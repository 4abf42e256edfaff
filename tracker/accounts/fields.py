"""What an account's fields may hold: the checks shared by creating and changing a person, and
the unit written as people write it (code, name, short name or alias)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.accounts.emails import email_problem, normalized_email
from tracker.accounts.models import LOCALES, User
from tracker.core.permissions import UNIT_ROLES, USER_ROLES
from tracker.core.problems import Problem, one_of, too_long
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.imports.owners import owner_key
from tracker.units.models import Unit
from tracker.units.services import unit_closed

NAME_MAX = 200
POSITION_MAX = 200
PHONE_MAX = 40
REASON_MAX = 500
# Loose on purpose: people write "0233 3852 111", "+84 (233) 385.2111", "0912-345-678".
PHONE_PATTERN = re.compile(r"[0-9 +.\-()]*")


def email_taken(email: str) -> Problem:
    return Problem(
        "email_taken", _l("An account with the email %(email)s already exists."), email=email
    )


def unknown_unit(text: str) -> Problem:
    return Problem("unknown_unit", _l("No unit has the code or name “%(unit)s”."), unit=text)


def ambiguous_unit(text: str, names: list[str]) -> Problem:
    return Problem(
        "ambiguous_unit",
        _l("“%(unit)s” may be any of: %(names)s. Give the unit's code."),
        unit=text,
        names=names,
    )


def unit_required() -> Problem:
    return Problem(
        "unit_required", _l("A unit lead or a unit's staff member belongs to a unit: choose it.")
    )


def not_a_phone() -> Problem:
    return Problem(
        "not_a_phone",
        _l("Write the phone number with digits, spaces and + . - ( ) only."),
    )


def find_unit(written: str) -> Unit | Problem:
    """The unit `written` names: by its code first (any case), else by its name, short name or
    an alias compared as the plan importer compares them (no case, diacritics or punctuation)."""
    text = " ".join((written or "").split())
    by_code = db.session.scalar(select(Unit).where(func.upper(Unit.code) == text.upper()))
    if by_code is not None:
        return by_code
    wanted = owner_key(text)
    found: dict[int, Unit] = {}
    if wanted:
        for unit in db.session.scalars(select(Unit)):
            names = (unit.code, unit.name, unit.short_name, *(unit.aliases or []))
            if any(owner_key(name or "") == wanted for name in names):
                found[unit.id] = unit
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        return ambiguous_unit(text, sorted(f"{u.name} ({u.code})" for u in found.values()))
    return unknown_unit(text)


def unit_of(value, errors: dict) -> Unit | None:
    """A Unit, or a code or name to find; empty is no unit. A problem goes to errors["unit"]."""
    if value is None or isinstance(value, Unit):
        return value
    text = str(value).strip()
    if not text:
        return None
    found = find_unit(text)
    if isinstance(found, Problem):
        errors["unit"] = found
        return None
    return found


def unit_to_join(value, errors: dict, current: Unit | None = None) -> Unit | None:
    """unit_of, for the unit a person is put in: it must exist today (a closed unit's people
    move to today's units), unless the person is in it already."""
    unit = unit_of(value, errors)
    today = local_today()
    if unit is not None and unit is not current and not unit.is_valid_on(today):
        errors["unit"] = unit_closed(unit.code, today)
        return None
    return unit


def checked_email(value, errors: dict, user: User | None = None) -> str:
    email = normalized_email(str(value or ""))
    if problem := email_problem(email):
        errors["email"] = problem
        return email
    owner = db.session.scalar(select(User).where(User.email == email))
    if owner is not None and owner is not user:
        errors["email"] = email_taken(email)
    return email


def checked_name(value, errors: dict) -> str:
    return checked_text(str(value or ""), "name", errors, NAME_MAX)


def checked_position(value, errors: dict) -> str:
    return checked_text(str(value or ""), "position", errors, POSITION_MAX, required=False)


def checked_phone(value, errors: dict) -> str:
    phone = " ".join(str(value or "").split())
    if len(phone) > PHONE_MAX:
        errors["phone"] = too_long(PHONE_MAX)
    elif phone and (not PHONE_PATTERN.fullmatch(phone) or not re.search(r"\d", phone)):
        errors["phone"] = not_a_phone()
    return phone


def checked_role(value, errors: dict) -> str:
    role = str(value or "").strip()
    if role not in USER_ROLES:
        errors["role"] = one_of(USER_ROLES)
    return role


def checked_locale(value, errors: dict) -> str:
    locale = str(value or "").strip()
    if locale not in LOCALES:
        errors["locale"] = one_of(LOCALES)
    return locale


def checked_reason(value, errors: dict, required: bool) -> str:
    return checked_text(str(value or ""), "reason", errors, REASON_MAX, required=required)


def check_unit_for_role(role: str, unit: Unit | None, errors: dict) -> None:
    if role in UNIT_ROLES and unit is None and "unit" not in errors and "role" not in errors:
        errors["unit"] = unit_required()
