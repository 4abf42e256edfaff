"""People whose unit is closed: the office moves each to the unit that took over (suggested:
the closed unit's successor, followed to today's unit). The move is the people service's
change of a person's unit, so that its rules (who may manage whom) and its audit stay one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.accounts.models import User
from tracker.core.exceptions import require
from tracker.core.problems import Problem, required
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.people import services as people
from tracker.units.admin_checks import check_manages_units, chosen_unit
from tracker.units.lifecycle import current_unit_of, successor_map
from tracker.units.models import Unit


@dataclass
class StrandedPerson:
    """An active account whose unit is closed, with the unit its work went to, when there is
    one that exists today."""

    user: User
    unit: Unit
    suggested: Unit | None


def people_of_closed_units(today: date | None = None) -> list[StrandedPerson]:
    today = today or local_today()
    users = db.session.scalars(
        select(User)
        .join(Unit, User.unit_id == Unit.id)
        .where(User.active, Unit.valid_to.is_not(None), Unit.valid_to < today)
        .options(selectinload(User.unit))
        .order_by(Unit.code, User.full_name)
    )
    users = list(users)
    successors = successor_map()
    became = {
        user.unit_id: current_unit_of(user.unit_id, successors)
        for user in users
        if user.unit.successor_id is not None
    }
    # Today's units they became, read at once (not one query per person).
    heirs = {
        unit.id: unit
        for unit in db.session.scalars(select(Unit).where(Unit.id.in_(set(became.values()))))
        if unit.is_valid_on(today)
    }
    return [StrandedPerson(user, user.unit, heirs.get(became.get(user.unit_id))) for user in users]


def move_person(actor, user: User, unit_code: str, reason: str) -> dict:
    """Put the person in the unit `unit_code` (one that exists today); returns what changed."""
    check_manages_units(actor)
    errors: dict[str, Problem] = {}
    target = chosen_unit(unit_code, local_today(), errors)
    if not (reason or "").strip():
        errors["reason"] = required()
    require(errors)
    changes = people.update_person(actor, user, unit=target, reason=reason)
    people.commit()
    return changes
