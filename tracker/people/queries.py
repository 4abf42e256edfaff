"""Finding people: the users list's filters and search, and an account's state.

The search compares names and addresses as people type them (no case, no diacritics: "nguyen
van an" finds "Nguyễn Văn An") the same way on PostgreSQL and SQLite, so it folds in Python
(core.text.fold) over the rows the other filters leave, and orders them there too (no database
collation puts "Đặng" among the D's) — a province has hundreds of accounts, not millions."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from tracker.accounts import fields
from tracker.accounts.models import User
from tracker.audit.models import AuditEvent
from tracker.core.exceptions import Forbidden, require
from tracker.core.problems import Problem, one_of, out_of_range
from tracker.core.text import fold
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.people.rules import may_manage_anyone, refusal
from tracker.units.models import Unit

STATES = ("invited", "active", "disabled")
STATE_LABELS = {
    "invited": _l("Awaiting activation"),
    "active": _l("Active"),
    "disabled": _l("Disabled"),
}
LAST_LOGIN_FILTERS = ("never", "30d", "90d_plus")
LAST_LOGIN_LABELS = {
    "never": _l("Never signed in"),
    "30d": _l("Signed in within 30 days"),
    "90d_plus": _l("Not for 90 days or never"),
}
MAX_PER_PAGE = 200
# The list's filters, named where the page says what is wrong with one.
FILTER_LABELS = {
    "unit": _l("Unit"),
    "role": _l("Role"),
    "state": _l("State"),
    "last_login": _l("Last login"),
    "page": _l("Page"),
    "per_page": _l("Page"),
}


def account_state(user: User) -> str:
    """ "invited" until the person has chosen a password, "disabled" once disabled."""
    if not user.active:
        return "disabled"
    if user.password_hash is None:
        return "invited"
    return "active"


def _state_condition(state: str):
    if state == "disabled":
        return User.active.is_(False)
    if state == "invited":
        return User.active.is_(True) & User.password_hash.is_(None)
    return User.active.is_(True) & User.password_hash.is_not(None)


def _last_login_condition(last_login: str):
    if last_login == "never":
        return User.last_login_at.is_(None)
    if last_login == "30d":
        return User.last_login_at >= utcnow() - timedelta(days=30)
    return or_(User.last_login_at.is_(None), User.last_login_at < utcnow() - timedelta(days=90))


def _unit_filter(unit, errors: dict) -> int | None:
    if isinstance(unit, int) and not isinstance(unit, bool):
        return unit
    found = fields.unit_of(unit, errors)
    return found.id if found is not None else None


def _filtered(actor, unit, role, active, state, last_login, errors: dict):
    query = select(User).outerjoin(Unit, User.unit_id == Unit.id)
    if actor.role == "unit_lead":  # a lead sees their own unit's people, nobody else
        query = query.where(User.unit_id == actor.unit_id if actor.unit_id is not None else false())
    if unit not in (None, ""):
        unit_id = _unit_filter(unit, errors)
        if actor.role == "unit_lead" and "unit" not in errors and unit_id != actor.unit_id:
            raise Forbidden(refusal(actor))  # another unit's people, asked for by name: 403
        query = query.where(User.unit_id == unit_id)
    if role not in (None, ""):
        query = query.where(User.role == fields.checked_role(role, errors))
    if active is not None:
        query = query.where(User.active.is_(bool(active)))
    if state not in (None, ""):
        if state in STATES:
            query = query.where(_state_condition(state))
        else:
            errors["state"] = one_of(STATES)
    if last_login not in (None, ""):
        if last_login in LAST_LOGIN_FILTERS:
            query = query.where(_last_login_condition(last_login))
        else:
            errors["last_login"] = one_of(LAST_LOGIN_FILTERS)
    return query


def _ordered_ids(query, q: str | None) -> list[int]:
    """The matching ids, people of no unit (the office, administrators, readers) first, then
    unit by unit, each by name, compared without diacritics ("Đặng" among the D's, which no
    database collation does alike)."""
    words = fold(q or "").split()
    rows = db.session.execute(
        query.with_only_columns(User.id, User.full_name, User.email, Unit.name)
    ).all()
    matching = [
        (unit_name is not None, fold(unit_name or ""), fold(name), user_id)
        for user_id, name, email, unit_name in rows
        if all(word in fold(f"{name} {email}") for word in words)
    ]
    return [key[-1] for key in sorted(matching)]


def _page_problem(page, per_page, errors: dict) -> None:
    if not isinstance(page, int) or page < 1:
        errors["page"] = out_of_range(1, 1_000_000)
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        errors["per_page"] = out_of_range(1, MAX_PER_PAGE)


def search_people(
    actor,
    *,
    unit: Unit | int | str | None = None,
    role: str | None = None,
    active: bool | None = None,
    q: str | None = None,
    last_login: str | None = None,
    state: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[User], int]:
    """One page of the people the actor may see, and how many match in all. `unit` is a Unit,
    its id, or its code or name; `state` is one of STATES; `last_login` one of
    LAST_LOGIN_FILTERS ("90d_plus" includes who never signed in)."""
    may_manage_anyone(actor)
    errors: dict[str, Problem] = {}
    query = _filtered(actor, unit, role, active, state, last_login, errors)
    _page_problem(page, per_page, errors)
    require(errors)
    start = (page - 1) * per_page
    ids = _ordered_ids(query, q)
    page_ids = ids[start : start + per_page]
    found = db.session.scalars(
        select(User).where(User.id.in_(page_ids)).options(selectinload(User.unit))
    )
    by_id = {user.id: user for user in found}
    return [by_id[i] for i in page_ids], len(ids)


def person_history(user: User, limit: int = 30) -> list[AuditEvent]:
    """What was done to the account, and by it (its sign-ins included), newest first."""
    about = (AuditEvent.target_type == "user") & (AuditEvent.target_id == user.id)
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(or_(about, AuditEvent.actor_id == user.id))
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
